"""The fees the annual report states in section 六 (国办函〔2020〕109号): fee notices sent
in the year (count and amount) and fees paid in the year (count and amount), in yuan,
for one agency (or all) — counted by the day each happened, so a past year never
changes. Answered through ``annual_report_tables`` as the table 六/fees."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from cms.plugin_api import ReportColumn, ReportRow, ReportTable
from plugins.disclosure_requests.models import FeeNotice


def _counted(notices) -> dict:
    found = notices.aggregate(count=Count("pk"), amount=Sum("amount"))
    return {"count": found["count"], "amount": found["amount"] or Decimal("0.00")}


def _links(filter_name: str, year: int, agency) -> dict[str, str]:
    """Both cells of a row link to the requests whose fee notices they count."""
    query = {"state": "all", filter_name: year}
    if agency is not None:
        query["agency"] = agency.pk
    url = f"{reverse('disclosure_requests_admin:list')}?{urlencode(query)}"
    return {"count": url, "amount": url}


def fees_table(year: int, agency=None) -> ReportTable:
    """六: fee notices sent and fees collected in the year."""
    notices = FeeNotice.objects.all()
    if agency is not None:
        notices = notices.filter(request__agency=agency)
    return ReportTable(
        section="六",
        key="fees",
        title=_("Information processing fees"),
        columns=(
            ReportColumn("count", _("Applications")),
            ReportColumn("amount", _("Amount (yuan)")),
        ),
        rows=(
            ReportRow(
                "notified",
                _("Fees notified"),
                0,
                _counted(notices.filter(notified_on__year=year)),
                _links("fee_notified_year", year, agency),
            ),
            ReportRow(
                "collected",
                _("Fees collected"),
                0,
                _counted(notices.filter(paid_on__year=year)),
                _links("fee_paid_year", year, agency),
            ),
        ),
    )
