"""The consultation's own review step for the drafting division's head: a group approval
that only the head of the consultation's division may take, as the policies' review step
(the core's bundle approval step) is for the policies."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

from cms.plugin_api import division_ids, states_in_divisions
from plugins.consultation.models.pages import ConsultationPage


def _division_of(obj):
    return getattr(getattr(obj, "specific", obj), "division_id", None)


class ConsultationApprovalTask(AbstractGroupApprovalTask):
    """处室负责人审核征求意见稿: members of the groups approve or reject the draft, but a
    member bound to drafting divisions only for those divisions' consultations; members
    bound to none (the website editors, a head of every division) for every one. Another
    division's head is neither offered the step (editor, dashboard) nor may force it:
    Wagtail refuses an action ``get_actions`` does not list."""

    class Meta:
        verbose_name = _("consultation approval step")
        verbose_name_plural = _("consultation approval steps")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups approve the draft for comment; a member bound to "
            "drafting divisions only that division's drafts."
        )

    def _for_division(self, obj, user) -> bool:
        if user.is_superuser:
            return True
        divisions = division_ids(user)
        return divisions is None or _division_of(obj) in divisions

    def user_can_access_editor(self, obj, user):
        return super().user_can_access_editor(obj, user) and self._for_division(obj, user)

    def locked_for_user(self, obj, user):
        return super().locked_for_user(obj, user) or not self._for_division(obj, user)

    def user_can_lock(self, obj, user):
        return super().user_can_lock(obj, user) and self._for_division(obj, user)

    def get_actions(self, obj, user):
        if not self._for_division(obj, user):
            return []
        return super().get_actions(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        return states_in_divisions(states, ConsultationPage, user)

    def on_action(self, task_state, user, action_name, **kwargs):
        # Called directly (a task, the demo), not only through Wagtail's views: refuse there too.
        obj = task_state.workflow_state.content_object
        if action_name not in {name for name, _label, _modal in self.get_actions(obj, user)}:
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)
