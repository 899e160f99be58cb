"""Public views: the catalogue of normative documents in force."""

from itertools import groupby

from django.http import HttpResponse
from django.template.response import TemplateResponse

from . import catalogue

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_force(request):
    items = catalogue.rows()
    agencies = [(agency, list(docs)) for agency, docs in groupby(items, key=lambda i: i["agency"])]
    return TemplateResponse(
        request, "validity/in_force.html", {"agencies": agencies, "total": len(items)}
    )


def in_force_xlsx(request):
    content = catalogue.workbook(catalogue.rows(request.build_absolute_uri("/")[:-1]))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="in-force.xlsx"'
    return response
