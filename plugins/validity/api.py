"""The catalogue of documents in force in the public API (``api_routers``)."""

from datetime import date, datetime

from django.http import Http404
from ninja import Path, Router, Schema
from ninja.decorators import decorate_view

from cms.plugin_api import ErrorOut, public_get
from plugins.validity import campaigns, catalogue
from plugins.validity.views import _closed_campaign

router = Router(tags=["规范性文件有效性"])


class InForceItem(Schema):
    id: int
    agency: str
    title: str
    doc_number: str
    registration_number: str
    issued_on: str
    effective_from: str
    expires_on: str
    state: str
    state_label: str
    url: str


class InForceList(Schema):
    total: int
    items: list[InForceItem]


@router.get(
    "/validity/in-force",
    response={200: InForceList, 304: None, 429: ErrorOut},
    url_name="validity_in_force",
    summary="现行有效规范性文件目录",
)
@decorate_view(public_get)
def in_force(request):
    """Every public normative document in force (amended ones included), by agency; the
    XLSX of the same list is at ``/validity/in-force.xlsx``."""
    items = catalogue.rows(request.build_absolute_uri("/")[:-1])
    return {"total": len(items), "items": items}


class CampaignDocument(Schema):
    id: int
    title: str
    agency: str
    doc_number: str
    registration_number: str
    reason: str
    url: str


class CampaignResult(Schema):
    id: int
    name: str
    reference_date: date
    closed_at: datetime
    decisions: dict[str, list[CampaignDocument]]


@router.get(
    "/validity/campaigns/{campaign_id}",
    response={200: CampaignResult, 304: None, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    url_name="validity_campaign",
    summary="规范性文件清理结果",
)
@decorate_view(public_get)
def campaign_result(request, campaign_id: Path[int]):
    """The result of a closed cleanup campaign (清理): the documents by decision (`keep`,
    `amend`, `repeal`, `invalidate`), with each division's reason."""
    if campaign_id > 2**63 - 1:
        raise Http404
    campaign = _closed_campaign(campaign_id)
    base = request.build_absolute_uri("/")[:-1]
    decisions = {
        key: [{**doc, "url": base + doc["url"]} for doc in docs]
        for key, docs in campaigns.result(campaign).items()
    }
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "reference_date": campaign.reference_date,
        "closed_at": campaign.closed_at,
        "decisions": decisions,
    }
