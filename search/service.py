"""Running a search for the API and the HTML page: the backend's hits and facets turned
into what the public sees (list fields, highlights, matched interpretation, labels)."""

import logging

from django.urls import reverse

from cms.extend import policy_filters
from cms.models import Agency, Division, shapes
from cms.models.home import private_q, public_policies
from cms.models.list_rows import FIELDS, PolicyRow
from cms.models.policy import merged_topic_counts
from cms.models.stamps import kept_in_process, stamp_of
from cms.rules.doc_types import DocType
from search import highlight, indexing
from search.backends import SearchUnavailable, get_backend
from search.query import Query, SearchParams

logger = logging.getLogger(__name__)


def _interpretation_matches(source: dict, query_tokens) -> list[dict]:
    """The interpretations that hold every word, else those that hold any, each with a
    marked fragment (their texts normalized only as far as the words are looked for)."""
    items = source.get("interpretations", [])
    if not query_tokens:
        return []
    seen = [(i, highlight.contains(i["text"], query_tokens)) for i in items]
    best = [(i, start) for i, start in seen if start is not None]
    if not best:
        seen = [(i, highlight.contains(i["text"], query_tokens, every=False)) for i in items]
        best = [(i, start) for i, start in seen if start is not None]
    return [
        {
            "id": i["id"],
            "title": i["title"],
            "url": i["url"],
            # The start normalized to find the words, for the fragment too.
            "fragments": highlight.fragments(i["text"], query_tokens, 1, start),
        }
        for i, start in best
    ]


def hit_item(source: dict, query: Query, api_base: str) -> dict:
    """A hit as the list endpoint's item plus highlights and matched interpretations."""
    return {
        "id": source["id"],
        "title": source["title"],
        "doc_number": source["doc_number"],
        "index_number": source["index_number"],
        "agency": source["agency"],
        "division": source["division"],
        "doc_type": source["doc_type"],
        "topics": source["topics"],
        "issued_on": source["issued_on"],
        "published_at": source["published_at"],
        "url": source["url"],
        "api_url": f"{api_base}/{source['id']}",
        "summary": source["summary"],
        "interpretations": [
            {k: i[k] for k in ("id", "title", "form", "stage", "url")}
            for i in source["interpretations"]
        ],
        "plugins": source.get("plugins", {}),
        "highlight": {
            "title": highlight.highlight_title(source["title"], query.tokens),
            "doc_number": highlight.highlight_number(
                source["doc_number"], source.get("doc_number_key", ""), query.doc_numbers
            ),
            "body": highlight.fragments(source["body"], query.tokens)
            or highlight.fragments(source["summary"], query.tokens),
        },
        "matched_interpretations": _interpretation_matches(source, query.tokens),
    }


def _names() -> dict[str, dict[int, str]]:
    return {
        "agency": dict(Agency.objects.values_list("pk", "name")),
        "division": dict(Division.objects.values_list("pk", "name")),
    }


def names(stamp=None) -> dict[str, dict[int, str]]:
    """Every agency's and division's name by id, kept in the process for the publication
    stamp (saving or deleting either moves it, cms.signals): the facets' labels cost no
    query, nor a round trip to the cache (a few hundred short names)."""
    return kept_in_process(("search", "names"), _names, stamp=stamp or stamp_of())


def _named_buckets(labels: dict, buckets) -> list[dict]:
    """Buckets of agencies or divisions that exist. A policy keeps its agency and division
    alive (PROTECT), so a bucket of one that no longer exists counts stale documents."""
    return [{"value": str(v), "label": labels[v], "count": c} for v, c in buckets if v in labels]


def facets(raw: dict[str, list[tuple]], stamp=None) -> dict[str, list[dict]]:
    """Facet buckets with labels; plugin terms become one facet per plugin field."""
    doc_types = dict(DocType.choices)
    labels = names(stamp)
    out = {
        "agency": _named_buckets(labels["agency"], raw.get("agency", [])),
        "division": _named_buckets(labels["division"], raw.get("division", [])),
        "doc_type": [
            {"value": v, "label": str(doc_types.get(v, v)), "count": c}
            for v, c in raw.get("doc_type", [])
        ],
        # One bucket per topic whatever its script (政务公开, 政務公開), in the spelling in use.
        "topic": [
            {"value": v, "label": v, "count": c}
            for v, c in merged_topic_counts(raw.get("topic", []), stamp)
        ],
        "year": [
            {"value": str(v), "label": str(v), "count": c}
            for v, c in sorted(raw.get("year", []), key=lambda b: -int(b[0]))
        ],
    }
    labels = policy_filters.facet_labels()
    for term, count in raw.get("plugin", []):
        field, _sep, value = term.partition("=")
        label = labels.get(field, {}).get(value, value)
        out.setdefault(f"plugins.{field}", []).append(
            {"value": term, "label": label, "count": count}
        )
    return out


def _public_hits(hits: list, stamp=None, listed: bool = False) -> tuple[list, dict]:
    """The hits whose policy the public may see now, in their order, in one query; with
    ``listed``, also those policies by id as the rows of a list (``PolicyRow``: what
    ``policy_badges`` reads, as on the library's lists, without building twenty pages),
    else an empty dict.

    The index lags the database by a task, and may hold documents of a database that is
    gone; the database decides. A stale hit is dropped and its removal queued.
    """
    ids = [hit.id for hit in hits]
    policies = {}
    if ids:
        stamp = stamp or stamp_of()

        def found(*pks):
            policies = public_policies(private_q=private_q(stamp))
            return policies.values(*FIELDS if listed else ("pk",)).filter(pk__in=pks)

        # The SQL compiled once per number of hits and stamp: only the ids differ.
        rows = shapes.read(("search hits", listed, len(ids)), found, tuple(ids), stamp=stamp)
        if listed:
            policies = {row["pk"]: PolicyRow(row) for row in rows}
            public = set(policies)
        else:
            public = {row["pk"] for row in rows}
    else:
        public = set()
    stale = [pk for pk in ids if pk not in public]
    if stale:
        logger.warning("search hits %s are not public policies; removing them", stale)
        indexing.schedule(*stale)
    return [hit for hit in hits if hit.id in public], policies


def run(params: SearchParams, request) -> dict:
    """Search with validated parameters; returns total, hits and facets.

    Raises ``SearchUnavailable`` when the engine fails, whatever its error.
    """
    return search(params, request)[0]


def search(params: SearchParams, request, listed: bool = False) -> tuple[dict, dict]:
    """``run``'s answer, and with ``listed`` the hits' policies by id (``_public_hits``)."""
    query = Query.from_params(params)
    backend = get_backend()
    try:
        result = backend.search(query)
    except Exception as error:
        # Whatever the engine's failure, the public gets "try later", the log the cause.
        logger.exception("The %s search backend failed", backend.name)
        raise SearchUnavailable(str(error)) from error
    stamp = stamp_of(request)
    hits, policies = _public_hits(result.hits, stamp, listed)
    api_base = request.build_absolute_uri(reverse("api_v1:policy_list"))
    results = {
        "total": max(result.total - (len(result.hits) - len(hits)), len(hits)),
        "page": params.page,
        "page_size": params.page_size,
        "hits": [hit_item(hit.source, query, api_base) for hit in hits],
        "facets": facets(result.facets, stamp),
    }
    return results, policies
