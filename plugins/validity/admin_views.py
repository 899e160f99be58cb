"""Admin → Reports → 规范性文件年度统计: the annual report's table for an agency and year."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.plugin_api import Agency, today
from plugins.validity.annual import ROWS, annual_counts


def annual_report(request):
    agencies = list(Agency.objects.order_by("name"))
    raw_agency, raw_year = request.GET.get("agency", ""), request.GET.get("year", "")
    agency = next(
        (a for a in agencies if str(a.pk) == raw_agency), agencies[0] if agencies else None
    )
    year = (
        int(raw_year) if raw_year.isdigit() and 2000 <= int(raw_year) <= 2200 else today().year - 1
    )
    counts = annual_counts(agency, year) if agency else {}
    rows = [(str(ROWS[key][0]), cells) for key, cells in counts.items()]
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
        },
    )
