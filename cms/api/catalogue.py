"""GET /api/v1/catalogue: the government information disclosure catalogue (政府信息公开目录)
as the public site lists it (cms/public/catalogue.py): proactively disclosed documents
with index number, title, summary, date formed and publishing agency, paged."""

from __future__ import annotations

from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import Field

from cms.api.conditional import cached_for_stamp, public_get
from cms.api.errors import ErrorOut
from cms.api.pagination import page_of
from cms.api.schemas import MAX_PAGE_SIZE, Id
from cms.public.catalogue import entries, stable_url

router = Router(tags=["政府信息公开目录"])
ERRORS = {304: None, 400: ErrorOut, 429: ErrorOut}


class CatalogueFilters(Schema):
    agency: Id | None = Field(None, description="发布机构 id")
    topic: str | None = Field(None, max_length=100, description="主题")
    year: int | None = Field(None, ge=1900, le=2200, description="成文年份")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


class CatalogueEntry(Schema):
    index_number: str = Field(description="索引号")
    title: str
    summary: str = Field(description="内容概述")
    formed_on: str = Field(description="成文日期")
    agency: str = Field(description="发布机构")
    agency_id: int
    url: str = Field(description="稳定地址：/catalogue/<索引号>/，转到文件页面")


class CatalogueList(Schema):
    total: int
    page: int
    page_size: int
    num_pages: int
    items: list[CatalogueEntry]


@router.get(
    "/catalogue",
    response={200: CatalogueList, **ERRORS},
    url_name="catalogue",
    summary="政府信息公开目录",
)
@decorate_view(public_get)
def catalogue(request, filters: Query[CatalogueFilters]):
    """Proactively disclosed documents, newest first; filter by agency, topic and year."""
    chosen = {"agency": filters.agency, "topic": filters.topic or "", "year": filters.year}
    listed = entries(**chosen).order_by("-issued_on", "-pk")
    total = cached_for_stamp(request, ("catalogue-count", sorted(chosen.items())), listed.count)
    result = page_of(listed, total, filters.page, filters.page_size)
    result["items"] = [
        {
            "index_number": p.index_number,
            "title": p.title,
            "summary": p.summary,
            "formed_on": p.issued_on.isoformat(),
            "agency": p.agency.name,
            "agency_id": p.agency_id,
            "url": request.build_absolute_uri(stable_url(p.index_number)),
        }
        for p in result["items"]
    ]
    return result
