"""The steps of a request that leave a record: a supplement asked and answered, a pause of
the clock (a third party's opinion, a fee notice), the fee notice itself, the reply letter,
and the files the applicant or the office attached. All of it is private."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.plugin_api import private_storage
from plugins.disclosure_requests import conf
from plugins.disclosure_requests.outcomes import Outcome


def private_files():
    """Where a request's files go: the private storage, never served by the media route."""
    return private_storage()


def attachment_path(instance, filename: str) -> str:
    # The request's id, not the applicant's file name, names the folder: nothing personal
    # in a path that logs and backups show.
    return f"disclosure_requests/{instance.request_id}/{filename}"


class Supplement(models.Model):
    """补正 (art. 30): once, asked within 7 working days of receipt; the reply clock starts
    again when the supplement arrives."""

    request = models.OneToOneField(
        "disclosure_requests.DisclosureRequest", on_delete=models.CASCADE, related_name="supplement"
    )
    asked_on = models.DateField(_("asked"))
    # What the applicant must make clear, and the guidance given (指导和释明).
    asked_text = models.TextField(_("what to supplement"), max_length=2000)
    due_on = models.DateField(_("supplement due"))
    answered_on = models.DateField(_("supplement received"), null=True, blank=True)
    answer = models.TextField(_("the supplement"), max_length=4000, blank=True)

    class Meta:
        verbose_name = _("supplement")
        verbose_name_plural = _("supplements")

    def __str__(self):
        return f"{self.request} · {self._meta.verbose_name}"


class ClockPause(models.Model):
    """A stretch the reply clock does not count: a third party's opinion (art. 32), or the
    time until a fee is paid. Days after ``started_on`` up to and including ``ended_on``
    are not counted; an open pause stops the clock."""

    class Kind(models.TextChoices):
        THIRD_PARTY = "third_party", _("Third party's opinion")
        FEE = "fee", _("Fee notice")

    request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest", on_delete=models.CASCADE, related_name="pauses"
    )
    kind = models.CharField(
        pgettext_lazy("disclosure request", "kind"), max_length=20, choices=Kind.choices
    )
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    # The third party, and its opinion when it came.
    party = models.CharField(_("third party"), max_length=200, blank=True)
    due_on = models.DateField(_("answer due"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("pause of the clock")
        verbose_name_plural = _("pauses of the clock")
        ordering = ["started_on", "pk"]

    def __str__(self):
        return f"{self.request} · {self.get_kind_display()}"


class FeeNotice(models.Model):
    """收费通知 (国办函〔2020〕109号): by count or by pages, never both."""

    class Basis(models.TextChoices):
        COUNT = "count", _("By the number of applications")
        PAGES = "pages", _("By the number of pages")

    request = models.OneToOneField(
        "disclosure_requests.DisclosureRequest", on_delete=models.CASCADE, related_name="fee"
    )
    basis = models.CharField(_("basis"), max_length=10, choices=Basis.choices)
    # The applicant's n-th application this month, or the pages to provide.
    units = models.PositiveIntegerField(_("applications or pages"))
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    notified_on = models.DateField(_("notified"))
    pay_by = models.DateField(_("pay by"))
    paid_on = models.DateField(_("paid"), null=True, blank=True)

    class Meta:
        verbose_name = _("fee notice")
        verbose_name_plural = _("fee notices")

    def __str__(self):
        return f"{self.request} · {self.amount}"


class ReplyLetter(models.Model):
    """答复告知书: drafted by the division, reviewed (合法性审查) and approved by the office,
    then served; the Word file of the served letter is kept as sent."""

    request = models.OneToOneField(
        "disclosure_requests.DisclosureRequest", on_delete=models.CASCADE, related_name="letter"
    )
    outcome = models.CharField(
        pgettext_lazy("disclosure request", "outcome"), max_length=40, choices=Outcome.choices
    )
    # For 部分公开 and 不予公开: the reason in the letter; for 非本机关: who holds it.
    reason = models.TextField(_("reason"), max_length=4000, blank=True)
    responsible_agency = models.CharField(_("responsible agency"), max_length=200, blank=True)
    responsible_contact = models.CharField(
        _("responsible agency's contact"), max_length=200, blank=True
    )
    # The body the office may edit before approval; the letter's other parts (facts,
    # article, remedy notice) come from the request and the template.
    text = models.TextField(_("text of the reply"), max_length=10000)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    # 〔year〕第 serial 号, per agency and year, given at approval.
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("serial number"), null=True, blank=True)
    agency = models.ForeignKey(
        "cms.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(
        _("letter"), storage=private_files, upload_to=attachment_path, blank=True
    )
    sent_on = models.DateField(_("served"), null=True, blank=True)
    sent_way = models.CharField(_("served by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("reply letter")
        verbose_name_plural = _("reply letters")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="disclosure_letter_number"
            )
        ]

    def __str__(self):
        return f"{self.request} · {self.number or self._meta.verbose_name}"

    @property
    def number(self) -> str:
        """The letter's number, e.g. 统计局依申复〔2026〕第12号 (the setting
        DISCLOSURE_LETTER_NUMBER_FORMAT; 〔2026〕第12号 for an agency without a short
        name or a format that cannot be filled); empty before approval."""
        if not self.serial:
            return ""
        plain = f"〔{self.year}〕第{self.serial}号"
        agency = self.agency if self.agency_id else None
        short_name = (getattr(agency, "short_name", "") or "").strip()
        if not short_name:
            return plain
        try:
            return str(conf.get("DISCLOSURE_LETTER_NUMBER_FORMAT")).format(
                short_name=short_name, year=self.year, serial=self.serial
            )
        except (KeyError, IndexError, ValueError):
            return plain


class Attachment(models.Model):
    """A file of the request: the applicant's ID copy, a supplement's papers, or the
    government information provided with the reply (uploaded by the division or the
    office, downloaded by the applicant once the request is closed)."""

    class Kind(models.TextChoices):
        ID_COPY = "id_copy", _("Copy of the identity document")
        SUPPLEMENT = "supplement", _("Supplement")
        OTHER = "other", _("Other file")
        PROVIDED = "provided", _("Government information provided")

    request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    kind = models.CharField(
        pgettext_lazy("disclosure request", "kind"), max_length=20, choices=Kind.choices
    )
    file = models.FileField(_("file"), storage=private_files, upload_to=attachment_path)
    name = models.CharField(_("file name"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.name
