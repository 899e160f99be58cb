"""GET /api/v1/search: the search as JSON, with the API's errors, limits and caching."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from cms.api.conditional import public_get
from cms.api.errors import ErrorOut, error_response
from cms.api.schemas import PolicyItem
from search import service
from search.backends import SearchUnavailable
from search.query import SearchParams, unrecognized, unrecognized_message

UNAVAILABLE_SECONDS = 30

router = Router(tags=["检索"])


class Fragments(Schema):
    title: str = Field(description="标题，命中词以 <mark> 标出")
    doc_number: str = Field(description="文号，按文号检索命中时整体以 <mark> 标出")
    body: list[str] = Field(description="正文片段，命中词以 <mark> 标出")


class MatchedInterpretation(Schema):
    id: int
    title: str
    url: str
    fragments: list[str]


class SearchHit(PolicyItem):
    plugins: dict[str, dict[str, Any]]
    highlight: Fragments
    matched_interpretations: list[MatchedInterpretation]


class FacetBucket(Schema):
    value: str
    label: str
    count: int


class SearchResults(Schema):
    total: int
    page: int
    page_size: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetBucket]]


@router.get(
    "/search",
    response={
        200: SearchResults,
        304: None,
        400: ErrorOut,
        404: ErrorOut,
        429: ErrorOut,
        503: ErrorOut,
    },
    url_name="search",
    summary="检索政策文件及其解读",
)
@decorate_view(public_get)
def search(request, params: Query[SearchParams]):
    """Full-text search with filters and facets; an empty q lists by date. A q that holds
    nothing searchable (only emoji, punctuation or spaces) is a 400 `unrecognized_query`."""
    if unrecognized(params.q):
        return error_response(400, "unrecognized_query", unrecognized_message())
    return service.run(params, request)


def unavailable_message() -> str:
    return _("Search is unavailable at the moment; please try again later.")


def on_search_unavailable(request, exc: SearchUnavailable):
    """503 with a Chinese sentence and Retry-After; the cause is in the log."""
    return error_response(
        503, "search_unavailable", unavailable_message(), Retry_After=str(UNAVAILABLE_SECONDS)
    )
