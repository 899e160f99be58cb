"""The Elasticsearch backend: mapping and queries built with the Elasticsearch DSL.

Bodies are plain dicts from the DSL's ``to_dict()``; a ``Transport`` sends them, either
with the official Elasticsearch 8 client or with opensearch-py, the only code that
differs between the two (the official client's ``compatible-with=8`` media types are
refused by OpenSearch). Searches go through an alias; a rebuild fills a new index and
moves the alias in one atomic ``_aliases`` call.
"""

import time
from collections.abc import Callable, Iterable
from dataclasses import replace

from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import A, Date, Integer, Keyword, Mapping, Object, Q, Search, Text

from search.backends.base import Hit, Result, SearchBackend
from search.documents import TEXT_FIELDS
from search.query import Query, topic_names

# Field boosts, as the embedded backend's weights.
BOOSTS = {"title": 10, "doc_number": 4, "summary": 2, "body": 1, "interpretations": 1, "extra": 0.5}
FACET_FIELDS = {
    "agency": "agency.id",
    "division": "division.id",
    "doc_type": "doc_type",
    "topic": "topics",
    "year": "year",
    "plugin": "plugin_terms",
}
FACET_SIZE = 50
# The aggregation that counts the documents of each group a search by relevance lists.
GROUPS = "ranked_groups"


def mapping(analyzer: str) -> dict:
    m = Mapping()
    # Only mapped fields are indexed; anything else a plugin adds stays in _source.
    m.meta("dynamic", False)
    m.field("id", Integer())
    for name in TEXT_FIELDS:
        m.field(f"{name}_n", Text(analyzer=analyzer))
    m.field("doc_number_key", Keyword())
    m.field("agency", Object(properties={"id": Integer(), "name": Keyword()}))
    m.field("division", Object(properties={"id": Integer(), "name": Keyword()}))
    for name in ("doc_type", "topics", "plugin_terms", "index_number"):
        m.field(name, Keyword())
    m.field("year", Integer())
    m.field("issued_on", Date())
    m.field("published_at", Date())
    # The original text is only shown, never searched: keep it in _source, unindexed.
    for name in ("title", "doc_number", "summary", "body", "url"):
        m.field(name, Keyword(index=False, doc_values=False))
    m.field("interpretations", Object(enabled=False))
    m.field("plugins", Object(enabled=False))
    return m.to_dict()


def index_body(analyzer: str) -> dict:
    return {"settings": {"number_of_shards": 1}, "mappings": mapping(analyzer)}


def ranked_groups(query: Query) -> list:
    """The filters of the groups a search by relevance lists one after the other, each in
    order of score, as the embedded backend's ``ranked_groups``: the documents named by
    their number first, then, of those and of the others, the documents that still apply
    before the outdated ones. [None] when neither applies, or by date."""
    if query.sort != "relevance" or not query.tokens:
        return [None]
    levels = []
    if query.doc_numbers:
        exact = Q("terms", doc_number_key=list(query.doc_numbers))
        levels.append((exact, Q("bool", must_not=[exact])))
    if query.outdated:
        outdated = Q("terms", plugin_terms=list(query.outdated))
        levels.append((Q("bool", must_not=[outdated]), outdated))
    groups = [None]
    for first, then in levels:
        groups = [
            part if group is None else Q("bool", filter=[group, part])
            for group in groups
            for part in (first, then)
        ]
    return groups


def search_body(query: Query, groups: list | None = None, group: int = 0) -> dict:
    """The request body of a search, for either client: with ``groups``
    (``ranked_groups``), the hits of group ``group`` alone (a post filter: the facets
    count every match), and in the first group's, the documents of each group counted."""
    s = Search()
    if query.tokens:
        fields = [f"{name}_n^{BOOSTS[name]}" for name in TEXT_FIELDS]
        # Every token in some field, like the embedded backend's AND of tokens.
        s = s.query(
            Q("multi_match", query=query.text, fields=fields, type="cross_fields", operator="and")
        )
    f = query.filters
    for name, field in (
        ("agency", "agency.id"),
        ("division", "division.id"),
        ("doc_type", "doc_type"),
    ):
        if name in f:
            s = s.filter("term", **{field: f[name]})
    if "topic" in f:
        s = s.filter("terms", topics=list(topic_names(f["topic"])))
    years = {k: f[n] for k, n in (("gte", "year_from"), ("lte", "year_to")) if n in f}
    if years:
        s = s.filter("range", year=years)
    for term in f.get("plugin_terms", ()):
        s = s.filter("term", plugin_terms=term)
    for name, field in FACET_FIELDS.items() if query.facets else ():
        s.aggs.bucket(name, A("terms", field=field, size=FACET_SIZE))
    if groups and len(groups) > 1:
        s = s.post_filter(groups[group])
        if group == 0:
            filters = {str(n): g for n, g in enumerate(groups)}
            s.aggs.bucket(GROUPS, A("filters", filters=filters))
    if query.sort == "relevance":
        s = s.sort("_score", {"id": "asc"})
    else:
        s = s.sort({"issued_on": "desc"}, {"id": "desc"})
    s = s.extra(track_total_hits=True)[query.offset : query.offset + query.limit]
    return s.to_dict()


class Transport:
    """The calls the backend makes, over one client library."""

    def create_index(self, name: str, body: dict) -> None: ...
    def delete_index(self, name: str) -> None: ...
    def indices_of(self, alias: str) -> list[str]: ...
    def update_aliases(self, actions: list[dict]) -> None: ...
    def bulk(self, actions: Iterable[dict]) -> None: ...
    def delete(self, index: str, doc_id: int) -> None: ...
    def refresh(self, index: str) -> None: ...
    def search(self, index: str, body: dict) -> dict: ...


class ElasticsearchTransport(Transport):
    def __init__(self, url: str):
        self.client, self.helpers = Elasticsearch(url, request_timeout=30), helpers

    def create_index(self, name, body):
        self.client.indices.create(index=name, **body)

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def indices_of(self, alias):
        if not self.client.indices.exists_alias(name=alias):
            return []
        return list(self.client.indices.get_alias(name=alias).body)

    def update_aliases(self, actions):
        self.client.indices.update_aliases(actions=actions)

    def bulk(self, actions):
        self.helpers.bulk(self.client, actions)

    def delete(self, index, doc_id):
        self.client.options(ignore_status=404).delete(index=index, id=doc_id)

    def refresh(self, index):
        self.client.indices.refresh(index=index)

    def search(self, index, body):
        body = dict(body)
        if "from" in body:  # a Python keyword: the official client calls it from_
            body["from_"] = body.pop("from")
        return self.client.search(index=index, **body).body


class OpenSearchTransport(Transport):
    def __init__(self, url: str):
        # Only where the engine is OpenSearch: its client is loaded for it alone.
        from opensearchpy import OpenSearch, helpers

        self.client, self.helpers = OpenSearch(hosts=[url], timeout=30), helpers

    def create_index(self, name, body):
        self.client.indices.create(index=name, body=body)

    def delete_index(self, name):
        self.client.indices.delete(index=name, ignore_unavailable=True)

    def indices_of(self, alias):
        if not self.client.indices.exists_alias(name=alias):
            return []
        return list(self.client.indices.get_alias(name=alias))

    def update_aliases(self, actions):
        self.client.indices.update_aliases(body={"actions": actions})

    def bulk(self, actions):
        self.helpers.bulk(self.client, actions)

    def delete(self, index, doc_id):
        self.client.delete(index=index, id=doc_id, ignore=404)

    def refresh(self, index):
        self.client.indices.refresh(index=index)

    def search(self, index, body):
        return self.client.search(index=index, body=body)


def transport_for(kind: str, url: str) -> Transport:
    return ElasticsearchTransport(url) if kind == "elasticsearch" else OpenSearchTransport(url)


class ElasticBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, transport: Transport, *, index: str, analyzer: str = "cjk"):
        self.transport, self.alias, self.analyzer = transport, index, analyzer

    def _ensure_index(self) -> None:
        if not self.transport.indices_of(self.alias):
            name = self._new_index()
            self.transport.update_aliases([{"add": {"index": name, "alias": self.alias}}])

    def _new_index(self) -> str:
        name = f"{self.alias}-{time.time_ns() // 1000}"
        self.transport.create_index(name, index_body(self.analyzer))
        return name

    @staticmethod
    def _actions(index: str, documents: Iterable[dict], counter: list) -> Iterable[dict]:
        for document in documents:
            counter[0] += 1
            yield {"_index": index, "_id": document["id"], "_source": document}

    def index_documents(self, documents):
        self._ensure_index()
        counter = [0]
        self.transport.bulk(self._actions(self.alias, documents, counter))
        self.transport.refresh(self.alias)
        return counter[0]

    def delete_documents(self, ids):
        self._ensure_index()
        for doc_id in ids:
            self.transport.delete(self.alias, doc_id)
        self.transport.refresh(self.alias)

    def rebuild(self, documents, on_progress: Callable[[int], None] | None = None) -> int:
        old = self.transport.indices_of(self.alias)
        name = self._new_index()
        counter = [0]

        def reporting():
            for document in self._actions(name, documents, counter):
                yield document
                if on_progress and counter[0] % 500 == 0:
                    on_progress(500)

        self.transport.bulk(reporting())
        if on_progress and counter[0] % 500:
            on_progress(counter[0] % 500)
        self.transport.refresh(name)
        # One atomic call: searches see the old index until they see the new one.
        actions = [{"remove": {"index": i, "alias": self.alias}} for i in old]
        self.transport.update_aliases([*actions, {"add": {"index": name, "alias": self.alias}}])
        for index in old:
            self.transport.delete_index(index)
        return counter[0]

    def reset(self):
        for index in self.transport.indices_of(self.alias):
            self.transport.delete_index(index)
        self._ensure_index()

    def search(self, query: Query) -> Result:
        self._ensure_index()
        groups = ranked_groups(query)
        response = self.transport.search(self.alias, search_body(query, groups))
        found = response["hits"]["hits"]
        aggregations = dict(response.get("aggregations", {}))
        total = response["hits"]["total"]["value"]
        if len(groups) > 1:
            # The first group's hits came with the counts; the page may reach further.
            buckets = aggregations.pop(GROUPS)["buckets"]
            counts = [buckets[str(n)]["doc_count"] for n in range(len(groups))]
            total, start = sum(counts), counts[0]
            for n in range(1, len(groups)):
                wanted = query.limit - len(found)
                if wanted > 0 and query.offset < start + counts[n]:
                    offset = max(0, query.offset - start)
                    rest = replace(query, offset=offset, limit=wanted, facets=False)
                    body = search_body(rest, groups, n)
                    found = [*found, *self.transport.search(self.alias, body)["hits"]["hits"]]
                start += counts[n]
        hits = [Hit(id=int(h["_id"]), score=h.get("_score"), source=h["_source"]) for h in found]
        facets = {
            name: [(b["key"], b["doc_count"]) for b in aggregation["buckets"]]
            for name, aggregation in aggregations.items()
        }
        return Result(total=total, hits=hits, facets=facets)
