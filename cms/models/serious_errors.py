"""The serious-error check's list and log (严重错误检查, docs/domain.md §4a).

``SeriousErrorEntry`` is the list of wrong → right expressions the web editors and the
office keep in the admin (misprinted fixed expressions, official names, names and titles);
``SeriousErrorFinding`` records each finding the check made on a bundle and what became of
it: the bundle was returned, a reviewer acknowledged a warning, or it was published with
the finding anyway (what the self-inspection counts). The matching is
``cms.review.serious_errors``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class SeriousErrorEntry(models.Model):
    wrong = models.CharField(
        _("wrong expression"),
        max_length=100,
        unique=True,
        help_text=_("As it is misprinted, e.g. 按步就班."),
    )
    right = models.CharField(
        _("right expression"), max_length=100, help_text=_("As it must be, e.g. 按部就班.")
    )
    serious = models.BooleanField(
        _("serious"),
        default=False,
        help_text=_(
            "Ticked: a finding returns the bundle. Clear: a warning the submitter and "
            "each reviewer must acknowledge."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("last edited by"),
    )
    updated_at = models.DateTimeField(_("last edited at"), auto_now=True, db_index=True)

    panels = [
        FieldRowPanel([FieldPanel("wrong"), FieldPanel("right")]),
        FieldPanel("serious"),
        FieldPanel("note"),
    ]

    class Meta:
        verbose_name = _("serious-error expression")
        verbose_name_plural = _("serious-error expressions")
        ordering = ["wrong"]

    def __str__(self):
        return f"{self.wrong} → {self.right}"

    @property
    def kind(self) -> str:
        """严重 (returns the bundle) or 请核对 (a warning), as the list shows it."""
        return str(_("serious") if self.serious else _("To check"))

    def clean(self):
        super().clean()
        wrong, right = (self.wrong or "").strip(), (self.right or "").strip()
        self.wrong, self.right = wrong, right
        if wrong and right and wrong in right:
            # The right text itself would be reported.
            raise ValidationError(
                {"wrong": _("The right expression contains the wrong one; it would be reported.")}
            )


class SeriousErrorFinding(models.Model):
    """One finding of the serious-error check on a bundle, and what became of it."""

    class Outcome(models.TextChoices):
        RETURNED = "returned", _("Bundle returned")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        PUBLISHED = "published", _("Published anyway")

    policy = models.ForeignKey(
        "cms.PolicyPage",
        on_delete=models.CASCADE,
        related_name="serious_error_findings",
        verbose_name=_("policy"),
    )
    member = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("bundle member"),
    )
    member_title = models.CharField(_("bundle member"), max_length=255)
    field = models.CharField(_("field"), max_length=255, blank=True)
    wrong = models.CharField(_("wrong expression"), max_length=100)
    right = models.CharField(_("right expression"), max_length=100)
    serious = models.BooleanField(_("serious"), default=False)
    excerpt = models.TextField(_("excerpt"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("serious-error finding")
        verbose_name_plural = _("serious-error findings")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["outcome", "at"])]

    def __str__(self):
        return f"{self.member_title}：{self.wrong} → {self.right}（{self.get_outcome_display()}）"
