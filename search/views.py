"""The public search page: the same search as /api/v1/search, as HTML."""

from html import escape
from urllib.parse import quote_plus, urlencode

from django.shortcuts import render
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pydantic import ValidationError

from cms.api.conditional import check_rate
from cms.api.errors import invalid_parameters_message
from cms.extend import plugin_manager, policy_filters
from cms.models.home import public_policies
from cms.models.stamps import kept_for_stamp, stamp_of
from cms.rules.doc_types import DocType
from search import service
from search.api import UNAVAILABLE_SECONDS, unavailable_message
from search.backends import SearchUnavailable
from search.query import MAX_PAGE, SearchParams, unrecognized, unrecognized_message

FILTERS = ("agency", "division", "doc_type", "topic", "year_from", "year_to", "sort")


@kept_for_stamp
def example_number() -> str:
    """The search box's example of a document number: this library's latest one (the
    demo's 江统〔2026〕…), not another city's; empty while none is public."""
    numbers = public_policies().exclude(doc_number="").order_by("-issued_on", "-pk")
    return numbers.values_list("doc_number", flat=True).first() or ""


def _params(request) -> dict:
    data = {name: request.GET[name] for name in (*FILTERS, "q", "page") if request.GET.get(name)}
    if request.GET.getlist("plugin"):
        data["plugin"] = request.GET.getlist("plugin")
    return data


def _past_the_end(current: dict) -> bool:
    """Bring a page number out of range into it, as the libraries' lists do (0 or below,
    or no whole number at all: the first page); True when it was past the last page a
    search may reach, which is then looked for from the first."""
    try:
        number = int(current.get("page", 1))
    except ValueError:
        current.pop("page")  # ?page=abc, ?page=1.5: a citizen sees results, not a parameter
        return False
    if number < 1:
        current.pop("page")
    elif number > MAX_PAGE:
        current.pop("page")
        return True
    return False


def _link(current: dict, **changes) -> str:
    """The query string of the page with some parameters changed (None removes one)."""
    if "page" not in changes:
        changes["page"] = None  # a new filter starts again at the first page
    merged = {k: v for k, v in {**current, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged, doseq=True)


# Stands for a bucket's value in a link made once per facet; quoted it reads %00%01%00,
# which no quoted value can contain (a real "%" is quoted as %25).
_VALUE = "\x00\x01\x00"


def _put(value: str, changes: dict) -> dict:
    return {
        k: [value if x == _VALUE else x for x in v] if isinstance(v, list) else value
        for k, v in changes.items()
    }


def _links(current: dict, values: list[str], **changes) -> list[str]:
    """``_link`` for each of ``values`` put where ``changes`` holds ``_VALUE``: the query
    string is encoded once per facet, not once per bucket."""
    template, placeholder = _link(current, **changes), quote_plus(_VALUE)
    # An empty value drops its parameter instead (``_link``); no bucket has one.
    return [
        template.replace(placeholder, quote_plus(value))
        if value
        else _link(current, **_put(value, changes))
        for value in values
    ]


def _escape(value) -> str:
    """``conditional_escape``, with a plain string escaped at once (as Django's ``escape``
    does, without its lazy wrapper's cost: a page escapes about a thousand values)."""
    return escape(value) if type(value) is str else conditional_escape(value)


def _facet_list(buckets: list[dict]) -> str:
    """A facet's list items, escaped as the template escapes: a page shows up to 300
    buckets, which took the template engine a couple of milliseconds."""
    return mark_safe(
        "".join(
            f'<li><a href="{_escape(b["link"])}">{_escape(b["label"])}</a>'
            f' <span class="count">{b["count"]}</span></li>'
            for b in buckets
        )
    )


def _hit_html(hit: dict, found_in: str) -> str:
    """A hit's list item, written as the template wrote it (escaped as it escapes; the
    highlights are HTML already): twenty hits took the template engine ~2 ms."""
    e = _escape
    badges = ""
    if hit["badges"]:
        badges = (
            ' <span class="badges">'
            + "".join(
                f'<span class="badge{f" badge-{e(style)}" if style else ""}">{e(label)}</span>'
                for label, style in hit["badges"]
            )
            + "</span>"
        )
    number = f" · {hit['highlight']['doc_number']}" if hit["doc_number"] else ""
    body = "".join(f'<p class="fragment">{f}</p>' for f in hit["highlight"]["body"])
    interpretations = "".join(
        f'\n        <p class="matched-interpretation">{found_in} <a href="{e(i["url"])}">'
        f"{e(i['title'])}</a>{''.join(f'：{f}' for f in i['fragments'])}</p>\n        "
        for i in hit["matched_interpretations"]
    )
    return mark_safe(
        f'\n      <li class="hit">\n        <h3><a href="{e(hit["url"])}">'
        f"{hit['highlight']['title']}</a>{badges}</h3>\n"
        f'        <p class="meta">{e(hit["agency"]["name"])}{number} · {e(hit["issued_on"])}</p>\n'
        f"        {body}\n        {interpretations}\n      </li>\n    "
    )


def search_page(request):
    current = _params(request)
    context = {
        "query": current.get("q", ""),
        "current": current,
        "doc_types": DocType.choices,
        "example_number": example_number(stamp=stamp_of(request)),
    }
    throttled = check_rate(request)  # the same allowance per client as the API
    if throttled is not None:
        wait = max(1, int(throttled.wait or 1))
        context["error"] = _("Too many searches; try again in %(seconds)d seconds.") % {
            "seconds": wait
        }
        response = render(request, "search/search.html", context, status=429)
        response["Retry-After"] = str(wait)
        return response
    beyond = _past_the_end(current)
    try:
        params = SearchParams.model_validate(current)
    except ValidationError as error:
        context["error"] = invalid_parameters_message(error.errors())
        return render(request, "search/search.html", context, status=400)
    if unrecognized(params.q):
        # Not the whole library as if it matched: say so, and list nothing.
        context["error"] = unrecognized_message()
        return render(request, "search/search.html", context, status=400)
    try:
        results, policies = service.search(params, request, listed=True)
        last = min(-(-results["total"] // params.page_size), MAX_PAGE)
        if last >= 1 and (beyond or params.page > last):
            # Past the end shows the last page, as the libraries' lists do.
            params = params.model_copy(update={"page": last})
            current["page"] = str(last)
            results, policies = service.search(params, request, listed=True)
    except SearchUnavailable:
        context["error"] = unavailable_message()
        response = render(request, "search/search.html", context, status=503)
        response["Retry-After"] = str(UNAVAILABLE_SECONDS)
        return response
    facet_titles = {
        "agency": _("Agency"),
        "division": _("Drafting division"),
        "doc_type": _("Document type"),
        "topic": _("Topic"),
        "year": _("Year"),
    }
    # A plugin's facet is headed by the label of its filter (``PolicyFilter.search_field``);
    # a plugin field no filter names has no label for the public and is not shown.
    facet_titles.update(
        {f"plugins.{field}": title for field, title in policy_filters.facet_titles().items()}
    )
    facets = []
    for name, buckets in results["facets"].items():
        if not buckets or name not in facet_titles:
            continue
        values = [bucket["value"] for bucket in buckets]
        if name == "year":
            links = _links(current, values, year_from=_VALUE, year_to=_VALUE)
        elif name.startswith("plugins."):
            links = _links(current, values, plugin=[*params.plugin, _VALUE])
        else:
            links = _links(current, values, **{name: _VALUE})
        for bucket, link in zip(buckets, links, strict=True):
            bucket["link"] = link
        facets.append(
            {
                "name": name,
                "title": facet_titles[name],
                "buckets": buckets,
                "list": _facet_list(buckets),
            }
        )
    # The badges plugins show beside a policy in every list (现行有效 …), as the home page's
    # and the libraries' lists show them.
    # With the request, from what they keep for its stamp (the validity plugin: no query).
    badges = plugin_manager.styled_policy_badges(
        [policies[hit["id"]] for hit in results["hits"]], request
    )
    found_in = conditional_escape(_("Found in the interpretation"))
    for hit in results["hits"]:
        hit["badges"] = badges.get(hit["id"], [])
        hit["html"] = _hit_html(hit, found_in)
    pages = min(-(-results["total"] // params.page_size), MAX_PAGE)
    context.update(
        results=results,
        facets=facets,
        page=params.page,
        pages=pages,
        previous=_link(current, page=params.page - 1) if params.page > 1 else "",
        next=_link(current, page=params.page + 1) if params.page < pages else "",
        clear=_link({"q": current.get("q", "")}),
    )
    return render(request, "search/search.html", context)
