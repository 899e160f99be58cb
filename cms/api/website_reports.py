"""GET /api/v1/website-reports and /api/v1/website-reports/{id}: the published website
annual reports (政府网站工作年度报表; their live version only), with their identity and
tables as frozen."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from cms.api.conditional import public_get
from cms.api.errors import ErrorOut
from cms.api.schemas import Id
from cms.models import WebsiteReportPage
from cms.reports.assembly import is_manual

router = Router(tags=["政府网站工作年度报表"])
ERRORS = {304: None, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


class WebsiteReportItem(Schema):
    id: int
    title: str
    site: str
    site_id: int
    year: int
    published_at: str
    url: str
    word_url: str


class WebsiteCellOut(Schema):
    key: str
    label: str
    value: int | float | None  # a number in JSON, not Decimal's string


class WebsiteTableOut(Schema):
    key: str
    title: str
    entered_by_hand: bool
    rows: list[WebsiteCellOut]


class WebsiteReportDetail(WebsiteReportItem):
    change_note: str
    identity: dict[str, str]
    tables: list[WebsiteTableOut]


class WebsiteReportFilters(Schema):
    site: Id | None = Field(None, description="站点 id")
    year: int | None = Field(None, ge=2008, le=2100, description="年度")


def _item(report, request) -> dict:
    return {
        "id": report.pk,
        "title": report.title,
        "site": report.identity.get("name", ""),
        "site_id": report.site_id,
        "year": report.year,
        "published_at": report.first_published_at.isoformat(),
        "url": request.build_absolute_uri(report.url),
        "word_url": request.build_absolute_uri(reverse("website_report_word", args=[report.pk])),
    }


@router.get(
    "/website-reports",
    response={200: list[WebsiteReportItem], **ERRORS},
    url_name="website_report_list",
    summary="政府网站工作年度报表列表",
)
@decorate_view(public_get)
def website_report_list(request, filters: Query[WebsiteReportFilters]):
    """Published website reports, newest year first; filter by site and year."""
    reports = WebsiteReportPage.objects.live().public()
    if filters.site is not None:
        reports = reports.filter(site_id=filters.site)
    if filters.year is not None:
        reports = reports.filter(year=filters.year)
    return [_item(r, request) for r in reports.order_by("-year", "pk")]


@router.get(
    "/website-reports/{id}",
    response={200: WebsiteReportDetail, **ERRORS},
    url_name="website_report_detail",
    summary="政府网站工作年度报表详情",
)
@decorate_view(public_get)
def website_report_detail(request, id: Id):
    """One published website report: its identity and tables."""
    report = WebsiteReportPage.objects.live().public().filter(pk=id).first()
    if report is None:
        raise Http404(_("No published website report matches this request."))
    return {
        **_item(report, request),
        "change_note": report.change_note,
        "identity": {k: str(v) for k, v in (report.identity or {}).items()},
        "tables": [
            {
                "key": t.key,
                "title": str(t.title),
                "entered_by_hand": is_manual(t),
                "rows": [
                    {"key": r.key, "label": r.label, "value": r.cells.get("value")} for r in t.rows
                ],
            }
            for t in report.frozen_tables()
        ],
    }
