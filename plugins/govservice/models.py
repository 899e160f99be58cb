"""Online service items (一网通办事项), the policies that govern them, and the patrol's
record of whether each item's link still works.

Which items a policy links to is part of the policy and of its revisions (``ServiceLink``),
reviewed with its bundle. The catalogue (``ServiceItem``) is shared by every policy; its
link's health is the patrol's to keep (``LinkCheck`` is one check, kept as history).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from cms.plugin_api import ReadOnlyPanel


class ServiceItem(models.Model):
    """One item of the online service catalogue, with its link's health."""

    class Audience(models.TextChoices):
        PERSON = "person", _("Individuals")
        ORGANIZATION = "organization", _("Legal persons")
        BOTH = "both", _("Individuals and legal persons")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Offered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Health(models.TextChoices):
        UNCHECKED = "unchecked", _("Not checked yet")
        OK = "ok", _("Working")
        SUSPECT = "suspect", _("Failing, not yet broken")
        BROKEN = "broken", _("Broken")

    code = models.CharField(_("item code"), max_length=64, unique=True)
    name = models.CharField(pgettext_lazy("service item", "name"), max_length=200)
    department = models.CharField(_("department"), max_length=100)
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.BOTH
    )
    url = models.URLField(_("online service address"), max_length=500)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    # The patrol's (health.py); shown, never edited.
    health = models.CharField(
        _("link health"), max_length=10, choices=Health.choices, default=Health.UNCHECKED
    )
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=300, blank=True)
    failures_in_row = models.PositiveIntegerField(default=0)
    hard_failures_in_row = models.PositiveIntegerField(default=0)
    failing_since = models.DateTimeField(null=True, blank=True)
    broken_since = models.DateTimeField(_("broken since"), null=True, blank=True)
    recovered_at = models.DateTimeField(_("recovered at"), null=True, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("status")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("department"), FieldPanel("audience")]),
        FieldPanel("url"),
        MultiFieldPanel(
            [
                ReadOnlyPanel("health"),
                ReadOnlyPanel("last_checked_at"),
                ReadOnlyPanel("last_result"),
            ],
            heading=_("Link patrol"),
        ),
    ]

    class Meta:
        verbose_name = _("online service item")
        verbose_name_plural = _("online service items")
        ordering = ["code"]
        indexes = [models.Index(fields=["health", "last_checked_at"], name="govservice_due")]

    def __str__(self):
        return f"{self.name}（{self.code}）"


class ServiceLink(Orderable):
    """This policy governs an online service item; a 办 button on its pages."""

    policy = ParentalKey("cms.PolicyPage", on_delete=models.CASCADE, related_name="service_links")
    item = models.ForeignKey(
        ServiceItem,
        verbose_name=_("service item"),
        on_delete=models.CASCADE,
        related_name="links",
    )
    note = models.CharField(
        pgettext_lazy("service item", "note"),
        max_length=200,
        blank=True,
        help_text=_("Which clause governs it, say."),
    )

    panels = [FieldRowPanel([FieldPanel("item"), FieldPanel("note")])]

    class Meta(Orderable.Meta):
        verbose_name = _("online service")
        verbose_name_plural = _("online services")

    def __str__(self):
        return str(self.item)


class LinkCheck(models.Model):
    """One check of an item's link by the patrol."""

    class Outcome(models.TextChoices):
        OK = "ok", _("Working")
        SUSPECT = "suspect", _("Suspect")  # 403, 429, 5xx, a timeout: may pass
        # 404, 410, soft 404, a foreign site: broken sooner
        FAILED = "failed", pgettext_lazy("service item", "Failed")

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(_("checked at"))
    outcome = models.CharField(
        pgettext_lazy("service item", "outcome"), max_length=10, choices=Outcome.choices
    )
    status_code = models.PositiveIntegerField(_("HTTP status"), null=True, blank=True)
    reason = models.CharField(pgettext_lazy("service item", "reason"), max_length=300, blank=True)
    final_url = models.URLField(_("final address"), max_length=500, blank=True)
    elapsed_ms = models.PositiveIntegerField(_("time taken (ms)"), default=0)

    class Meta:
        verbose_name = _("link check")
        ordering = ["-checked_at", "-pk"]
        indexes = [models.Index(fields=["item", "-checked_at"], name="govservice_check_item")]

    def __str__(self):
        return f"{self.item_id} {self.checked_at:%Y-%m-%d %H:%M}: {self.outcome}"
