"""Reports → 即将到期: normative documents whose last day is near."""

from __future__ import annotations

from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from plugins.validity import evaluation

WINDOWS = (1, 3, 6, 12, 24)


class ExpiringReportView(ReportView):
    page_title = gettext_lazy("Expiring documents")
    header_icon = "date"
    index_url_name = "validity_admin:expiring"
    index_results_url_name = "validity_admin:expiring_results"
    list_export = ["title", "agency", "division", "registration_number", "expires_on"]
    export_headings = {
        "title": gettext_lazy("Title"),
        "agency": gettext_lazy("Agency"),
        "division": pgettext_lazy("validity", "Division"),
        "registration_number": gettext_lazy("Registration number"),
        "expires_on": gettext_lazy("Valid until"),
    }

    @property
    def months(self) -> int:
        raw = self.request.GET.get("months", "")
        return int(raw) if raw.isdigit() and int(raw) in WINDOWS else 6

    def get_filename(self):
        return f"expiring-{self.months}-months"

    @property
    def columns(self):
        return [Column(name, label=self.export_headings[name]) for name in self.list_export]

    def get_queryset(self):
        return [
            {
                "title": record.policy.title,
                "agency": record.policy.agency.name,
                "division": record.policy.division.name if record.policy.division else "",
                "registration_number": record.registration_number or "",
                "expires_on": record.expires_on,
            }
            for record in evaluation.expiring(months=self.months)
        ]
