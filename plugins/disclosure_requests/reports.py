"""Reports → 依申请公开统计: sections 三 and 四 of the annual report for an agency (or all)
and a year, with their checks, as a page, CSV and XLSX. The disclosure office only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.plugin_api import Agency, id_param, today
from plugins.disclosure_requests import stats, stats_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2019  # the regulation in force since 15 May 2019


def may_see_statistics(user) -> bool:
    return user.is_active and (
        user.is_superuser or user.has_perm("disclosure_requests.handle_request")
    )


def appeals_url(user) -> str:
    """The appeals' listing, for those who may see it."""
    may = user.has_perm("disclosure_requests.view_appeal") or user.has_perm(
        "disclosure_requests.change_appeal"
    )
    return reverse("disclosure_appeals:index") if may else ""


def _year(raw: str) -> int:
    """The year asked for; anything else (a word, a year out of range) is last year."""
    this_year = today().year
    if raw.isdigit() and FIRST_YEAR <= int(raw) <= this_year:
        return int(raw)
    return this_year - 1


def statistics(request):
    if not may_see_statistics(request.user):
        raise PermissionDenied
    agencies = list(Agency.objects.order_by("name"))
    agency_id = id_param(request.GET.get("agency", ""))
    agency = next((a for a in agencies if a.pk == agency_id), None)
    year = _year(request.GET.get("year", ""))
    tables = stats.annual_tables(year, agency)
    name = f"disclosure-requests-{year}-{agency.pk if agency else 'all'}"
    export = request.GET.get("export")
    if export == "csv":
        response = HttpResponse(
            stats_export.csv_bytes(tables, agency, year), content_type="text/csv; charset=utf-8"
        )
    elif export == "xlsx":
        response = HttpResponse(stats_export.xlsx_bytes(tables, agency, year), content_type=XLSX)
    else:
        return TemplateResponse(
            request,
            "disclosure_requests/admin/statistics.html",
            {
                "title": _("Disclosure request statistics"),
                "agencies": agencies,
                "agency": agency,
                "year": year,
                "years": range(today().year, FIRST_YEAR - 1, -1),
                "requests_table": tables[0],
                "requests_rows": [
                    (row, [row.cells.get(c.key) for c in tables[0].columns])
                    for row in tables[0].rows
                ],
                "appeals_table": tables[1],
                "appeals_url": appeals_url(request.user),
                "query": f"agency={agency.pk if agency else ''}&year={year}",
            },
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{export}"'
    return response
