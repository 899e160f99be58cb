"""The importer's fast path ends with the same database and the same search answers as
the one-by-one path, keeps its bad-line guarantees, and gives each page what publishing
gives it (tree, revision, log, index number, references, admin search)."""

import json
import sys
from pathlib import Path

import pytest
from django.db import transaction
from taggit.models import Tag
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from cms.importing.parsing import Directory
from cms.importing.runs import import_file
from cms.models import PolicyPage
from interpretations.models import InterpretationPage

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.corpus import policy_record

# Keys of a revision's content that differ between any two saves of the same page
# (ids, and the child rows' keys back to their page).
VOLATILE = {
    "policy",
    "page",
    "pk",
    "id",
    "page_ptr",
    "translation_key",
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
    "content_object",
}


def lines():
    """Corpus records, plus the cases a migration meets: HTML to clean, a withheld
    document, one without a number, a line given twice (an error), a bad line and a
    plugin's field."""
    records = [policy_record(n) for n in range(14)]
    records[2]["body"] = (
        '<p onclick="x()">第一条</p><script>alert(1)</script><a href="javascript:x">链接</a>'
    )
    records[4].update(disclosure="on_request", disclosure_reason="涉及个人信息")
    records[5]["doc_number"] = ""
    records[7]["title"] = "关于规范统计调查工作的通知"  # what the search below finds
    records.insert(9, dict(records[3], summary="第二次出现的同一文件"))
    records.insert(11, {**records[0], "doc_number": "滨统〔2024〕900号", "issued_on": "2024-02-30"})
    records.insert(12, {**policy_record(40), "effective_from": "2024-01-01"})
    return [json.dumps(r, ensure_ascii=False) for r in records]


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "old-site.jsonl"
    path.write_text("\n".join(lines()) + "\n", encoding="utf-8")
    return path


def _content(value):
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_content(v) for v in value]
    if isinstance(value, str) and value.startswith("[{"):
        try:
            return _content(json.loads(value))  # a StreamField's blocks, ids dropped
        except json.JSONDecodeError:
            return value
    return value


def snapshot() -> dict:
    """Everything of the imported pages a reader or the site sees, without ids."""
    pages = []
    for page in Page.objects.filter(depth__gte=4).order_by("path").specific():
        revisions = Revision.objects.for_instance(page)
        entry = {
            "tree": (page.path, page.depth, page.numchild, page.url_path, page.slug),
            "kind": type(page).__name__,
            "title": (page.title, page.draft_title),
            "state": (page.live, page.has_unpublished_changes, page.locale_id),
            "published": (page.first_published_at is not None, page.last_published_at is not None),
            "revisions": revisions.count(),
            "latest": _content(page.latest_revision.content),
            "live_is_latest": page.live_revision_id == page.latest_revision_id,
            "log": sorted(PageLogEntry.objects.filter(page=page).values_list("action", flat=True)),
            "references": sorted(
                ReferenceIndex.get_references_for_object(page).values_list(
                    "to_content_type__model", "to_object_id", "model_path"
                )
            ),
        }
        if isinstance(page, PolicyPage):
            entry.update(
                index_number=page.index_number,
                fields=(page.doc_number, page.agency.name, page.division.name, page.doc_type),
                text=(page.summary, page.body, page.disclosure, page.disclosure_reason),
                topics=sorted(page.topics.names()),
            )
        else:
            entry.update(body=_content(json.dumps(page.body.get_prep_value())))
        pages.append(entry)
    return {"pages": pages, "problems": [len(p) for p in Page.find_problems()]}


def answers(client) -> dict:
    """What the public search and Wagtail's admin search answer."""
    public = {}
    for words in ["统计调查", "数据质量", "问答", "滨发改"]:
        data = client.get("/api/v1/search", {"q": words, "page_size": 50}).json()
        public[words] = (
            data["total"],
            sorted(hit["title"] for hit in data["hits"]),
            data["facets"],
        )
    admin = {
        words: sorted(p.title for p in PolicyPage.objects.autocomplete(words))
        for words in ["统计调查", "滨统"]
    }
    return {"public": public, "admin": admin}


def run(path, client, capture, *, one_by_one):
    from search.backends import get_backend

    get_backend().reset()
    with capture(execute=True):
        result, _ = import_file(
            path, publish=True, create_missing=True, one_by_one=one_by_one, batch_size=4
        )
    return result, snapshot(), answers(client)


class Undo(Exception):
    pass


def test_the_fast_path_ends_as_the_one_by_one_path(
    db, corpus_file, client, django_capture_on_commit_callbacks
):
    # What both runs share, made once: PostgreSQL does not give back the ids of rows
    # that were rolled back, and slugs and revisions name them.
    directory = Directory(create_missing=True)
    for line in lines():
        data = json.loads(line)
        directory.division(directory.agency(data["agency"]), data["division"])
        for topic in data.get("topics", []):
            Tag.objects.get_or_create(name=topic)
    try:
        with transaction.atomic():
            fast = run(corpus_file, client, django_capture_on_commit_callbacks, one_by_one=False)
            raise Undo
    except Undo:
        pass
    assert not PolicyPage.objects.exists()
    slow = run(corpus_file, client, django_capture_on_commit_callbacks, one_by_one=True)

    result, pages, found = fast
    assert (result.created, result.updated, result.failed) == (15, 0, 2)
    # The line given twice is named, not imported over the first (25.11).
    assert result.errors[0][0] == 10 and "已在本文件第 4 行出现" in result.errors[0][1]
    assert result.errors[1][0] == 12 and "issued_on" in result.errors[1][1]
    assert pages["problems"] == [0, 0, 0, 0, 0]
    assert len(pages["pages"]) > 30
    assert found["public"]["统计调查"][0] > 0 and found["admin"]["统计调查"]
    assert fast[0] == slow[0]
    for page_fast, page_slow in zip(pages["pages"], slow[1]["pages"], strict=True):
        for key in ("latest", *page_slow):  # name the field that differs
            fast_value, slow_value = page_fast[key], page_slow[key]
            if key == "latest":
                differing = {
                    k
                    for k in fast_value.keys() | slow_value.keys()
                    if fast_value.get(k) != slow_value.get(k)
                }
                assert not differing, {k: (fast_value.get(k), slow_value.get(k)) for k in differing}
            assert fast_value == slow_value, key
    assert pages == slow[1]
    assert found == slow[2]


def test_each_page_is_published_as_by_hand(division, tmp_path, django_capture_on_commit_callbacks):
    path = tmp_path / "one.jsonl"
    path.write_text(
        "\n".join(json.dumps(policy_record(n), ensure_ascii=False) for n in range(3)) + "\n",
        encoding="utf-8",
    )
    with django_capture_on_commit_callbacks(execute=True):
        result, _ = import_file(path, publish=True, create_missing=True)
    assert result.created == 3

    policy = PolicyPage.objects.get(doc_number=policy_record(1)["doc_number"])
    assert policy.live and not policy.has_unpublished_changes
    assert policy.index_number and policy.first_published_at == policy.last_published_at
    revision = policy.latest_revision
    assert policy.live_revision == revision
    restored = revision.as_object()
    assert restored.title == policy.title and restored.body == policy.body
    assert sorted(t.name for t in restored.topics.all()) == sorted(policy_record(1)["topics"])
    actions = list(
        PageLogEntry.objects.filter(page=policy).order_by("id").values_list("action", flat=True)
    )
    # What add_child, save_revision and publish log (then the plugins' own, if any).
    assert actions[:3] == ["wagtail.create", "wagtail.edit", "wagtail.publish"]
    interpretation = InterpretationPage.objects.child_of(policy).first()
    assert interpretation.live and interpretation.latest_revision.content["title"]
    expected = policy_record(1)["interpretations"][0]["body"][:12]
    assert expected in interpretation.body.render_as_block()
    serials = sorted(PolicyPage.objects.values_list("index_number", flat=True))
    assert len(set(serials)) == 3


def test_the_fast_path_asks_the_database_a_tenth_as_often(
    division, tmp_path, django_capture_on_commit_callbacks
):
    """Speed, counted rather than timed (bench/import.py times it): queries a policy,
    search indexing included, through each path."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_per_policy(start, **options):
        path = tmp_path / f"{start}.jsonl"
        records = [policy_record(n) for n in range(start, start + 20)]
        path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            result, _ = import_file(path, publish=True, create_missing=True, **options)
        assert result.created == 20
        return len(queries) / 20

    queries_per_policy(100)  # agencies, libraries and tags made once, outside the count
    fast = queries_per_policy(0, batch_size=20)
    slow = queries_per_policy(20, one_by_one=True)
    assert fast <= 30 and slow >= 10 * fast, (fast, slow)
