"""The three-synchronization rules as they touch an interpretation (bundle rules 1, 4
and 5, docs/architecture.md#bundle-rules).

A synchronous interpretation is a member of its policy's bundle: it has no workflow and
no publish permission of its own, so the admin offers neither, and a direct request
falls back to saving a draft. A follow-up interpretation attaches to a live policy and
goes through the one-level follow-up workflow.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.models import PagePermissionTester, Workflow

from interpretations.choices import Stage

FOLLOW_UP_WORKFLOW_NAME = "跟踪解读审核"


def follow_up_workflow():
    return Workflow.objects.filter(name=FOLLOW_UP_WORKFLOW_NAME, active=True).first()


class InterpretationPermissionTester(PagePermissionTester):
    """No direct publishing or scheduling of interpretations: they go live with review.
    Drafters edit only the interpretations of their own divisions' policies."""

    def _own_division(self):
        # The policy knows its division and who drafts for it.
        return self.page.get_parent().specific.may_be_drafted_by(self.user)

    def can_edit(self):
        return super().can_edit() and self._own_division()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and self._own_division()

    def can_publish(self):
        if self.page.stage == Stage.SYNCHRONOUS:
            return False
        # Follow-ups need their own review; only a superuser may bypass it.
        return self.user.is_active and self.user.is_superuser

    def can_unpublish(self):
        # A synchronous interpretation leaves only with its policy (withdrawal).
        if self.page.stage == Stage.SYNCHRONOUS:
            return False
        return super().can_unpublish()


def follow_up_errors(interpretation, policy) -> dict:
    """A follow-up interpretation attaches only to a live policy."""
    if interpretation.stage == Stage.FOLLOW_UP and policy is not None and not policy.live:
        return {"stage": _("A follow-up interpretation can only be added to a published policy.")}
    return {}
