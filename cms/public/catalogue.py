"""The government information disclosure catalogue (政府信息公开目录, art. 12 of the
disclosure regulations): every proactively disclosed document with its index number
(索引号), title, summary (内容概述), date formed (成文日期) and publishing agency,
filterable by agency, topic and year and paged, at ``/catalogue/``, with a stable address
per document, ``/catalogue/<index number>/``, that leads to its page for as long as it is
public. ``GET /api/v1/catalogue`` (cms/api/catalogue.py) reads the same list."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from taggit.models import Tag

from cms.extend.page_tags import INFORMATION
from cms.models import Agency, paging
from cms.models.home import public_policies
from cms.models.list_rows import url_of_child
from cms.models.policy import topic_select, topic_spellings_of
from cms.models.stamps import kept_in_cache, stamp_of
from cms.text.params import id_param, year_param

PAGE_SIZE = 20


def entries(agency: int | None = None, topic: str = "", year: int | None = None, stamp=None):
    """The catalogue's entries, newest first: public policies with an index number (a
    policy gets one when first published), narrowed by agency id, topic and year (the
    view restrictions those read for the request's ``stamp``, when given)."""
    policies = public_policies(stamp=stamp).filter(index_number__isnull=False)
    policies = policies.select_related("agency")
    if agency is not None:
        policies = policies.filter(agency_id=agency)
    if topic:
        # Every spelling of the topic in use: 政務公開 finds 政务公开 too.
        policies = policies.filter(
            topics__name__in=topic_spellings_of(topic[:100], stamp)
        ).distinct()
    if year is not None:
        policies = policies.filter(issued_on__year=year)
    return policies.only("title", "index_number", "summary", "issued_on", "agency", "agency__name")


def _agencies() -> list[Agency]:
    """The agencies with a public policy, for the filter (one EXISTS probe each)."""
    public = public_policies().filter(agency=OuterRef("pk"))
    return list(Agency.objects.filter(Exists(public)).only("name"))


def _years() -> list[int]:
    """The years of the catalogue's entries, newest first, for the filter."""
    years = public_policies().filter(index_number__isnull=False).dates("issued_on", "year")
    return sorted({d.year for d in years}, reverse=True)


def _topics(stamp=None) -> list[str]:
    """The topics of the catalogue's entries, each once in the spelling in use
    (``topic_spellings_of``), sorted, for the filter's choice (one EXISTS probe per
    topic)."""
    entries = public_policies().filter(index_number__isnull=False, topics=OuterRef("pk"))
    names = Tag.objects.filter(Exists(entries)).values_list("name", flat=True)
    return sorted({topic_spellings_of(name, stamp)[0] for name in names})


def stable_url(index_number: str) -> str:
    return reverse("catalogue_entry", args=[index_number])


# What a row of the list reads (values() names), besides its stable address.
FIELDS = ("pk", "index_number", "title", "summary", "issued_on", "agency__name")


def _filters(stamp=None) -> dict:
    """The filters' choices, read together once per publication stamp."""
    return {"agencies": _agencies(), "years": _years(), "topics": _topics(stamp)}


def catalogue(request):
    """``/catalogue/``: the list, twenty to a page, with its filters."""
    selected = {
        "agency": id_param(request.GET.get("agency", "")),
        "topic": request.GET.get("topic", "")[:100].strip(),
        "year": year_param(request.GET.get("year", "")),
    }
    stamp = stamp_of(request)
    page = paging.indexed_page(
        lambda: entries(**selected, stamp=stamp).values(*FIELDS),
        request.GET.get("page"),
        key=("catalogue", sorted(selected.items())),
        per_page=PAGE_SIZE,
        stamp=stamp,
    )
    # Each entry's stable address, without reversing it per row.
    prefix = stable_url("-")[: -len("-/")]
    for row in page.object_list:
        row["url"] = url_of_child(prefix, row["index_number"])
    filters = kept_in_cache("catalogue-filters", lambda: _filters(stamp), stamp=stamp)
    name = _("Government information disclosure catalogue")
    context = {
        "entries": page,
        "agencies": filters["agencies"],
        "years": filters["years"],
        # The asked topic in the spelling in use, selected, so the form sent again keeps
        # it (政務公開 asked where 政务公开 is in use), as the library's does.
        "topic_select": topic_select(filters["topics"], selected["topic"], stamp),
        "selected": selected,
        "column_tags": {
            "ColumnName": name,
            "ColumnKeywords": [name, _("Proactive disclosure")],
            "ColumnDescription": _(
                "Every proactively disclosed document with its index number, title, summary, "
                "date formed and publishing agency, by agency, topic and year."
            ),
            "ColumnType": INFORMATION,
        },
    }
    return TemplateResponse(request, "cms/catalogue.html", context)


def entry(request, index_number: str):
    """``/catalogue/<index number>/``: the document's page while it is public, else 404."""
    policy = public_policies().filter(index_number=index_number[:100]).first()
    if policy is None:
        raise Http404
    return redirect(policy.url)
