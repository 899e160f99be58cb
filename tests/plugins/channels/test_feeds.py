"""RSS 2.0 and Atom feeds of published policies, checked against what the specs require."""

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import feedparser
import pytest

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def policies(make_policy, make_interpretation, agency):
    from cms.models import Agency, Division

    jobs = make_policy("关于促进就业的通知", doc_number="测统〔2024〕1号", summary="就业摘要")
    jobs.topics.add("就业")
    jobs.save_revision().publish()
    make_interpretation(jobs, "《关于促进就业的通知》解读", stage="synchronous")
    make_policy("统计调查管理办法")
    make_policy("未发布的草稿", live=False)
    make_policy("依申请公开", disclosure="on_request", disclosure_reason="第二十条")
    other = Agency.objects.create(name="另一机关", org_code="1")
    division = Division.objects.create(agency=other, name="办公室")
    elsewhere = make_policy("另一机关的文件", agency=other, division=division)
    return jobs, elsewhere


def test_rss_is_valid_and_lists_only_public_policies(client, policies):
    jobs, _ = policies
    response = client.get("/feeds/policies.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"

    channel = ET.fromstring(response.content).find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    titles = [item.findtext("title") for item in channel.iter("item")]
    assert set(titles) == {"关于促进就业的通知", "统计调查管理办法", "另一机关的文件"}
    for item in channel.iter("item"):
        assert item.findtext("link").startswith("http://")
        assert item.findtext("guid") == item.findtext("link")
        parsedate_to_datetime(item.findtext("pubDate"))  # RFC 822, or this raises
    [entry] = [e for e in feed.entries if e.title == jobs.title]
    assert "测统〔2024〕1号" in entry.summary and "解读" in entry.summary
    assert [t.term for t in entry.tags] == ["就业"]


def test_atom_is_valid_with_ids_and_updated_times(client, policies):
    response = client.get("/feeds/policies.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo and feed.version == "atom10"
    root = ET.fromstring(response.content)
    for required in ("id", "title", "updated"):
        assert root.findtext(ATOM + required)
    assert root.find(ATOM + "link[@rel='self']").get("href").endswith("/feeds/policies.atom")
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 3
    for entry in entries:
        assert entry.findtext(ATOM + "id") and entry.findtext(ATOM + "updated")
        assert entry.find(ATOM + "link").get("href").startswith("http://")
        assert entry.find(ATOM + "author").findtext(ATOM + "name")


def test_agency_and_topic_feeds_filter(client, policies):
    jobs, elsewhere = policies
    agency_feed = feedparser.parse(client.get(f"/feeds/agencies/{elsewhere.agency_id}.rss").content)
    assert [e.title for e in agency_feed.entries] == ["另一机关的文件"]
    assert "另一机关" in agency_feed.feed.title
    topic_feed = feedparser.parse(client.get("/feeds/topics/就业.atom").content)
    assert [e.title for e in topic_feed.entries] == [jobs.title]


def test_unknown_agency_or_topic_is_404(client, policies):
    assert client.get("/feeds/agencies/99999.rss").status_code == 404
    assert client.get("/feeds/topics/没有这个主题.rss").status_code == 404
    assert client.get("/feeds/topics/" + "长" * 200 + ".rss").status_code == 404


def test_a_withdrawn_policy_leaves_the_feed(client, policies):
    jobs, _ = policies
    jobs.unpublish()
    titles = [e.title for e in feedparser.parse(client.get("/feeds/policies.rss").content).entries]
    assert jobs.title not in titles


def test_a_poll_with_the_current_etag_is_a_304_until_something_is_published(
    client, policies, make_policy, django_assert_max_num_queries
):
    first = client.get("/feeds/policies.atom")
    etag = first["ETag"]
    assert first.status_code == 200 and etag and first["Last-Modified"]
    with django_assert_max_num_queries(1):  # the stamp only: the feed is not built
        again = client.get("/feeds/policies.atom", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and not again.content
    assert client.get("/feeds/policies.rss", HTTP_IF_NONE_MATCH=etag).status_code == 200
    make_policy("关于新发布政策的通知")
    after = client.get("/feeds/policies.atom", HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert "关于新发布政策的通知" in after.content.decode()


def test_the_feed_links_are_each_pages_and_follow_the_script_prefix():
    """The head's feed links are reversed once per agency and script prefix (kept in
    the process): each page's agency's, under the prefix the site is served at."""
    from types import SimpleNamespace

    from django.urls import get_script_prefix, reverse, set_script_prefix

    from plugins.channels.hooks import page_head_links

    def hrefs(page):
        return [link["href"] for link in page_head_links(page)]

    site = [reverse("channels:policies-rss"), reverse("channels:policies-atom")]
    assert hrefs(SimpleNamespace()) == site
    for agency_id in (7, 8):
        assert hrefs(SimpleNamespace(agency_id=agency_id)) == [
            *site,
            reverse("channels:agency-rss", args=[agency_id]),
            reverse("channels:agency-atom", args=[agency_id]),
        ]
    page_head_links(SimpleNamespace(agency_id=7))[0]["href"] = "changed by a caller"
    assert hrefs(SimpleNamespace(agency_id=7))[0] == site[0]
    prefix = get_script_prefix()
    set_script_prefix("/gov/")
    try:
        assert hrefs(SimpleNamespace(agency_id=7))[0] == "/gov" + site[0]
    finally:
        set_script_prefix(prefix)


def test_a_topic_feed_takes_either_script_and_names_the_spelling_in_use(client, publish_policy):
    filed = publish_policy("关于政务公开的通知", topics=["政务公开"])
    publish_policy("关于统计的通知", topics=["统计"])
    for asked in ("政务公开", "政務公開"):
        response = client.get(f"/feeds/topics/{asked}.atom")
        assert response.status_code == 200, asked
        feed = feedparser.parse(response.content)
        assert [e.title for e in feed.entries] == [filed.title]
        root = ET.fromstring(response.content)
        assert root.findtext(ATOM + "title").endswith("· 政务公开")
        self_link = root.find(ATOM + "link[@rel='self']").get("href")
        assert self_link.endswith("/feeds/topics/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80.atom")
    rss = ET.fromstring(client.get("/feeds/topics/政務公開.rss").content).find("channel")
    assert [item.findtext("title") for item in rss.iter("item")] == [filed.title]
