"""Public views: the catalogue of normative documents in force."""

from io import BytesIO
from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from plugins.validity import campaigns, catalogue
from plugins.validity.models import Campaign, CampaignItem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def in_force(request):
    """Twenty documents in force a page, newest first, grouped by agency on the page;
    ``?agency=<id>`` shows one agency's. The whole catalogue is the XLSX."""
    agency, page = catalogue.page(request)
    items = sorted(page.object_list, key=lambda i: i["agency"])
    agencies = [(name, list(docs)) for name, docs in groupby(items, key=lambda i: i["agency"])]
    name = _("Normative documents in force")
    # The list's page tags (网页标签): a column of the site's 信息发布.
    column = {"ColumnName": name, "ColumnKeywords": [name], "ColumnType": "信息发布"}
    context = {
        "agencies": agencies,
        "total": page.paginator.count,
        "page_obj": page,
        "agency_choices": catalogue.agencies(),
        "selected_agency": agency,
        "column_tags": column,
    }
    return TemplateResponse(request, "validity/in_force.html", context)


def in_force_xlsx(request):
    content = catalogue.workbook(catalogue.rows(request.build_absolute_uri("/")[:-1]))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="in-force.xlsx"'
    return response


def _closed_campaign(campaign_id: int):
    return get_object_or_404(Campaign, pk=campaign_id, state=Campaign.State.CLOSED)


def _labelled(lists: dict) -> list[tuple[str, list[dict]]]:
    return [(str(CampaignItem.Decision(key).label), docs) for key, docs in lists.items()]


def campaign_result(request, campaign_id: int):
    """The published result of a closed campaign: the documents by decision."""
    campaign = _closed_campaign(campaign_id)
    lists = _labelled(campaigns.result(campaign))
    return TemplateResponse(
        request, "validity/campaign_result.html", {"campaign": campaign, "lists": lists}
    )


def campaign_xlsx(request, campaign_id: int):
    # On first use: a heavy library only this export needs.
    from openpyxl import Workbook

    campaign = _closed_campaign(campaign_id)
    book = Workbook()
    sheet = book.active
    sheet.append([_("Decision"), _("Agency"), _("Title"), _("Document number"),
                  _("Registration number"), _("Reason"), _("Address")])  # fmt: skip
    base = request.build_absolute_uri("/")[:-1]
    for label, documents in _labelled(campaigns.result(campaign)):
        for doc in documents:
            fields = ("agency", "title", "doc_number", "registration_number", "reason")
            sheet.append([label, *(doc[field] for field in fields), base + doc["url"]])
    out = BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="campaign-{campaign.pk}.xlsx"'
    return response
