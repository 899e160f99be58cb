"""Admin → Reports → 规范性文件年度统计: the annual report's table for an agency and year,
each count linking to the documents it counts (the annual report's cells link here)."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.plugin_api import Agency, PolicyPage, today
from plugins.validity.annual import ROWS, annual_records, records_url

COLUMNS = ("issued", "repealed", "in_force")


def annual_report(request):
    agencies = list(Agency.objects.order_by("name"))
    raw_agency, raw_year = request.GET.get("agency", ""), request.GET.get("year", "")
    agency = next(
        (a for a in agencies if str(a.pk) == raw_agency), agencies[0] if agencies else None
    )
    year = (
        int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2200 else today().year - 1
    )
    records = annual_records(agency, year) if agency else {}
    rows = [
        (
            str(ROWS[key][0]),
            {
                column: {"count": len(ids), "url": records_url(agency, year, key, column)}
                for column, ids in cells.items()
            },
        )
        for key, cells in records.items()
    ]
    row, column = request.GET.get("row", ""), request.GET.get("column", "")
    documents = None
    if row in records and column in COLUMNS:
        documents = PolicyPage.objects.filter(pk__in=records[row][column]).order_by(
            "-issued_on", "pk"
        )
    return TemplateResponse(
        request,
        "validity/admin/annual.html",
        {
            "title": _("Normative documents by year"),
            "agencies": agencies,
            "agency": agency,
            "year": year,
            "years": range(today().year, today().year - 10, -1),
            "rows": rows,
            "row": str(ROWS[row][0]) if documents is not None else "",
            "column": column,
            "documents": documents,
        },
    )
