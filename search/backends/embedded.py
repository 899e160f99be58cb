"""The embedded backend: an on-disk Tantivy index, ranked by BM25, with no server.

Tantivy (a Rust search library, through the ``tantivy`` package) stores the tokens of
``search.text``, the cjk analyzer's, one field per text field, split on the spaces this
module puts between them, so it matches exactly the words the Elasticsearch backend
matches. Filters and facets read its columnar "fast" fields.

The facets count the documents a search matches through the same six fields, unscored.
(A field of every token once, for that alone, cost 45% of indexing's engine time and
saved about nothing at counting: the counts' cost is reading the facets' columns.)

The folder at SEARCH_EMBEDDED_PATH holds generations of the index and a ``CURRENT`` file
naming the live one, both named with the index's ``FORMAT``: a version of policy-cms that
changes the fields reads its own (none yet beside an older one's: ``SearchUnavailable``
until ``search_index rebuild`` fills it), and leaves an older format's files to the
version that reads them. A rebuild fills a new generation and replaces ``CURRENT`` in one
rename, so searches keep working during it; every search checks ``CURRENT`` and the
index's ``meta.json`` (rewritten on each commit) and reopens or reloads when either has
changed, so no process keeps reading a stale index. One process writes at a time
(Tantivy's lock); a writer that finds it taken waits a little and then gives up, and the
indexing task retries.
"""

import datetime
import json
import math
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import tantivy
from tantivy import Occur
from tantivy import Query as Q

from search.backends.base import Hit, Result, SearchBackend
from search.documents import TEXT_FIELDS
from search.query import Query as SearchQuery
from search.query import topic_names
from search.text import tokens

# Field weights, as the Elasticsearch backend's boosts: the title counts most.
WEIGHTS = {
    "title": 10.0,
    "doc_number": 4.0,
    "summary": 2.0,
    "body": 1.0,
    "interpretations": 1.0,
    "extra": 0.5,
}
# Facets by the fast field each counts, named as the fields themselves.
FACET_FIELDS = ("agency", "division", "doc_type", "topic", "year", "plugin")
FACET_LIMIT = 50
# The searches whose counts a thread keeps for the index's commit (``_kept``): a few
# kilobytes each, at most.
KEPT_SEARCHES = 512
# Date order in one integer: the issue date's ordinal, then the id for ties.
ID_BITS = 42
WRITE_HEAP = 64_000_000
# A rebuild's segments are as large as its heap allows: a large heap leaves fewer segments
# to merge while indexing and to search after (a million documents take ~7 GB on disk).
# Two threads: Python builds the documents while Tantivy indexes them.
REBUILD_HEAP = 1_000_000_000
REBUILD_THREADS = 2
LOCK_WAIT_SECONDS = 10.0
# The fields' version: a change of the schema or of what a field holds moves it.
FORMAT = 3
GENERATION = f"v{FORMAT}-gen-"
CURRENT = f"CURRENT-v{FORMAT}"
FIRST_GENERATION = f"{GENERATION}0"
# The pointer and first generation of the first format, before FORMAT was named.
LEGACY = ("CURRENT", "gen-0")


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", indexed=True, fast=True)
    for name in TEXT_FIELDS:
        # Term frequencies for BM25; no positions, as no query needs phrases.
        builder.add_text_field(f"{name}_n", tokenizer_name="whitespace", index_option="freq")
    for name in ("doc_number_key", "doc_type", "topic", "plugin"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in ("agency", "division", "year", "date_key"):
        builder.add_integer_field(name, indexed=True, fast=True)
    # What results show: the original fields, as JSON, stored and never searched.
    builder.add_bytes_field("source", stored=True)
    return builder.build()


SCHEMA = schema()


def date_key(document: dict) -> int:
    ordinal = datetime.date.fromisoformat(document["issued_on"]).toordinal()
    return (ordinal << ID_BITS) + document["id"]


def to_tantivy(document: dict) -> tantivy.Document:
    doc = tantivy.Document()
    doc.add_integer("id", document["id"])
    for name in TEXT_FIELDS:
        doc.add_text(f"{name}_n", " ".join(tokens(document.get(f"{name}_n", ""))))
    doc.add_text("doc_number_key", document["doc_number_key"])
    doc.add_text("doc_type", document["doc_type"])
    for topic in document["topics"]:
        doc.add_text("topic", topic)
    for term in document["plugin_terms"]:
        doc.add_text("plugin", term)
    doc.add_integer("agency", document["agency"]["id"])
    doc.add_integer("division", document["division"]["id"])
    doc.add_integer("year", document["year"])
    doc.add_integer("date_key", date_key(document))
    # The normalized copies are indexed above; results show the originals.
    source = {k: v for k, v in document.items() if not k.endswith("_n")}
    doc.add_bytes("source", json.dumps(source, ensure_ascii=False).encode())
    return doc


def _per_field(token: str) -> list[Q]:
    # A lone Chinese character matches the pairs it starts, so a one-character query
    # still finds something (the index holds pairs).
    if len(token) == 1 and not token.isascii():
        return [Q.regex_query(SCHEMA, f"{name}_n", f"{token}.*") for name in TEXT_FIELDS]
    return [Q.term_query(SCHEMA, f"{name}_n", token) for name in TEXT_FIELDS]


def _token_query(token: str, fields: tuple[str, ...] = TEXT_FIELDS) -> Q:
    per_field = dict(zip(TEXT_FIELDS, _per_field(token), strict=True))
    # Each token in some field (cross-field AND), scored by its best field.
    return Q.disjunction_max_query(
        [Q.boost_query(per_field[name], WEIGHTS[name]) for name in fields]
    )


def _match_query(token: str) -> Q:
    """The documents that have the token in any text field (``_token_query``'s), unscored."""
    return Q.const_score_query(Q.boolean_query([(Occur.Should, q) for q in _per_field(token)]), 0.0)


def _filter(query: Q) -> tuple[Occur, Q]:
    # Filters select and do not score.
    return (Occur.Must, Q.const_score_query(query, 0.0))


def _any_term(field: str, terms) -> Q:
    # Not Tantivy's term set query: it reads the field's whole term dictionary (~0.2 ms a
    # search), a few term queries read a posting list each.
    return Q.boolean_query([(Occur.Should, Q.term_query(SCHEMA, field, term)) for term in terms])


def _within(query: Q, group: list | None) -> Q:
    """``query``'s documents of one group (``ranked_groups``), scored as ``query`` scores."""
    return query if group is None else Q.boolean_query([(Occur.Must, query), *group])


def ranked_groups(query: SearchQuery) -> list[list | None]:
    """The groups of documents a search by relevance lists one after the other, each in
    order of score, as the clauses that select each: the documents named by their number
    first (``doc_numbers``), then, of those and of the others, the documents that still
    apply before the outdated ones (``outdated``). [None] (one group of all) when neither
    applies, or by date."""
    if query.sort != "relevance" or not query.tokens:
        return [None]
    levels = []
    if query.doc_numbers:
        exact = _any_term("doc_number_key", query.doc_numbers)
        levels.append(([_filter(exact)], [(Occur.MustNot, exact)]))
    if query.outdated:
        outdated = _any_term("plugin", query.outdated)
        levels.append(([(Occur.MustNot, outdated)], [_filter(outdated)]))
    groups = [[]]
    for first, then in levels:
        groups = [[*group, *part] for group in groups for part in (first, then)]
    return groups


def tantivy_query(query: SearchQuery, scored: bool = True, fields=TEXT_FIELDS) -> Q:
    """The Tantivy query for a search: every token somewhere, then the filters (without
    ``scored``, the same documents, with nothing that scores; with ``fields``, the
    documents that have the tokens in those fields, scored by them alone)."""
    if scored:
        clauses = [(Occur.Must, _token_query(token, fields)) for token in query.tokens]
    else:
        clauses = [(Occur.Must, _match_query(token)) for token in query.tokens]
    f = query.filters
    for name in ("agency", "division", "doc_type"):
        if name in f:
            clauses.append(_filter(Q.term_query(SCHEMA, name, f[name])))
    if "topic" in f:
        clauses.append(_filter(Q.term_set_query(SCHEMA, "topic", list(topic_names(f["topic"])))))
    if "year_from" in f or "year_to" in f:
        clauses.append(
            _filter(
                Q.range_query(
                    SCHEMA,
                    "year",
                    tantivy.FieldType.Integer,
                    lower_bound=f.get("year_from", -(2**31)),
                    upper_bound=f.get("year_to", 2**31),
                )
            )
        )
    for term in f.get("plugin_terms", ()):
        clauses.append(_filter(Q.term_query(SCHEMA, "plugin", term)))
    if not query.tokens:
        clauses.append((Occur.Must, Q.all_query()))
    return Q.boolean_query(clauses)


# Tantivy's BM25 (bm25.rs): a term's score is its idf times (k1 + 1) times a factor of
# its frequency that stays below one, so idf × (k1 + 1) is the most it can score.
BM25_K1 = 1.2


def _idf(doc_freq: int, docs: int) -> float:
    return math.log(1 + (docs - doc_freq + 0.5) / (doc_freq + 0.5))


def _indexed_docs(searcher, field: str, token: str, address) -> int | None:
    """The document count BM25's idf uses (deleted documents included, which
    ``num_docs`` leaves out), from the score of ``address``, which has ``token`` in
    ``field``."""
    explained = json.loads(Q.term_query(SCHEMA, field, token).explain(searcher, address).to_json())
    stack = [explained]
    while stack:
        node = stack.pop()
        if node.get("description", "").startswith("N,"):
            return int(node["value"])
        stack.extend(node.get("details", ()))
    return None


def _top(searcher, query: SearchQuery, group: list | None, offset: int, limit: int,
         unscored: Q | None = None) -> tuple[list, int | None]:  # fmt: skip
    """The (score, address) hits of one page of a group by relevance, as scoring every
    match ranks them: from the fields ``_first_fields`` names when ``_proved_top`` can
    prove that ranking from them, else from every match; and, given the search's
    ``unscored`` query, how many documents the group holds (else None), counted in the
    same pass when every match is scored anyway."""
    count = unscored is not None
    hits = _proved_top(searcher, query, group, offset + limit)
    if hits is not None:
        if count:
            counted = searcher.search(_within(unscored, group), limit=1, count=True).count
            return hits[offset:], counted
        return hits[offset:], None
    q = _within(tantivy_query(query), group)
    result = searcher.search(q, limit=limit, offset=offset, count=count)
    return result.hits, result.count if count else None


def _proved_top(searcher, query: SearchQuery, group: list | None, need: int) -> list | None:
    """The first ``need`` hits of a one-word search scored in a few fields, when that is
    provably the ranking of scoring all of them; else None.

    A common word is in almost every document's body, where its idf is near zero, and a
    title with it scores tens of times more (``WEIGHTS``, and a rarer term). So the fields
    where the word can score most, which few documents hold, are scored first; a
    document's score is its best field's, so when the last of those hits scores more than
    any other field can (its weight × idf × (k1 + 1)), each hit's best field was among
    those scored and every document left out scores less. At 100,000 policies this scores
    a quarter of the matches of 统计 instead of all of them, in one field instead of six.
    """
    first = _first_fields(searcher, query, need)
    if first is None:
        return None
    fields, others = first
    q = _within(tantivy_query(query, fields=fields), group)
    hits = searcher.search(q, limit=need, count=False).hits
    if len(hits) < need:
        return None
    docs = None
    for name in fields:
        try:
            docs = _indexed_docs(searcher, f"{name}_n", query.tokens[0], hits[0][1])
            break
        except ValueError:  # the best hit has the word in another of the fields
            continue
    if docs is None:
        return None
    bound = max(
        (WEIGHTS[name] * _idf(freq, docs) * (BM25_K1 + 1) for name, freq in others), default=0.0
    )
    # Above the bound by more than float32's rounding of the scores.
    return hits if hits[-1][0] > bound * (1 + 1e-5) + 1e-6 else None


def _first_fields(searcher, query: SearchQuery, need: int):
    """For one word by relevance (``_top``): the fields to score first (those where the
    word may score most, no more of them than hold half its occurrences) and each other
    field with the word's document frequency in it; None when there are no such fields
    or they hold fewer than ``need`` documents."""
    if len(query.tokens) != 1 or query.sort != "relevance":
        return None
    token = query.tokens[0]
    if len(token) == 1 and not token.isascii():
        return None  # matched by prefix: no one term's frequency
    freqs = [(name, searcher.doc_freq(f"{name}_n", token)) for name in TEXT_FIELDS]
    freqs = [(name, freq) for name, freq in freqs if freq]
    docs = max(searcher.num_docs, 1)
    # Most first; ordered with the live documents' count, which only the bound must not be.
    freqs.sort(key=lambda f: -WEIGHTS[f[0]] * _idf(min(f[1], docs), docs))
    total, held = sum(freq for _, freq in freqs), 0
    for n, (_, freq) in enumerate(freqs[:-1]):
        held += freq
        if held * 2 > total:
            break
        if held >= need:
            return tuple(name for name, _ in freqs[: n + 1]), freqs[n + 1 :]
    return None


def _grouped(searcher, query: SearchQuery, unscored: Q, groups: list, offset: int, limit: int,
             counts=None):  # fmt: skip
    """The (score, address) hits of one page of ``groups`` listed one after the other,
    and how many documents each group holds (``counts`` when they were counted already).
    Each group is counted through ``unscored`` (no scoring); only the groups the page
    reaches are scored."""
    hits, start, counted = [], 0, []
    for n, group in enumerate(groups):
        if counts is None:
            count = searcher.search(_within(unscored, group), limit=1, count=True).count
        else:
            count = counts[n]
        counted.append(count)
        if len(hits) < limit and offset < start + count:
            found, _ = _top(searcher, query, group, max(0, offset - start), limit - len(hits))
            hits.extend(found)
        start += count
    return hits, counted


def _buckets(aggregations: dict) -> dict[str, list[tuple]]:
    return {
        name: sorted(
            ((b["key"], b["doc_count"]) for b in aggregations[name]["buckets"]),
            key=lambda bucket: (-bucket[1], bucket[0]),
        )
        for name in FACET_FIELDS
    }


FACET_AGGREGATIONS = {
    name: {"terms": {"field": name, "size": FACET_LIMIT}} for name in FACET_FIELDS
}
# Every value of every facet, counted exactly: the complement's counts are subtracted from
# the whole index's, so neither may be cut to the first FACET_LIMIT.
EVERY_VALUE = 1_000_000
ALL_FACET_AGGREGATIONS = {
    name: {"terms": {"field": name, "size": EVERY_VALUE, "segment_size": EVERY_VALUE}}
    for name in FACET_FIELDS
}


def _aggregate(searcher, q: Q, aggregations: dict) -> dict:
    # One name for every facet count, so tests can see which documents were counted.
    return searcher.aggregate(q, aggregations)


def _counts(aggregations: dict) -> dict[str, dict]:
    return {
        name: {b["key"]: b["doc_count"] for b in aggregations[name]["buckets"]}
        for name in FACET_FIELDS
    }


def _complement_buckets(every: dict[str, dict], outside: dict[str, dict]) -> dict[str, list]:
    """The buckets of the documents that match, as the index's counts less those of the
    documents that do not; ordered and cut as ``_buckets`` orders and cuts them."""
    out = {}
    for name in FACET_FIELDS:
        left = outside[name]
        counts = [(k, n - left.get(k, 0)) for k, n in every[name].items()]
        counts = sorted((b for b in counts if b[1] > 0), key=lambda b: (-b[1], b[0]))
        out[name] = counts[:FACET_LIMIT]
    return out


def _at_most(searcher, q: Q, query_tokens) -> int:
    """How many documents ``q`` (every token in some text field) matches at most, from the
    index's document frequencies: the fewest of any token's, summed over the fields. Read
    from the term dictionaries, where counting would read every match (a third of a first
    search at a million documents); the facets only need to know which side of half the
    matches fall, and an overestimate only costs time. A one-character token (matched by
    prefix) is counted."""
    if any(len(token) == 1 and not token.isascii() for token in query_tokens):
        return searcher.search(q, limit=1, count=True).count
    return min(
        sum(searcher.doc_freq(f"{name}_n", token) for name in TEXT_FIELDS) for token in query_tokens
    )


def _facets(searcher, q: Q, query: SearchQuery, every: dict | None):
    """The facet buckets of the documents ``q`` matches, and the whole index's counts
    per facet value (``every``: those kept for the searcher's commit, else None; counted
    here when needed), for the caller to keep.

    Counting reads every matching document's values, so a query that matches most of
    the library (a common word, no filter) counts the few documents it does not match
    instead and subtracts them from the whole index's counts. Reads no thread's state:
    it runs beside the scoring of the page (``EmbeddedBackend.search``).
    """
    if query.filters:
        return _buckets(_aggregate(searcher, q, FACET_AGGREGATIONS)), every
    outside = None
    if query.tokens:
        if _at_most(searcher, q, query.tokens) * 2 <= searcher.num_docs:
            return _buckets(_aggregate(searcher, q, FACET_AGGREGATIONS)), every
        outside = Q.boolean_query([(Occur.Must, Q.all_query()), (Occur.MustNot, q)])
    if every is None:
        every = _counts(_aggregate(searcher, Q.all_query(), ALL_FACET_AGGREGATIONS))
    left = {n: {} for n in FACET_FIELDS}
    if outside is not None:
        left = _counts(_aggregate(searcher, outside, ALL_FACET_AGGREGATIONS))
    return _complement_buckets(every, left), every


_COUNTING = (None, None)


def _counting():
    """This process's threads that count facets (made again in a forked child, which
    has none of its parent's threads)."""
    global _COUNTING
    pid, pool = _COUNTING
    if pid != os.getpid():
        pool = ThreadPoolExecutor(max_workers=4, thread_name_prefix="search-facets")
        _COUNTING = (os.getpid(), pool)
    return pool


def _forget_commit(local) -> None:
    """Forget what a thread kept for the commit it read: the whole index's facet counts
    and the searches' counts (``EmbeddedBackend._kept``)."""
    local.every, local.kept = None, {}


class EmbeddedBackend(SearchBackend):
    name = "embedded"

    def __init__(self, path: str):
        self.path = Path(path)
        self._local = threading.local()

    # ---- generations ------------------------------------------------------------------

    def _current(self) -> tuple[Path, tuple | None]:
        """The live generation's folder, and what identifies this version of CURRENT."""
        pointer = self.path / CURRENT
        try:
            stat = pointer.stat()
            name = pointer.read_text().strip()
            return self.path / name, (stat.st_ino, stat.st_mtime_ns, name)
        except FileNotFoundError:
            if any((self.path / name).exists() for name in LEGACY):
                # An index of an older format, none of this one: not an empty library.
                raise RuntimeError(
                    f"The search index in {self.path} has fields of another version of "
                    "policy-cms; run `manage.py search_index rebuild`."
                ) from None
            return self.path / FIRST_GENERATION, None

    @staticmethod
    def _open(folder: Path) -> tantivy.Index:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            index = tantivy.Index(SCHEMA, path=str(folder), reuse=True)
        except ValueError as error:
            if "schema does not match" not in str(error):
                raise
            raise RuntimeError(
                f"The search index in {folder} has fields of another version of policy-cms; "
                "run `manage.py search_index rebuild`."
            ) from error
        index.config_reader(reload_policy="manual")
        return index

    def _index(self, retry: bool = True) -> tantivy.Index:
        """This thread's index, reopened or reloaded if another writer has changed it."""
        local = self._local
        folder, version = self._current()
        if getattr(local, "index", None) is None or local.version != version:
            local.index, local.version, local.folder = self._open(folder), version, folder
            local.meta = None
            _forget_commit(local)
        try:
            meta = os.stat(local.folder / "meta.json")
            meta = (meta.st_ino, meta.st_mtime_ns)
        except FileNotFoundError:
            meta = None
        if meta != local.meta:
            try:
                local.index.reload()
            except (OSError, ValueError):
                if not retry:
                    raise
                # A rebuild replaced and removed this generation between the two reads.
                local.index = None
                return self._index(retry=False)
            local.meta = meta
            _forget_commit(local)
        return local.index

    def _kept(self, query: SearchQuery) -> dict:
        """What this thread keeps of a search's counts for the index's commit (the reload
        in ``_index`` forgets it): how many documents each group holds and the facets'
        buckets, the same for every page and order of the same words and filters. Counting
        reads every matching document, so a common word in a large library (99,000 of
        100,000 documents) costs most of a search; after its first search, only the
        page's hits are scored."""
        kept = self._local.kept
        key = (query.tokens, query.doc_numbers, tuple(sorted(query.filters.items())),
               query.sort, query.outdated)  # fmt: skip
        if key not in kept and len(kept) >= KEPT_SEARCHES:
            kept.clear()  # searches of words nobody asks again; a commit clears it too
        return kept.setdefault(key, {})

    def forget_counts(self) -> None:
        """Forget the counts this thread keeps (``_kept``): the next search of any words
        counts again, as the first after a commit does (bench/search.py measures that)."""
        self._local.kept = {}

    # ---- writing ----------------------------------------------------------------------

    @staticmethod
    def _writer(index: tantivy.Index, heap_size: int = WRITE_HEAP, threads: int = 1):
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                return index.writer(heap_size=heap_size, num_threads=threads)
            except ValueError as error:
                # Another process is writing; its commit takes moments, not minutes.
                if "LockBusy" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _change(self, apply: Callable) -> int:
        index = self._index()
        writer = self._writer(index)
        try:
            count = apply(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            # Merges finish here and the lock goes with the writer.
            writer.wait_merging_threads()
        return count

    def index_documents(self, documents: Iterable[dict]) -> int:
        def apply(writer) -> int:
            count = 0
            for document in documents:
                writer.delete_documents_by_term("id", document["id"])
                writer.add_document(to_tantivy(document))
                count += 1
            return count

        return self._change(apply)

    def delete_documents(self, ids: Iterable[int]) -> None:
        def apply(writer) -> int:
            for doc_id in ids:
                writer.delete_documents_by_term("id", doc_id)
            return 0

        self._change(apply)

    def rebuild(
        self, documents: Iterable[dict], on_progress: Callable[[int], None] | None = None
    ) -> int:
        name = f"{GENERATION}{time.time_ns()}"
        folder = self.path / name
        index = self._open(folder)
        writer = self._writer(index, heap_size=REBUILD_HEAP, threads=REBUILD_THREADS)
        count = 0
        try:
            for document in documents:
                writer.add_document(to_tantivy(document))
                count += 1
                if on_progress and count % 500 == 0:
                    on_progress(500)
            writer.commit()
        except BaseException:
            writer.rollback()
            writer.wait_merging_threads()
            shutil.rmtree(folder, ignore_errors=True)
            raise
        writer.wait_merging_threads()
        if on_progress and count % 500:
            on_progress(count % 500)
        pointer = self.path / f"{CURRENT}.{name}"
        pointer.write_text(name)
        os.replace(pointer, self.path / CURRENT)
        # Readers that have the old generation open keep reading it until their next
        # search (its files stay readable while open); nobody opens it again.
        for old in self.path.glob(f"{GENERATION}*"):
            if old.name != name and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)
        return count

    def reset(self) -> None:
        def apply(writer) -> int:
            writer.delete_all_documents()
            return 0

        self._change(apply)

    # ---- searching --------------------------------------------------------------------

    def search(self, query: SearchQuery) -> Result:
        searcher = self._index().searcher()
        kept = self._kept(query)
        unscored = tantivy_query(query, scored=False)
        counting = None
        if query.facets and "facets" not in kept:
            # Counted on another thread while this one scores the page: the engine lets
            # go of Python's lock, so with a core free a first search takes about the
            # longer of the two, not their sum (at a million documents, tens of ms each).
            every = getattr(self._local, "every", None)
            counting = _counting().submit(_facets, searcher, unscored, query, every)
        groups = ranked_groups(query)
        if len(groups) > 1:
            found, kept["counts"] = _grouped(
                searcher, query, unscored, groups, query.offset, query.limit, kept.get("counts")
            )
            total = sum(kept["counts"])
        elif query.sort == "relevance" and query.tokens:
            found, count = _top(searcher, query, None, query.offset, query.limit,
                                unscored=None if "counts" in kept else unscored)  # fmt: skip
            if "counts" not in kept:
                kept["counts"] = [count]
            total = kept["counts"][0]
        else:
            order = {}
            if query.sort != "relevance":
                order = {"order_by_field": "date_key", "order": tantivy.Order.Desc}
            result = searcher.search(
                tantivy_query(query), limit=query.limit, offset=query.offset,
                count="counts" not in kept, **order,
            )  # fmt: skip
            if "counts" not in kept:
                kept["counts"] = [result.count]
            found, total = result.hits, kept["counts"][0]
        hits = []
        for score, address in found:
            source = json.loads(searcher.doc(address)["source"][0])
            hits.append(Hit(id=source["id"], score=float(score), source=source))
        facets = {}
        if query.facets:
            if counting is not None:
                # Whole-index counts too, for the commit this thread's searcher reads.
                kept["facets"], self._local.every = counting.result()
            facets = kept["facets"]
        return Result(total=total, hits=hits, facets=facets)
