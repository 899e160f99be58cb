"""A topic is one topic whatever its script: 政務公開 typed where 政务公开 is in use is
filed under it, by the import (both paths), by the editor's form, and the library's topic
filter finds every spelling already stored."""

import json
import re
from datetime import date
from urllib.parse import quote

import pytest

from cms.importing.runs import import_file
from cms.models import PolicyPage
from cms.models.policy import canonical_topics, topic_spelling
from tests.conftest import policy_form


def record(n, topics):
    return {
        "title": f"关于推进政务公开工作的通知（第{n}号）",
        "doc_number": f"测统〔2024〕{n}号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "normative",
        "issued_on": "2024-05-01",
        "topics": topics,
        "body": "第一条 总则。",
    }


def topics_of(doc_number):
    policy = PolicyPage.objects.get(doc_number=doc_number)
    revision = policy.latest_revision.as_object()
    stored = sorted(policy.topics.names())
    assert stored == sorted(revision.topics.names())  # the revision an editor opens too
    return stored


def test_a_new_topic_keeps_its_first_spelling_and_a_repeat_in_another_script_goes(db):
    assert canonical_topics(["政務公開", "政务公开", "標準化"]) == ["政務公開", "標準化"]
    assert topic_spelling(["ＡＢＣ", "abc"]) == {"ＡＢＣ": "ＡＢＣ", "abc": "ＡＢＣ"}


@pytest.mark.parametrize("one_by_one", [False, True], ids=["fast path", "one by one"])
def test_the_import_files_a_traditional_topic_under_the_simplified_one_in_use(
    division, tmp_path, one_by_one
):
    first = tmp_path / "first.jsonl"
    first.write_text(json.dumps(record(1, ["政务公开"]), ensure_ascii=False) + "\n")
    import_file(first, publish=True, one_by_one=one_by_one)
    second = tmp_path / "second.jsonl"
    lines = [record(2, ["政務公開", "標準化"]), record(3, ["標準化", "标准化", "政务公开"])]
    second.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n")
    result, _ = import_file(second, publish=True, one_by_one=one_by_one)
    assert not result.errors

    assert topics_of("测统〔2024〕1号") == ["政务公开"]
    assert topics_of("测统〔2024〕2号") == ["政务公开", "標準化"]
    assert topics_of("测统〔2024〕3号") == ["政务公开", "標準化"]


def test_the_editor_files_a_typed_topic_under_the_one_in_use(admin_client, publish_policy):
    publish_policy("关于政务公开的通知", topics=["政务公开"])
    policy = publish_policy("关于另一项工作的通知", doc_number="测统〔2024〕8号")

    response = admin_client.post(
        f"/admin/pages/{policy.pk}/edit/", policy_form(policy, topics="政務公開, 统计")
    )
    assert response.status_code == 302

    latest = PolicyPage.objects.get(pk=policy.pk).latest_revision.as_object()
    assert sorted(latest.topics.names()) == ["政务公开", "统计"]


def test_the_library_filter_finds_every_spelling_stored(client, publish_policy, division):
    # Stored before topics were filed under one spelling: both are found by either.
    simplified = publish_policy("关于政务公开的通知", topics=["政务公开"])
    traditional = publish_policy("關於政務公開的通知", topics=["政務公開"])
    other = publish_policy("关于统计的通知", topics=["统计"])
    library = division.agency.library.url

    for asked in ("政务公开", "政務公開"):
        html = client.get(library, {"topic": asked}).content.decode()
        assert simplified.title in html and traditional.title in html, asked
        assert other.title not in html


@pytest.fixture
def filed_topics(publish_policy, django_capture_on_commit_callbacks, settings, tmp_path):
    """A policy filed under 政务公开 (simplified), one under another topic, indexed."""
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    with django_capture_on_commit_callbacks(execute=True):
        filed = publish_policy("关于政务公开的通知", topics=["政务公开"])
        other = publish_policy("关于统计的通知", topics=["统计"])
    return filed, other


SPELLINGS = ("政务公开", "政務公開")


@pytest.mark.parametrize("asked", SPELLINGS)
def test_the_search_page_and_api_find_a_topic_in_either_script(client, filed_topics, asked):
    filed, other = filed_topics
    html = client.get("/search/", {"topic": asked}).content.decode()
    assert filed.title in html and other.title not in html
    found = client.get("/api/v1/search", {"topic": asked}).json()
    assert [hit["id"] for hit in found["hits"]] == [filed.pk]


@pytest.mark.parametrize("asked", SPELLINGS)
def test_the_policy_list_api_finds_a_topic_in_either_script(client, filed_topics, asked):
    filed, _other = filed_topics
    listed = client.get("/api/v1/policies", {"topic": asked}).json()
    assert listed["total"] == 1 and [item["id"] for item in listed["items"]] == [filed.pk]


@pytest.mark.parametrize("asked", SPELLINGS)
def test_the_catalogue_finds_a_topic_in_either_script(client, filed_topics, asked):
    filed, other = filed_topics
    html = client.get("/catalogue/", {"topic": asked}).content.decode()
    assert filed.title in html and other.title not in html
    assert client.get("/api/v1/catalogue", {"topic": asked}).json()["total"] == 1


def test_a_policy_with_both_spellings_is_listed_once(client, publish_policy):
    # Stored before topics were filed under one spelling.
    both = publish_policy("关于政务公开的通知", topics=["政务公开", "政務公開"])
    listed = client.get("/api/v1/policies", {"topic": "政務公開"}).json()
    assert [item["id"] for item in listed["items"]] == [both.pk]
    html = client.get("/catalogue/", {"topic": "政务公开"}).content.decode()
    assert html.count(both.title) == 1


def test_the_library_offers_its_topics_and_keeps_the_chosen_one(
    client, publish_policy, division, monkeypatch
):
    monkeypatch.setattr("cms.models.home.LIBRARY_PAGE_SIZE", 1)
    first = publish_policy("关于政务公开的通知", topics=["政务公开"])
    second = publish_policy("關於政務公開的通知", topics=["政務公開"])
    publish_policy("关于统计的通知", topics=["统计"])
    library = division.agency.library.url

    html = client.get(library).content.decode()
    # One choice per topic, in the spelling in use, whatever the policies' scripts.
    assert '<select name="topic"><option value="">' in html
    assert '<option value="政务公开">政务公开</option>' in html and "政務公開</option>" not in html
    assert '<option value="统计">统计</option>' in html

    for asked in ("政务公开", "政務公開"):
        html = client.get(library, {"topic": asked}).content.decode()
        # The form sent again keeps the topic: its choice is selected.
        assert '<option value="政务公开" selected>政务公开</option>' in html, asked
        # The next page keeps it too, and lists the other policy of that topic.
        [next_link] = re.findall(r'<a href="([^"]*)">下一页</a>', html)
        assert f"topic={quote(asked)}" in next_link.replace("&amp;", "&"), next_link
        page_two = client.get(library + next_link.replace("&amp;", "&")).content.decode()
        titles = {first.title, second.title}
        assert {t for t in titles if t in html} | {t for t in titles if t in page_two} == titles
        assert "关于统计的通知" not in html + page_two


def test_a_topic_no_policy_of_the_library_has_stays_chosen(client, publish_policy, division):
    publish_policy("关于统计的通知", topics=["统计"])
    html = client.get(division.agency.library.url, {"topic": "普查"}).content.decode()
    assert '<option value="普查" selected>普查</option>' in html
    assert "关于统计的通知" not in html


def _sent_again(html: str, **changed) -> dict:
    """The catalogue's filter form as a browser sends it: each select's selected
    option's value ('' when none is), with ``changed`` chosen by the user."""
    form = re.search(r'<form class="filters".*?</form>', html, re.S).group(0)
    sent = {}
    for name, options in re.findall(r'<select name="(\w+)">(.*?)</select>', form, re.S):
        chosen = re.findall(r'<option value="([^"]*)" selected>', options)
        sent[name] = chosen[0] if chosen else ""
    return {**sent, **changed}


@pytest.mark.parametrize(("stored", "asked"), [("政务公开", "政務公開"), ("就業創業", "就业创业")])
def test_the_catalogue_keeps_a_topic_asked_in_the_other_script(
    client, publish_policy, stored, asked
):
    filed = publish_policy("关于此主题的通知", topics=[stored], issued_on=date(2024, 5, 1))
    older = publish_policy("此主题的旧通知", topics=[stored], issued_on=date(2023, 5, 1))
    other = publish_policy("关于统计的通知", topics=["统计"], issued_on=date(2024, 6, 1))

    html = client.get("/catalogue/", {"topic": asked}).content.decode()
    assert filed.title in html and older.title in html and other.title not in html
    # The select shows the topic in the spelling in use, not 全部 …
    assert f'<option value="{stored}" selected>{stored}</option>' in html
    # … so choosing a year and pressing 筛选 keeps it.
    sent = _sent_again(html, year="2024")
    assert sent["topic"] == stored
    html = client.get("/catalogue/", sent).content.decode()
    assert filed.title in html and older.title not in html and other.title not in html
