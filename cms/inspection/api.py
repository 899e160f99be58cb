"""GET /api/v1/ops/self-inspection: the self-inspection (网站自查) of every site, or of
``?site=<id>``, as Reports → 网站自查 shows it, for monitoring.

Not public: monitoring sends ``Authorization: Bearer <OPS_API_TOKEN>``; a signed-in user
who may see Reports → 网站自查 may also ask. 401 otherwise (403 for a signed-in user
without the right). Never cached."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from ninja import Query, Router, Schema
from pydantic import Field
from wagtail.models import Site

from cms.api.errors import ErrorOut, error_response
from cms.extend.inspection import worst
from cms.inspection.admin_views import may_inspect
from cms.inspection.indicators import as_dict, inspect

router = Router(tags=["运维"])


class SelfInspectionEvidenceOut(Schema):
    label: str
    url: str
    status: str


class SelfInspectionIndicatorOut(Schema):
    key: str
    title: str
    status: str = Field(description="ok 正常 / warning 提醒 / veto 单项否决风险")
    status_label: str
    summary: str
    rule: str
    evidence: list[SelfInspectionEvidenceOut]


class SelfInspectionSiteOut(Schema):
    id: int
    name: str
    hostname: str
    status: str
    indicators: list[SelfInspectionIndicatorOut]


class SelfInspectionOut(Schema):
    checked_at: str
    status: str = Field(description="所有站点中最差的状态")
    sites: list[SelfInspectionSiteOut]


class SelfInspectionFilters(Schema):
    site: int | None = Field(None, ge=1, description="站点 id；不填为全部站点")


def _token_ok(request) -> bool:
    expected = getattr(settings, "OPS_API_TOKEN", "")
    given = request.headers.get("Authorization", "")
    if not expected or not given.startswith("Bearer "):
        return False
    return hmac.compare_digest(given[len("Bearer ") :].strip().encode(), expected.encode())


@router.get(
    "/ops/self-inspection",
    response={200: SelfInspectionOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="网站自查结果（运维监控，需令牌）",
)
def self_inspection(request, response: HttpResponse, filters: Query[SelfInspectionFilters]):
    response["Cache-Control"] = "private, no-store"
    if not _token_ok(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return error_response(
                401, "unauthorized", "需要运维令牌（Authorization: Bearer …）。",
                WWW_Authenticate="Bearer",
            )  # fmt: skip
        if not may_inspect(user):
            return error_response(403, "forbidden", "无权查看网站自查结果。")
    sites = Site.objects.order_by("pk")
    if filters.site is not None:
        sites = sites.filter(pk=filters.site)
        if not sites.exists():
            return error_response(404, "not_found", "没有这个站点。")
    base = getattr(settings, "SITE_BASE_URL", "") or request.build_absolute_uri("/")
    results = [as_dict(site, inspect(site), base) for site in sites]
    return {
        "checked_at": timezone.now().isoformat(),
        "status": worst(site["status"] for site in results),
        "sites": results,
    }
