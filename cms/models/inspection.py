"""What the self-inspection (网站自查, cms.inspection) keeps between runs: the internal
link patrol's last run per site and the broken links it found, and the veto risks already
mailed (so the editorial directors hear of each once, when it appears)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InternalLinkPatrol(models.Model):
    """The internal link patrol's last run over one site's pages."""

    site = models.OneToOneField(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", verbose_name=_("site")
    )
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    pages = models.PositiveIntegerField(_("pages checked"), default=0)
    links = models.PositiveIntegerField(_("links checked"), default=0)

    class Meta:
        verbose_name = _("internal link patrol")
        verbose_name_plural = _("internal link patrols")

    def __str__(self):
        return f"{self.site_id}: {self.finished_at:%Y-%m-%d %H:%M}"


class BrokenInternalLink(models.Model):
    """A link on one of the site's live pages (in its text or as an attachment) that does
    not lead anywhere, as the patrol found it; gone once a run finds it working."""

    class Kind(models.TextChoices):
        PAGE = "page", _("Link to a page")
        DOCUMENT = "document", _("Link to a document")
        ATTACHMENT = "attachment", _("Attachment")
        ADDRESS = "address", _("Web address")

    site = models.ForeignKey(
        "wagtailcore.Site", on_delete=models.CASCADE, related_name="+", verbose_name=_("site")
    )
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("page")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    url = models.CharField(_("link"), max_length=1000)
    reason = models.CharField(_("reason"), max_length=300)
    found_at = models.DateTimeField(_("first found"))
    checked_at = models.DateTimeField(_("last checked"))

    class Meta:
        verbose_name = _("broken internal link")
        verbose_name_plural = _("broken internal links")
        ordering = ["site", "page", "url"]
        constraints = [
            models.UniqueConstraint(
                fields=["site", "page", "kind", "url"], name="cms_broken_internal_link_once"
            )
        ]

    def __str__(self):
        return f"{self.url}: {self.reason}"


class VetoAlert(models.Model):
    """A veto risk (单项否决风险) of one indicator on one site, mailed when it appeared;
    removed when the indicator is no longer a veto risk, so a return is mailed again."""

    site = models.ForeignKey("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    since = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "key"], name="cms_veto_alert_once")]

    def __str__(self):
        return f"{self.site_id}: {self.key}"


class SeriousErrorScan(models.Model):
    """A site's last serious-error scan (网站自查, 严重错误), kept in the database: the
    report shows it after a restart or a flushed cache instead of scanning the whole site
    on the first view (cms/inspection/scan.py)."""

    site = models.OneToOneField("wagtailcore.Site", on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=200)  # what it depended on (scan._state)
    scanned_at = models.DateTimeField()
    hits = models.JSONField(default=list)

    def __str__(self):
        return f"{self.site_id}: {self.scanned_at:%Y-%m-%d %H:%M}"
