"""Records of a bundle's way through review: submissions (and returns) and exemptions."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Submission(models.Model):
    """One submission of a bundle (三同步: a policy and its synchronous interpretations).

    A refused submission (退文) is kept with its reasons and never gets a workflow.
    `member_revisions` maps each member's page id to the revision submitted.
    """

    class State(models.TextChoices):
        RETURNED = "returned", _("Returned")
        IN_REVIEW = "in_review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        VOIDED = "voided", _("Approvals voided")
        CANCELLED = "cancelled", _("Cancelled")

    policy = models.ForeignKey(
        "cms.PolicyPage", on_delete=models.CASCADE, related_name="submissions"
    )
    workflow_state = models.OneToOneField(
        "wagtailcore.WorkflowState",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bundle_submission",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    member_revisions = models.JSONField(default=dict)
    findings = models.JSONField(default=list)
    reasons = models.JSONField(
        default=list, help_text=_("Why it was returned, or why its approvals were voided.")
    )
    go_live_at = models.DateTimeField(_("go live at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bundle submission")
        verbose_name_plural = _("bundle submissions")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["state", "go_live_at"])]

    def __str__(self):
        return f"{self.policy_id} · {self.get_state_display()}"


class InterpretationExemption(models.Model):
    """Leave to submit a policy that needs an interpretation without one, with a reason."""

    policy = models.OneToOneField(
        "cms.PolicyPage", on_delete=models.CASCADE, related_name="interpretation_exemption"
    )
    reason = models.TextField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interpretation exemption")
        permissions = [
            ("grant_interpretation_exemption", _("Can exempt a policy from interpretation")),
        ]

    def __str__(self):
        return self.reason

    @property
    def granted_by_name(self) -> str:
        """Who granted it as people know them (full name, else user name); an exemption
        granted by no one in particular (the demo, a script) was the system's."""
        user = self.granted_by
        if user is None:
            return gettext("the system")
        return user.get_full_name() or user.get_username()
