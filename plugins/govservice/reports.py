"""Reports → 失效链接: the broken links and those recently back, with the policies that show
them; exportable as CSV and XLSX."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from plugins.govservice import conf
from plugins.govservice.health import linking_policies
from plugins.govservice.models import ServiceItem


def broken_and_recovered(now=None):
    """Broken items, then those that recovered within ``GOVSERVICE_RECOVERED_DAYS``."""
    now = now or timezone.now()
    since = now - timedelta(days=conf.get("GOVSERVICE_RECOVERED_DAYS"))
    broken = Q(health=ServiceItem.Health.BROKEN)
    return (
        ServiceItem.objects.filter(broken | Q(recovered_at__gte=since))
        .annotate(first=Case(When(broken, then=0), default=1))
        .order_by("first", "-broken_since", "-recovered_at", "code")
    )


class BrokenLinksReportView(ReportView):
    model = ServiceItem  # its permission policy: who may see the catalogue sees the report
    any_permission_required = ["add", "change", "delete", "view"]
    page_title = gettext_lazy("Broken links")
    header_icon = "warning"
    index_url_name = "govservice_admin:broken"
    index_results_url_name = "govservice_admin:broken_results"
    list_export = [
        "code",
        "name",
        "department",
        "url",
        "health",
        "since",
        "last_result",
        "last_checked_at",
        "policies",
    ]
    export_headings = {
        "code": gettext_lazy("Item code"),
        "name": pgettext_lazy("service item", "Name"),
        "department": pgettext_lazy("service item", "Department"),
        "url": gettext_lazy("Online service address"),
        "health": gettext_lazy("Link health"),
        "since": gettext_lazy("Broken since or recovered at"),
        "last_result": gettext_lazy("Last result"),
        "last_checked_at": gettext_lazy("Last checked"),
        "policies": gettext_lazy("Policies showing it"),
    }

    def get_filename(self):
        return "broken-links"

    # Long values wrap in their cells (govservice/admin.css); short ones stay on one line.
    column_classes = {
        "url": "govservice-url",
        "health": "govservice-nowrap",
        "last_result": "govservice-wrap",
        "code": "govservice-wrap",
        "policies": "govservice-wrap",
    }

    @property
    def columns(self):
        return [
            Column(
                name,
                label=self.export_headings[name],
                classname=self.column_classes.get(name, "govservice-wrap"),
            )
            for name in self.list_export
        ]

    def get_queryset(self):
        return [
            {
                "code": item.code,
                "name": item.name,
                "department": item.department,
                "url": item.url,
                "health": str(item.get_health_display()),
                "since": item.broken_since or item.recovered_at,
                "last_result": item.last_result,
                "last_checked_at": item.last_checked_at,
                "policies": "；".join(p.title for p in linking_policies(item)),
            }
            for item in broken_and_recovered()
        ]
