"""The embedded Tantivy index on its own: several readers and writers on one folder,
as the web processes and the Celery worker share it, and a rebuild that fails."""

import threading
import time

import pytest

from search.backends.embedded import CURRENT, FIRST_GENERATION, GENERATION, EmbeddedBackend
from search.query import Query
from search.text import normalize, tokens


def document(doc_id: int, title: str, **extra) -> dict:
    text = {"title": title, "doc_number": f"江统〔2026〕{doc_id}号", "summary": "", "body": ""}
    return {
        "id": doc_id,
        "title": title,
        "doc_number": text["doc_number"],
        "doc_number_key": text["doc_number"],
        "index_number": "",
        "agency": {"id": 1, "name": "统计局"},
        "division": {"id": 2, "name": "综合处"},
        "doc_type": "notice",
        "topics": [],
        "issued_on": f"2026-01-{doc_id:02d}",
        "year": 2026,
        "published_at": None,
        "url": "",
        "summary": "",
        "body": "",
        "interpretations": [],
        "plugins": {},
        "plugin_terms": [],
        **{f"{name}_n": normalize(value) for name, value in text.items()},
        "interpretations_n": "",
        **extra,
    }


def find(backend: EmbeddedBackend, words: str) -> list[int]:
    text = normalize(words)
    result = backend.search(Query(text=text, tokens=tuple(tokens(text))))
    return [hit.id for hit in result.hits]


def test_a_reader_sees_what_another_writer_committed(tmp_path):
    # Two instances: two processes' views of the same folder.
    reader, writer = EmbeddedBackend(str(tmp_path)), EmbeddedBackend(str(tmp_path))
    assert find(reader, "人口普查") == []
    writer.index_documents([document(1, "关于人口普查的通知")])
    assert find(reader, "人口普查") == [1]
    writer.delete_documents([1])
    assert find(reader, "人口普查") == []


def test_a_second_writer_waits_for_the_first_and_loses_nothing(tmp_path):
    first, second = EmbeddedBackend(str(tmp_path)), EmbeddedBackend(str(tmp_path))
    holding = threading.Event()

    def slow_documents():
        holding.set()
        time.sleep(0.5)  # the first writer holds Tantivy's lock meanwhile
        yield document(1, "关于统计执法的通知")

    thread = threading.Thread(target=first.index_documents, args=(slow_documents(),))
    thread.start()
    holding.wait(5)
    second.index_documents([document(2, "关于统计调查的通知")])
    thread.join(10)
    assert sorted(find(second, "统计")) == [1, 2]


def test_a_failed_rebuild_leaves_the_live_index_alone(tmp_path):
    backend = EmbeddedBackend(str(tmp_path))
    backend.rebuild([document(1, "关于人口普查的通知")])
    live = (tmp_path / CURRENT).read_text()

    def broken():
        yield document(2, "关于统计调查的通知")
        raise RuntimeError("database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())
    assert (tmp_path / CURRENT).read_text() == live
    assert [p.name for p in tmp_path.glob(f"{GENERATION}*")] == [live]
    assert find(backend, "人口普查") == [1] and find(backend, "统计调查") == []


def test_a_rebuild_removes_the_old_generation_and_updates_go_to_the_new_one(tmp_path):
    backend = EmbeddedBackend(str(tmp_path))
    backend.index_documents([document(1, "关于人口普查的通知")])
    backend.rebuild([document(2, "关于统计调查的通知")])
    assert [p.name for p in tmp_path.glob(f"{GENERATION}*")] == [(tmp_path / CURRENT).read_text()]
    backend.index_documents([document(3, "关于统计执法的通知")])
    assert find(backend, "人口普查") == [] and sorted(find(backend, "统计")) == [2, 3]


def test_date_order_breaks_ties_by_id(tmp_path):
    backend = EmbeddedBackend(str(tmp_path))
    backend.index_documents(
        [document(n, f"第{n}号统计通知", issued_on="2026-03-01") for n in (3, 1, 2)]
        + [document(4, "统计通知", issued_on="2025-12-31")]
    )
    text = normalize("统计通知")
    result = backend.search(Query(text=text, tokens=tuple(tokens(text)), sort="date"))
    assert [hit.id for hit in result.hits] == [3, 2, 1, 4]


def test_a_search_without_facets_counts_the_same_hits(tmp_path):
    from search.backends.elastic import search_body

    backend = EmbeddedBackend(str(tmp_path))
    backend.index_documents([document(n, f"第{n}号统计通知") for n in (1, 2)])
    text = normalize("统计通知")
    query = Query(text=text, tokens=tuple(tokens(text)))
    bare = Query(text=text, tokens=query.tokens, facets=False)
    assert backend.search(query).facets["agency"] == [(1, 2)]
    assert backend.search(bare).facets == {} and backend.search(bare).total == 2
    assert "aggs" in search_body(query) and "aggs" not in search_body(bare)


def test_a_generation_removed_between_two_reads_is_reopened(tmp_path, monkeypatch):
    reader, rebuilder = EmbeddedBackend(str(tmp_path)), EmbeddedBackend(str(tmp_path))
    reader.index_documents([document(1, "关于人口普查的通知")])
    assert find(reader, "人口普查") == [1]
    stale = reader._current()  # what the reader read just before the rebuild switched
    rebuilder.rebuild([document(2, "关于统计调查的通知")])
    answers = iter([stale])
    real = reader._current
    monkeypatch.setattr(reader, "_current", lambda: next(answers, None) or real())
    # The old folder is gone; an empty one stands in its place.
    (tmp_path / FIRST_GENERATION).mkdir()
    assert find(reader, "统计调查") == [2]


def _facet_reads(monkeypatch) -> list[int]:
    """How many documents each facet count reads, recorded as the backend counts."""
    from search.backends import embedded

    reads = []
    real = embedded._aggregate

    def counting(searcher, q, aggregations):
        reads.append(searcher.search(q, limit=1, count=True).count)
        return real(searcher, q, aggregations)

    monkeypatch.setattr(embedded, "_aggregate", counting)
    return reads


def test_a_common_word_counts_its_facets_from_the_documents_it_does_not_match(
    tmp_path, monkeypatch
):
    from search.backends.embedded import FACET_AGGREGATIONS, _buckets, tantivy_query

    backend = EmbeddedBackend(str(tmp_path))
    backend.index_documents(
        [
            document(
                n,
                f"第{n}号统计通知" if n % 10 else f"第{n}号调查通知",
                agency={"id": 1 + n % 3, "name": "统计局"},
                doc_type="notice" if n % 2 else "plan",
                topics=[f"主题{n % 4}"],
                year=2020 + n % 5,
                plugin_terms=[f"validity.state={n % 2}"],
            )
            for n in range(1, 31)
        ]
    )
    reads = _facet_reads(monkeypatch)
    for words, kwargs in [
        ("统计", {}),
        ("通知", {}),
        ("调查", {}),
        ("", {"sort": "date"}),
        ("统计", {"filters": {"doc_type": "plan"}}),
    ]:
        text = normalize(words)
        query = Query(text=text, tokens=tuple(tokens(text)), **kwargs)
        result = backend.search(query)
        direct = backend._index().searcher().aggregate(tantivy_query(query), FACET_AGGREGATIONS)
        assert result.facets == _buckets(direct), words
    # The whole index's counts once for the commit (30), then only what each common word
    # leaves out: 统计 3 documents, 通知 none; the rare 调查 (3) and the filtered query (12)
    # count their own matches; the empty query reads nothing more.
    assert reads == [30, 3, 0, 3, 12]
    backend.index_documents([document(31, "第31号统计通知")])
    reads.clear()
    assert (2026, 1) in backend.search(Query(text="统计", tokens=("统计",))).facets["year"]
    assert reads == [31, 3]  # the commit made the whole index's counts stale


def test_a_search_counts_once_per_commit_and_scores_each_page(tmp_path, monkeypatch):
    """The counts and facets of the same words and filters are kept for the index's commit:
    a second page, or the same page again, scores its hits and counts nothing; a commit
    counts again, and a filter or another order is another search."""
    from search.backends import embedded

    backend = EmbeddedBackend(str(tmp_path))
    outdated = ("validity.status=repealed",)
    backend.index_documents(
        [
            document(n, f"第{n}号统计通知", plugin_terms=list(outdated) if n % 3 == 0 else [])
            for n in range(1, 26)
        ]
    )
    counted = []
    real = embedded._grouped
    monkeypatch.setattr(
        embedded,
        "_grouped",
        lambda *args: counted.append(args[-1] is None) or real(*args),
    )
    reads = _facet_reads(monkeypatch)
    text = normalize("统计")

    def search(**kwargs):
        query = Query(text=text, tokens=tuple(tokens(text)), outdated=outdated, **kwargs)
        return backend.search(query)

    first, second = search(limit=10), search(offset=10, limit=10)
    assert (first.total, second.total) == (25, 25)
    # Those that apply first (17), then the 8 repealed: page 2 holds both groups.
    ids = [hit.id for hit in first.hits + second.hits]
    assert len(set(ids)) == 20 and all(n % 3 for n in ids[:17]) and ids[17] % 3 == 0
    assert first.facets == second.facets and first.facets["agency"] == [(1, 25)]
    # The whole index's counts, then what the common word leaves out: once.
    assert counted == [True, False] and reads == [25, 0]
    assert search(limit=10).hits == first.hits and counted[-1] is False and reads == [25, 0]
    # Another filter is another search; by date, one group, counted in the scoring pass.
    assert search(filters={"doc_type": "notice"}).total == 25 and reads == [25, 0, 25]
    assert search(sort="date").total == 25 and search(sort="date", offset=20).total == 25
    assert reads == [25, 0, 25, 0]
    backend.index_documents([document(26, "第26号统计通知")])
    assert search(limit=10).total == 26 and counted[-1] is True and reads[4:] == [26, 0]


def test_an_index_of_the_first_format_needs_a_rebuild_and_is_left_alone(tmp_path):
    (tmp_path / "gen-0").mkdir()  # what a version before FORMAT wrote
    (tmp_path / "gen-0" / "meta.json").write_text("{}")
    backend = EmbeddedBackend(str(tmp_path))
    with pytest.raises(RuntimeError, match="search_index rebuild"):
        find(backend, "统计")
    backend.rebuild([document(1, "关于统计调查的通知")])
    assert find(backend, "统计") == [1]
    # The older version's files stay for the processes that still read them.
    assert (tmp_path / "gen-0" / "meta.json").read_text() == "{}"


def test_a_common_word_scores_the_fields_it_is_rare_in_first_and_ranks_as_scoring_all(
    tmp_path, monkeypatch
):
    """A word in every body and in a fifth of the titles is ranked from the titles alone
    when the page's last hit outscores what any other field can score; the hits and their
    scores are those of scoring every field of every match, on every page, in both groups
    and with a filter. Where the bound is not met (the titles run out) every match is
    scored, with the same result."""
    from search.backends import embedded

    backend = EmbeddedBackend(str(tmp_path))
    outdated = ("validity.status=repealed",)
    docs = []
    for n in range(1, 121):
        title = f"第{n}号统计通知" if n % 5 == 0 else f"第{n}号工作通知"
        doc = document(n, title, plugin_terms=list(outdated) if n % 7 == 0 else [],
                       doc_type="notice" if n % 2 else "plan",
                       issued_on=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}")  # fmt: skip
        # Bodies of different lengths and counts of the word, so scores differ.
        doc["body_n"] = normalize("统计工作 " * (1 + n % 4) + "数据质量 " * (n % 9))
        docs.append(doc)
    backend.index_documents(docs)
    proved = []
    real = embedded._proved_top
    monkeypatch.setattr(
        embedded, "_proved_top", lambda *a: proved.append(real(*a) is not None) or real(*a)
    )

    def hits(words, **kwargs):
        text = normalize(words)
        kwargs = {"outdated": outdated, **kwargs}
        query = Query(text=text, tokens=tuple(tokens(text)), **kwargs)
        backend.forget_counts()
        return [(hit.id, hit.score) for hit in backend.search(query).hits]

    searches = [
        ("统计", {"limit": 10}),
        ("统计", {"offset": 10, "limit": 10}),
        ("统计", {"limit": 5, "filters": {"doc_type": "plan"}}),
        ("统计", {"offset": 20, "limit": 10}),  # beyond the 24 titles: all scored
        ("统计", {"limit": 10, "outdated": ()}),
    ]
    pruned = [hits(words, **kwargs) for words, kwargs in searches]
    assert proved[:3] == [True, True, True] and False in proved
    monkeypatch.setattr(embedded, "_first_fields", lambda *a: None)
    assert pruned == [hits(words, **kwargs) for words, kwargs in searches]
    # The titles with the word first, the repealed ones after those that apply.
    ids = [doc_id for doc_id, _ in pruned[0]]
    assert all(doc_id % 5 == 0 and doc_id % 7 for doc_id in ids)


def test_a_word_that_scores_more_in_another_field_than_the_titles_ranks_it_first(tmp_path):
    """The word is in half the titles (a low idf there) and in one interpretation, six
    times: that document outscores every title, so the titles alone cannot prove the
    ranking and every match is scored."""
    from search.backends import embedded

    backend = EmbeddedBackend(str(tmp_path))
    docs = []
    for n in range(1, 121):
        title = f"第{n}号调查通知" if n % 2 else f"第{n}号工作通知"
        doc = document(n, title, issued_on=f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}")
        doc["body_n"] = normalize("调查工作 " * (1 + n % 4))
        words = "调查 " * 6 if n == 8 else "解读 说明 问答 内容 发布 时间"
        doc["interpretations_n"] = normalize(words)
        docs.append(doc)
    backend.index_documents(docs)
    query = Query(text="调查", tokens=("调查",), limit=10)
    searcher = backend._index().searcher()
    assert embedded._first_fields(searcher, query, 10)[0] == ("title",)
    assert embedded._proved_top(searcher, query, None, 10) is None
    assert [hit.id for hit in backend.search(query).hits][:2] == [8, 1]


def test_a_first_search_of_several_words_counts_and_scores_its_matches_in_one_pass(tmp_path):
    """Where every match is scored, the first search's count comes with the scoring
    (reading every match twice doubled a first search of common words at a million
    documents); a repeat scores only."""
    backend = EmbeddedBackend(str(tmp_path))
    backend.index_documents([document(n, f"第{n}号统计调查通知") for n in range(1, 21)])
    calls = []
    real = backend._index

    class Searcher:
        def __init__(self, inner):
            self.inner = inner

        def search(self, query, **kwargs):
            calls.append(kwargs.get("count"))
            return self.inner.search(query, **kwargs)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    class Index:
        def __init__(self, inner):
            self.inner = inner

        def searcher(self):
            return Searcher(self.inner.searcher())

    backend._index = lambda: Index(real())
    text = normalize("统计调查")
    query = Query(text=text, tokens=tuple(tokens(text)), facets=False)
    assert len(query.tokens) > 1
    assert backend.search(query).total == 20 and calls == [True]
    assert backend.search(query).total == 20 and calls == [True, False]
