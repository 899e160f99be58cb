"""The validity plugin in the Wagtail admin: audit-log actions, the expiring report and the
evaluation panel."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.log_actions import LogFormatter

from plugins.validity.admin_campaigns import campaign_detail, campaign_list
from plugins.validity.admin_views import annual_report
from plugins.validity.evaluation import for_user
from plugins.validity.lifecycle import state_label
from plugins.validity.reports import ExpiringReportView


@hooks.register("register_log_actions")
def register_log_actions(actions):
    @actions.register_action("validity.change")
    class ValidityChanged(LogFormatter):
        label = _("Change validity")

        def format_message(self, log_entry):
            data = log_entry.data
            return _("Validity changed from “%(from)s” to “%(to)s” on %(on)s") % {
                "from": state_label(data.get("from", "")),
                "to": state_label(data.get("to", "")),
                "on": data.get("on", ""),
            }

    actions.register_action(
        "validity.remind", _("Remind to evaluate"), _("Division reminded to evaluate")
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    patterns = [
        path("campaigns/", campaign_list, name="campaigns"),
        path("campaigns/<int:campaign_id>/", campaign_detail, name="campaign"),
        path("annual/", annual_report, name="annual"),
        path("expiring/", ExpiringReportView.as_view(), name="expiring"),
        path(
            "expiring/results/",
            ExpiringReportView.as_view(results_only=True),
            name="expiring_results",
        ),
    ]
    return [path("validity/", include((patterns, "validity_admin")))]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return MenuItem(
        _("Expiring documents"), reverse("validity_admin:expiring"), icon_name="date", order=75
    )


@hooks.register("register_reports_menu_item")
def register_annual_menu_item():
    return MenuItem(
        _("Normative documents by year"),
        reverse("validity_admin:annual"),
        icon_name="table",
        order=76,
    )


class EvaluationPanel(Component):
    """The documents of the user's divisions to evaluate before they expire."""

    name = "validity_evaluation"
    order = 130
    template_name = "validity/admin/evaluation_panel.html"

    def __init__(self, records):
        self.records = records

    def get_context_data(self, parent_context=None):
        return {"records": self.records}


@hooks.register("construct_homepage_panels")
def add_evaluation_panel(request, panels):
    records = for_user(request.user)
    if records:
        panels.append(EvaluationPanel(records))


@hooks.register("register_admin_menu_item")
def register_campaign_menu_item():
    return MenuItem(
        _("Cleanup campaigns"), reverse("validity_admin:campaigns"), icon_name="list-ul", order=260
    )
