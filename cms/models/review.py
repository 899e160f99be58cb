"""The review step of a bundle: a group approval that sees and pins the whole bundle."""

from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from ..permissions import division_ids, may_draft_for


def _member_revisions(page) -> dict[str, int | None]:
    """The revisions a step pins: the bundle's, or the page's own when the workflow was
    assigned to a page that heads no bundle."""
    if hasattr(page, "member_revisions"):
        return page.member_revisions()
    latest = type(page).objects.filter(pk=page.pk).values_list("latest_revision_id", flat=True)
    return {str(page.pk): latest.first()}


class BundleTaskState(TaskState):
    """A review step's state, with the revision of every bundle member the reviewer saw."""

    member_revisions = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("bundle review step state")


class BundleApprovalTask(AbstractGroupApprovalTask):
    """三同步审签步骤: members of the groups approve the policy with its interpretations.

    The step pins each member's revision when it starts; approving checks that nothing
    changed since, and the submitter can never approve their own bundle (four eyes). A
    reviewer bound to drafting divisions (a 处室负责人) reviews only those divisions'
    bundles; reviewers bound to none review every division's.
    """

    task_state_class = BundleTaskState

    class Meta:
        verbose_name = _("bundle approval step")
        verbose_name_plural = _("bundle approval steps")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the policy together with its "
            "synchronous interpretations; the submitter cannot approve."
        )

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        task_state.member_revisions = _member_revisions(workflow_state.content_object.specific)
        task_state.save(update_fields=["member_revisions"])
        return task_state

    def _is_submitter(self, obj, user):
        state = obj.current_workflow_state
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._is_submitter(obj, user):
            return []
        if not may_draft_for(user, getattr(obj.specific, "division_id", None)):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .policy import PolicyPage

        states = (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )
        divisions = division_ids(user)
        if divisions is not None:
            # The workflow state names its page by a text id.
            pages = PolicyPage.objects.filter(division__in=divisions).values(
                text_pk=Cast("pk", models.CharField())
            )
            states = states.filter(workflow_state__object_id__in=pages)
        return states

    def on_action(self, task_state, user, action_name, **kwargs):
        obj = task_state.workflow_state.content_object.specific
        if action_name not in {name for name, _, _ in self.get_actions(obj, user)}:
            return
        # Read the pins afresh: saving the form just before this call may have re-pinned
        # them, and the editor passes a task state it loaded earlier.
        pinned = (
            BundleTaskState.objects.filter(pk=task_state.pk)
            .values_list("member_revisions", flat=True)
            .first()
        )
        if action_name == "approve" and pinned != _member_revisions(obj):
            # The bundle changed after the reviewer opened it: the change handler has
            # already restarted the review; approving what was not seen is refused.
            return
        super().on_action(task_state, user, action_name, **kwargs)
