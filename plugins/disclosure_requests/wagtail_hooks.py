"""The disclosure requests in Wagtail's admin: the audit log's actions, the menu item and
views of the office and the divisions, the dashboard panel, the statistics report, the
appeals, and the office's export of an applicant's data."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from plugins.disclosure_requests import admin_record, admin_views
from plugins.disclosure_requests.access import may_use
from plugins.disclosure_requests.appeals_admin import appeal_viewset
from plugins.disclosure_requests.overview import open_by_state
from plugins.disclosure_requests.privacy_views import applicant_export
from plugins.disclosure_requests.reports import may_see_statistics, statistics
from plugins.disclosure_requests.states import ACTION_LABELS, is_office

# Every transition's audit entry: its label, and the message the history shows.
LOG_MESSAGES = {
    "confirm": _("Receipt confirmed; the reply clock starts"),
    "discard": _("Marked as not an application"),
    "merge": _("Merged into another request"),
    "ask_supplement": _("Supplement asked for"),
    "supplied": _("Supplement received; the reply clock starts again"),
    "abandon": _("Not supplemented in time; deemed abandoned"),
    "assign": _("Assigned to a division"),
    "reassign": _("Assigned to another division"),
    "consult": _("Third party consulted; the clock is paused"),
    "consulted": _("Third party's opinion recorded; the clock runs again"),
    "notify_fee": _("Fee notice sent; the clock is paused"),
    "fee_paid": _("Fee paid; the clock runs again"),
    "fee_unpaid": _("Fee not paid in time; no longer processed"),
    "extend": _("Deadline extended"),
    "draft": _("Reply drafted by the division"),
    "return_reply": _("Reply returned to the division"),
    "review": _("Reply passed the legality review"),
    "approve": _("Reply approved by the head of the office"),
    "send": _("Reply served; request closed"),
    "withdraw": _("Withdrawn by the applicant"),
    "remind": _("Reminded of the deadline"),
    "escalate": _("Overdue request escalated"),
    "anonymise": _("Personal data erased after the retention period"),
    "export": _("Applicant's data exported"),
    "record": _("Recorded by the office (a letter, a visit or a call)"),
}


@hooks.register("register_log_actions")
def register_log_actions(actions):
    for action, message in LOG_MESSAGES.items():
        label = ACTION_LABELS.get(action, message)
        actions.register_action(f"disclosure_requests.{action}", label, message)


# ---- the office's and the divisions' admin (admin_views.py) ----------------------------


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("", admin_views.request_list, name="list"),
        path("<int:request_id>/", admin_views.request_detail, name="detail"),
        path(
            "<int:request_id>/files/<int:attachment_id>/",
            admin_views.attachment_download,
            name="attachment",
        ),
        path("<int:request_id>/letter/", admin_views.letter_download, name="letter"),
        path("record/", admin_record.record_request, name="record"),
    ]
    return [path("disclosure-requests/", include((patterns, "disclosure_requests_admin")))]


class RequestsMenuItem(MenuItem):
    """Shown to the office, and to division members with a request to see."""

    def is_shown(self, request):
        return may_use(request.user)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(
        _("Disclosure requests"),
        reverse("disclosure_requests_admin:list"),
        icon_name="doc-full",
        order=260,
    )


class OpenRequestsPanel(Component):
    """The user's open requests by state, and the most urgent with days left."""

    name = "disclosure_requests_open"
    order = 125
    template_name = "disclosure_requests/admin/dashboard_panel.html"

    def __init__(self, by_state, urgent):
        self.by_state, self.urgent = by_state, urgent

    def get_context_data(self, parent_context=None):
        return {"by_state": self.by_state, "urgent": self.urgent}


@hooks.register("construct_homepage_panels")
def add_open_requests_panel(request, panels):
    if not may_use(request.user):
        return
    by_state, urgent = open_by_state(request.user)
    if by_state:
        panels.append(OpenRequestsPanel(by_state, urgent))


# ---- statistics and appeals (sections 三 and 四 of the annual report) ---------------------


@hooks.register("register_admin_urls")
def register_statistics_urls():
    patterns = [path("", statistics, name="statistics")]
    return [path("disclosure-statistics/", include((patterns, "disclosure_statistics")))]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_statistics(request.user)


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Disclosure request statistics"),
        reverse("disclosure_statistics:statistics"),
        icon_name="table",
        order=75,
    )


@hooks.register("register_admin_viewset")
def register_appeal_viewset():
    return appeal_viewset


# ---- the applicant's data (privacy_views.py) ---------------------------------------------


@hooks.register("register_admin_urls")
def register_privacy_urls():
    return [
        path(
            "disclosure-requests/applicant-export/",
            applicant_export,
            name="disclosure_requests_applicant_export",
        )
    ]


class OfficeMenuItem(MenuItem):
    def is_shown(self, request):
        return is_office(request.user)


@hooks.register("register_settings_menu_item")
def register_applicant_export_menu_item():
    return OfficeMenuItem(
        _("Export an applicant's data"),
        reverse("disclosure_requests_applicant_export"),
        icon_name="download",
        order=900,
    )
