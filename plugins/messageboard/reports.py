"""Reports → 留言办理统计, and the FAQ candidates of a policy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from cms.plugin_api import PolicyPage, today
from plugins.messageboard import faq, stats
from plugins.messageboard.models import Message


class MessageReportView(ReportView):
    page_title = gettext_lazy("Message handling")
    header_icon = "comment"
    index_url_name = "messageboard_admin:report"
    index_results_url_name = "messageboard_admin:report_results"
    list_export = [
        "month",
        "division",
        "received",
        "accepted",
        "rejected",
        "replied",
        "on_time_percent",
        "mean_reply_days",
        "satisfaction",
    ]
    export_headings = {
        "month": gettext_lazy("Month"),
        "division": gettext_lazy("Division"),
        "received": pgettext_lazy("message state", "Received"),
        "accepted": gettext_lazy("Accepted"),
        "rejected": pgettext_lazy("message state", "Rejected"),
        "replied": gettext_lazy("Replied"),
        "on_time_percent": gettext_lazy("Replied within the deadline"),
        "mean_reply_days": gettext_lazy("Mean working days to reply"),
        "satisfaction": gettext_lazy("Satisfied or fairly satisfied"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("messageboard.moderate_message"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return f"messages-{self.year}"

    @property
    def year(self) -> int:
        raw = self.request.GET.get("year", "")
        return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2200 else today().year

    @property
    def columns(self):
        return [Column(name, label=self.export_headings[name]) for name in self.list_export]

    def get_queryset(self):
        return stats.monthly(self.year)


def faq_candidates(request):
    """Per policy, clusters of similar published questions, largest first."""
    if not request.user.has_perm("messageboard.moderate_message"):
        raise PermissionDenied
    policy_ids = (
        Message.objects.filter(state=Message.State.PUBLISHED, policy__isnull=False)
        .values_list("policy", flat=True)
        .distinct()
    )
    policies = PolicyPage.objects.filter(pk__in=list(policy_ids)).order_by("title")
    groups = [(policy, faq.candidates(policy.pk)) for policy in policies]
    return TemplateResponse(
        request,
        "messageboard/admin/faq_candidates.html",
        {"groups": [(p, c) for p, c in groups if c], "title": _("FAQ candidates")},
    )
