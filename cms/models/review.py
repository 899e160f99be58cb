"""The review step of a bundle: a group approval that sees and pins the whole bundle."""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.db import models
from django.utils.timezone import localtime
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask, TaskState, WorkflowState

from cms.admin_ui import notices
from cms.models.bundles import Submission
from cms.models.policy import PolicyPage
from cms.rules.disclosure import published_status
from cms.rules.permissions import may_draft_for, states_in_divisions


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


ACKNOWLEDGE = "acknowledge_serious_errors"
# Checks an approval passes before it is recorded, each (page, reviewer, acknowledged) →
# whether to go on; the review rules register theirs when the apps are ready (the models
# import no rules of the review): the serious-error check, cms.review.approval.
APPROVAL_CHECKS: list[Callable[[object, object, bool], bool]] = []


def register_approval_check(check: Callable[[object, object, bool], bool]) -> None:
    if check not in APPROVAL_CHECKS:
        APPROVAL_CHECKS.append(check)


class ApprovalForm(TaskStateCommentForm):
    """The approval's form (its modal, from the dashboard or the editor): a comment, and
    the reviewer's acknowledgement of the serious-error check's warnings."""

    acknowledge_serious_errors = forms.BooleanField(
        label=_("I have checked the serious-error warnings of this bundle and approve anyway"),
        required=False,
    )


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

    def get_form_for_action(self, action):
        return ApprovalForm if action == "approve" else super().get_form_for_action(action)

    def get_template_for_action(self, action):
        # The approval's modal lists the serious-error findings beside the acknowledgement.
        if action == "approve":
            return "cms/admin/approve_modal.html"
        return super().get_template_for_action(action)

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
        states = (
            super()
            .get_task_states_user_can_moderate(user, **kwargs)
            .exclude(workflow_state__requested_by=user)
        )
        return states_in_divisions(states, PolicyPage, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        acknowledged = bool(kwargs.pop(ACKNOWLEDGE, False))
        obj = task_state.workflow_state.content_object.specific
        if action_name not in {name for name, _, _ in self.get_actions(obj, user)}:
            return
        # Read the step afresh: saving the editor's form just before this call may have
        # voided it (a real change restarts the review) or re-pinned it (a save without a
        # change), and the editor passes a task state it loaded before the save.
        current = BundleTaskState.objects.filter(pk=task_state.pk).first()
        if current is None or current.status != TaskState.STATUS_IN_PROGRESS:
            # Voided by the change saved just before (its notice says where review now
            # stands, and suffices) or ended meanwhile: there is nothing left to act on.
            if notices.told("voided"):
                return
            notices.tell(
                user,
                messages.WARNING,
                gettext(
                    "Your decision on “%(title)s” was not recorded: the review step you "
                    "opened has ended."
                )
                % {"title": obj.get_admin_display_title()},
                kind="not_recorded",
            )
            return
        if action_name == "approve" and current.member_revisions != _member_revisions(obj):
            notices.tell(
                user,
                messages.ERROR,
                gettext(
                    "“%(title)s” was not approved: the bundle changed after this review "
                    "step began. Reload it and review it again."
                )
                % {"title": obj.get_admin_display_title()},
                kind="refused",
            )
            return
        if action_name == "approve" and not all(
            check(obj, user, acknowledged) for check in APPROVAL_CHECKS
        ):
            return
        super().on_action(current, user, action_name, **kwargs)
        if action_name == "approve":
            notices.tell(
                user, messages.SUCCESS, approval_notice(current.workflow_state), kind="approved"
            )


def review_level(workflow, task) -> int:
    """A task's level in its workflow, counted from 1 among the active tasks."""
    ids = list(workflow.tasks.filter(active=True).values_list("pk", flat=True))
    return ids.index(task.pk) + 1 if task.pk in ids else 0


def approval_notice(workflow_state) -> str:
    """What an approval did: the bundle waits at the next level, or is published, or is
    scheduled (24.11)."""
    workflow_state = WorkflowState.objects.get(pk=workflow_state.pk)
    obj = workflow_state.content_object.specific
    title = obj.get_admin_display_title()
    if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        task = workflow_state.current_task_state.task
        text = gettext("Approved “%(title)s”: it now awaits review at level %(level)d (%(task)s).")
        level = review_level(workflow_state.workflow, task)
        return text % {"title": title, "level": level, "task": task.name}
    scheduled = Submission.objects.filter(
        workflow_state=workflow_state, state=Submission.State.SCHEDULED
    ).first()
    if scheduled is not None:
        return gettext("Approved “%(title)s”: scheduled to go live at %(time)s.") % {
            "title": title,
            "time": localtime(scheduled.go_live_at).strftime("%Y-%m-%d %H:%M"),
        }
    if type(obj).objects.filter(pk=obj.pk, live=True).exists():
        # Published, but not on the website when the policy is not proactive (bundle rule 7).
        status = published_status(getattr(obj, "disclosure", ""))
        if status:
            return gettext("Approved “%(title)s”: %(status)s.") % {"title": title, "status": status}
        return gettext("Approved “%(title)s”: it is published.") % {"title": title}
    return gettext("Approved “%(title)s”.") % {"title": title}
