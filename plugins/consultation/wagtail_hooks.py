"""The consultations in the Wagtail admin: the menu, the inbox and export, the dashboard
panel of feedback due, and the audit log's actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button

from plugins.consultation import admin_views, column, handling, inbox
from plugins.consultation.models import ConsultationPage

LOG_ACTIONS = [
    ("register", _("Register comment"), _("Comment received by e-mail or post registered")),
    ("accept_comment", _("Accept comment"), _("Comment accepted")),
    ("reject_comment", _("Reject comment"), _("Comment rejected")),
    ("answer", _("Answer comments"), _("Comments answered")),
    ("revise", _("Revise answer"), _("Answer revised")),
    ("submit", _("Submit answer"), _("Answer submitted for approval")),
    ("return", _("Return answer"), _("Answer returned for revision")),
    ("approve", _("Approve answer"), _("Answer approved")),
    ("publish", _("Publish feedback"), _("Feedback on the comments published")),
    ("remind", _("Remind division"), _("Division reminded that the feedback is due")),
    ("escalate", _("Escalate"), _("Overdue feedback escalated")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(f"consultation.{action}", label, message)


@hooks.register("register_admin_urls")
def register_new_consultation_url():
    return [path("consultations/new/", column.add_consultation, name="consultation_add")]


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("", admin_views.consultation_list, name="list"),
        path("<int:consultation_id>/", admin_views.consultation_inbox, name="inbox"),
        path("<int:consultation_id>/export/", admin_views.comments_export, name="export"),
    ]
    return [path("consultations/", include((patterns, "consultation_admin")))]


class ConsultationsMenuItem(MenuItem):
    def is_shown(self, request):
        return handling.may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_consultations_menu_item():
    return ConsultationsMenuItem(
        _("Consultations"), reverse("consultation_admin:list"), icon_name="comment", order=260
    )


def _inbox_button(page, user, priority):
    if page.specific_class is not ConsultationPage or not handling.may_use(user):
        return []
    if not inbox.consultations_of(user).filter(pk=page.pk).exists():
        return []
    url = reverse("consultation_admin:inbox", args=[page.pk])
    return [Button(_("Comments and answers"), url, icon_name="comment", priority=priority)]


@hooks.register("register_page_header_buttons")
def consultation_header_button(page, user, view_name, next_url=None):
    """From the consultation's editor to its comments."""
    return _inbox_button(page, user, 12)


@hooks.register("register_page_listing_more_buttons")
def consultation_listing_button(page, user, next_url=None):
    return _inbox_button(page, user, 3)


class FeedbackDuePanel(Component):
    """Consultations whose feedback is not yet published, soonest due first."""

    name = "consultation_feedback_due"
    order = 125
    template_name = "consultation/admin/dashboard_panel.html"

    def __init__(self, due):
        self.due = due

    def get_context_data(self, parent_context=None):
        return {"due": self.due, "today": inbox.today()}


@hooks.register("construct_homepage_panels")
def add_feedback_due_panel(request, panels):
    if not handling.may_use(request.user):
        return
    due = list(inbox.feedback_due(request.user)[:20])
    if due:
        panels.append(FeedbackDuePanel(due))
