"""How the drafting division answered the comments (意见处理), and the feedback
(意见采纳情况反馈) that publishes the answers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Disposition(models.Model):
    """The answer to one comment or to a group of comments on the same point; the division
    head approves it. Its comments point to it (``Comment.disposition``)."""

    class Kind(models.TextChoices):
        ADOPTED = "adopted", _("Adopted")
        PARTLY = "partly", _("Partly adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        ALREADY = "already", _("Already provided for")

    class State(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("disposition state", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("disposition state", "Awaiting approval")
        APPROVED = "approved", pgettext_lazy("disposition state", "Approved")
        RETURNED = "returned", pgettext_lazy("disposition state", "Returned for revision")

    consultation = models.ForeignKey(
        "consultation.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="dispositions",
    )
    kind = models.CharField(
        pgettext_lazy("disposition", "disposition"), max_length=20, choices=Kind.choices
    )
    # The point the grouped comments make, as the feedback states it (anonymised).
    summary = models.TextField(_("summary of the comments"), max_length=2000, blank=True)
    reason = models.TextField(pgettext_lazy("consultation", "reason"), max_length=3000, blank=True)
    # For 已有规定/已体现: the clause where it is provided for; else the clause concerned.
    clause = models.ForeignKey(
        "consultation.Clause",
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="dispositions",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(
        pgettext_lazy("consultation", "approved"), null=True, blank=True
    )
    return_note = models.CharField(_("why it was returned"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("disposition", "disposition")
        verbose_name_plural = pgettext_lazy("disposition", "dispositions")
        ordering = ["pk"]
        permissions = [("approve_disposition", _("Can approve dispositions of their divisions"))]

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        super().clean()
        if self.kind == self.Kind.NOT_ADOPTED and not (self.reason or "").strip():
            raise ValidationError({"reason": _("A comment not adopted needs its reason.")})


class Feedback(models.Model):
    """The feedback report of one consultation: due a number of working days after the
    close (CONSULTATION_FEEDBACK_DAYS), published once every comment is answered."""

    consultation = models.OneToOneField(
        "consultation.ConsultationPage",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    summary = models.TextField(
        pgettext_lazy("consultation", "summary"), max_length=5000, blank=True
    )
    due_on = models.DateField(
        pgettext_lazy("consultation", "due"), null=True, blank=True, db_index=True
    )
    published_at = models.DateTimeField(
        pgettext_lazy("consultation", "published"), null=True, blank=True
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reminded_on = models.DateField(pgettext_lazy("consultation", "reminded"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated"), null=True, blank=True)

    class Meta:
        verbose_name = _("feedback on the comments")
        verbose_name_plural = _("feedback on the comments")

    def __str__(self):
        return str(self.consultation)
