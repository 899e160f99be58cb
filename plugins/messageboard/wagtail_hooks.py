"""The board in the Wagtail admin: its audit-log actions, menus, views and panels."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.plugin_api import yes_no
from plugins.messageboard.admin_views import handle_message, message_inbox
from plugins.messageboard.inbox import division_loads
from plugins.messageboard.models import FaqEntry, SensitiveWord
from plugins.messageboard.reminders import alarming
from plugins.messageboard.reports import MessageReportView, faq_candidates
from plugins.messageboard.states import may_use_board

LOG_ACTIONS = [
    ("accept", _("Accept message"), _("Message accepted")),
    ("assign", _("Assign message"), _("Message assigned to a division")),
    ("reject", _("Reject message"), _("Message rejected")),
    ("spam", _("Mark as spam"), _("Message marked as spam")),
    ("transfer", _("Transfer message"), _("Message transferred to another division")),
    ("extend", _("Extend deadline"), _("Reply deadline extended")),
    ("answer", _("Reply"), _("Reply written")),
    ("return_reply", _("Return reply"), _("Reply returned for revision")),
    ("approve", _("Approve reply"), _("Reply approved and published")),
    ("hide", _("Hide message"), _("Message hidden")),
    ("reopen", _("Reopen message"), _("Message reopened")),
    ("rate", _("Rate reply"), _("Reply rated by the asker")),
    ("remind", _("Remind division"), _("Division reminded of the deadline")),
    ("escalate", _("Escalate"), _("Overdue message escalated")),
    ("faq", _("Promote to FAQ"), _("Reply promoted to the FAQ")),
]


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(f"messageboard.{action}", label, message)


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("", message_inbox, name="inbox"),
        path("<int:message_id>/", handle_message, name="handle"),
        path("faq-candidates/", faq_candidates, name="faq_candidates"),
        path("report/", MessageReportView.as_view(), name="report"),
        path(
            "report/results/", MessageReportView.as_view(results_only=True), name="report_results"
        ),
    ]
    return [path("messages/", include((patterns, "messageboard_admin")))]


class MessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_use_board(request.user)


@hooks.register("register_admin_menu_item")
def register_messages_menu_item():
    return MessagesMenuItem(
        _("Policy messages"), reverse("messageboard_admin:inbox"), icon_name="comment", order=250
    )


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("messageboard.moderate_message")


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ModeratorMenuItem(
        _("Message handling"), reverse("messageboard_admin:report"), icon_name="comment", order=70
    )


class FaqEntryViewSet(SnippetViewSet):
    model = FaqEntry
    icon = "help"
    menu_label = _("FAQ")
    add_to_admin_menu = False
    list_display = ["question", "policy", yes_no(FaqEntry, "published"), "sort_order"]
    list_filter = ["published"]
    search_fields = ["question"]


class SensitiveWordViewSet(SnippetViewSet):
    model = SensitiveWord
    icon = "warning"
    menu_label = _("Sensitive words")
    add_to_settings_menu = True
    list_display = ["word", "note"]
    search_fields = ["word"]


register_snippet(FaqEntryViewSet)
register_snippet(SensitiveWordViewSet)


class DivisionLoadPanel(Component):
    """Per division: open messages, due within a working day, overdue."""

    name = "messageboard_divisions"
    order = 120
    template_name = "messageboard/admin/dashboard_panel.html"

    def __init__(self, loads, alarms):
        self.loads, self.alarms = loads, alarms

    def get_context_data(self, parent_context=None):
        return {"loads": self.loads, "alarms": self.alarms}


@hooks.register("construct_homepage_panels")
def add_division_load_panel(request, panels):
    if not may_use_board(request.user):
        return

    loads = division_loads(request.user)
    alarms = alarming(request.user)
    if loads or alarms:
        panels.append(DivisionLoadPanel(loads, alarms))
