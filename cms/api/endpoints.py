"""The read endpoints of /api/v1/: thin views over cms.api.queries and serializers."""

from typing import Literal

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router
from ninja.decorators import decorate_view
from ninja.renderers import JSONRenderer
from pydantic import create_model

from cms.api import queries, serializers
from cms.api.conditional import cached_for_stamp, public_get, stamp
from cms.api.errors import ErrorOut, register_choices
from cms.api.pagination import page_of
from cms.api.schemas import (
    AgencyOut,
    Id,
    InterpretationDetail,
    PolicyDetail,
    PolicyFilters,
    PolicyList,
    TopicOut,
)
from cms.extend import plugin_manager, policy_filters
from cms.models import paging
from cms.models.list_rows import PolicyRow

router = Router(tags=["政策文件"])


def _with_plugin_filters(base):
    """The list's query parameters with one per plugin filter (hook ``policy_filters``),
    so each is validated and in the OpenAPI schema like the core's."""
    for f in policy_filters.available().values():
        register_choices(f.choices)
    fields = {
        f.name: (
            Literal[tuple(value for value, _label in f.choices)] | None,
            Field(None, description=str(f.label)),
        )
        for f in policy_filters.available().values()
        if f.name not in base.model_fields
    }
    return create_model("PolicyQuery", __base__=base, **fields) if fields else base


PolicyQuery = _with_plugin_filters(PolicyFilters)

ERRORS = {304: None, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut}


# The renderer of the NinjaAPI (policy_cms/api.py keeps ninja's default).
RENDERER = JSONRenderer()


def _answer(request, data) -> HttpResponse:
    """``data`` as ninja would answer it (its renderer, its content type), without
    validating it against the response schema again: the serializers build that shape
    exactly (tests/cms/api/test_http.py holds them to it), and validating a page of 20
    cost more than building it."""
    content = RENDERER.render(request, data, response_status=200)
    return HttpResponse(content, content_type=f"{RENDERER.media_type}; charset={RENDERER.charset}")


def _policy_or_404(policy, request, links):
    if policy is None:
        raise Http404(_("No public policy matches this request."))
    interpretations = queries.interpretation_rows_by_policy([policy], stamp(request))
    interpretations = interpretations.get(policy.pk, [])
    topics = queries.topics_by_policy([policy], stamp(request)).get(policy.pk, [])
    names = queries.names(stamp=stamp(request))
    return _answer(
        request, serializers.policy_detail(policy, interpretations, topics, links, names)
    )


@router.get(
    "/policies",
    response={200: PolicyList, **ERRORS},
    url_name="policy_list",
    summary="政策文件列表",
)
@decorate_view(public_get)
def policy_list(request, filters: Query[PolicyQuery]):
    """Public policies, newest first, with filters and page-number pagination."""
    at = stamp(request)

    def listed():
        return queries.filter_policies(filters, at).values(*queries.POLICY_ROW_FIELDS)

    # Every page of one filtered list has the same total: count it once per stamp.
    counted = sorted(filters.model_dump(exclude={"page", "page_size", "ordering"}).items())
    if filters.ordering == "-issued_on":  # the default: pages read from their first key
        # A function, not a queryset: a page whose count and first key are kept builds
        # none (its SQL is kept too, cms.models.shapes).
        total, rows = paging.page_rows(
            listed,
            filters.page,
            key=("api-policies", counted),
            per_page=filters.page_size,
            stamp=at,
        )
        result = {**page_of([], total, filters.page, filters.page_size), "items": rows}
    else:
        policies = listed()
        total = cached_for_stamp(request, ("policy-count", counted), policies.count)
        result = page_of(policies, total, filters.page, filters.page_size)
    page = [PolicyRow(row) for row in result["items"]]
    interpretations = queries.interpretation_rows_by_policy(page, at)
    topics = queries.topics_by_policy(page, at)
    links = serializers.Links(request)
    badges = plugin_manager.policy_badges(page, request=request)
    names = queries.names(stamp=at)
    result["items"] = [
        serializers.policy_item(
            p,
            interpretations.get(p["pk"], []),
            topics.get(p["pk"], []),
            links,
            badges.get(p["pk"], []),
            names,
        )
        for p in page
    ]
    return _answer(request, result)


@router.get(
    "/policies/by-index/{path:index_number}",
    response={200: PolicyDetail, **ERRORS},
    url_name="policy_by_index",
    summary="按索引号取政策文件",
)
@decorate_view(public_get)
def policy_by_index(request, index_number: str):
    """One public policy by its index number (索引号), which may contain slashes."""
    policy = queries.public_policy(stamp(request), index_number=index_number[:100])
    return _policy_or_404(policy, request, serializers.Links(request))


@router.get(
    "/policies/{id}",
    response={200: PolicyDetail, **ERRORS},
    url_name="policy_detail",
    summary="政策文件详情",
)
@decorate_view(public_get)
def policy_detail(request, id: Path[Id]):
    """One public policy with its body, attachments, interpretations and plugin fields."""
    policy = queries.public_policy(stamp(request), pk=id)
    return _policy_or_404(policy, request, serializers.Links(request))


@router.get(
    "/interpretations/{id}",
    response={200: InterpretationDetail, **ERRORS},
    url_name="interpretation_detail",
    summary="政策解读详情",
)
@decorate_view(public_get)
def interpretation_detail(request, id: Path[Id]):
    """One public interpretation with its structured sections and its policy."""
    interpretation = queries.public_interpretation(id, stamp(request))
    if interpretation is None:
        raise Http404(_("No public interpretation matches this request."))
    return serializers.interpretation_detail(interpretation, serializers.Links(request))


@router.get(
    "/agencies",
    response={200: list[AgencyOut], **ERRORS},
    url_name="agency_list",
    summary="发文机关及其处室",
)
@decorate_view(public_get)
def agency_list(request):
    """Every agency with its drafting divisions (the ids the policy filters take)."""
    return [
        {
            "id": agency.pk,
            "name": agency.name,
            "short_name": agency.short_name,
            "region": agency.region,
            "divisions": [{"id": d.pk, "name": d.name} for d in agency.divisions.all()],
        }
        for agency in queries.agencies()
    ]


@router.get(
    "/topics",
    response={200: list[TopicOut], **ERRORS},
    url_name="topic_list",
    summary="主题及文件数",
)
@decorate_view(public_get)
def topic_list(request):
    """Topics of public policies, with how many public policies carry each."""
    return list(queries.topics_with_counts(stamp(request)))
