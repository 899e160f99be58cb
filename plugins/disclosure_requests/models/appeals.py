"""Appeals against a request's handling (行政复议, 行政诉讼), as the annual report's
section 四 counts them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Appeal(models.Model):
    """One case, recorded against a request or standalone (a case about a request handled
    before the system, or elsewhere)."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("Administrative review")
        LITIGATION_DIRECT = "litigation_direct", _("Litigation without prior review")
        LITIGATION_AFTER_REVIEW = "litigation_after_review", _("Litigation after review")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("Upheld")
        CORRECTED = "corrected", _("Corrected")
        OTHER = "other", _("Other result")
        PENDING = "pending", _("Not yet concluded")

    agency = models.ForeignKey(
        "cms.Agency",
        verbose_name=pgettext_lazy("disclosure request", "agency"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    request = models.ForeignKey(
        "disclosure_requests.DisclosureRequest",
        verbose_name=_("request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appeals",
    )
    kind = models.CharField(
        pgettext_lazy("disclosure request", "kind"), max_length=30, choices=Kind.choices
    )
    case_number = models.CharField(_("case number"), max_length=100, blank=True)
    filed_on = models.DateField(_("filed"), db_index=True)
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    # The day of the decision or judgment; a case decided after a year's end counts as
    # not yet concluded in that year's report.
    decided_on = models.DateField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-filed_on", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number}".strip()
