"""The page tags (网页标签, docs/architecture.md#public-site) of every public page type,
read from the served HTML: the site's on every page, a column's on lists, an article's
on documents."""

from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.utils.timezone import localtime
from wagtail.models import Site

from cms.extend.page_tags import ARTICLE, COLUMN, SITE
from cms.models import AnnualReportPage, SiteIdentity
from cms.reports.drafts import start_draft
from tests.cms.test_annual_reports import complete, counted, no_counting_plugins  # noqa: F401


class MetaTags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and attrs.get("name"):
            assert attrs["name"] not in self.tags, f"{attrs['name']} twice"
            self.tags[attrs["name"]] = attrs.get("content", "")


def tags_of(client, url) -> dict[str, str]:
    """The page tags (capitalized <meta> names) of the page at ``url``."""
    response = client.get(url)
    assert response.status_code == 200, url
    parser = MetaTags()
    parser.feed(response.content.decode())
    return {k: v for k, v in parser.tags.items() if k[0].isupper()}


@pytest.fixture
def report(agency, counted):  # noqa: F811
    report = complete(start_draft(agency, 2025))
    report.save_revision().publish()
    return AnnualReportPage.objects.get(pk=report.pk)


@pytest.mark.django_db
def test_every_public_page_type_carries_its_tags(client, publish_policy, settings):
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.site_code = "3301000001"
    identity.save()
    policy = publish_policy(
        "关于统计调查的通知",
        topics=["统计"],
        doc_number="测统〔2024〕5号",
        summary="明确统计调查的要求。",
        interpretations=[{"interpreter_name": "张三", "summary": "解读要点。"}],
    )
    interpretation = policy.interpretations().get()
    site = {
        "SiteName": settings.WAGTAIL_SITE_NAME,
        "SiteDomain": "testserver",
        "SiteIDCode": "3301000001",
    }

    for url in ("/", "/search/?q=统计"):
        assert tags_of(client, url) == site, url

    tags = tags_of(client, policy.get_parent().url)
    assert list(tags) == [*SITE, *COLUMN]
    assert (tags["ColumnName"], tags["ColumnType"]) == ("测试市统计局", "信息发布")
    assert tags["ColumnKeywords"] == "测试市统计局,政策文件,政策解读"

    tags = tags_of(client, policy.url)
    assert list(tags) == [*SITE, *ARTICLE]
    published = localtime(policy.first_published_at).strftime("%Y-%m-%d %H:%M")
    assert tags | site == tags
    assert tags["ArticleTitle"] == "关于统计调查的通知" and tags["PubDate"] == published
    assert tags["ContentSource"] == tags["Author"] == "测试市统计局"
    assert tags["Keywords"] == "统计,测统〔2024〕5号"
    assert tags["Description"] == "明确统计调查的要求。"
    assert tags["Url"] == f"http://localhost{policy.url}"

    tags = tags_of(client, interpretation.url)
    assert list(tags) == [*SITE, *ARTICLE]
    assert tags["ArticleTitle"] == interpretation.title and tags["Author"] == "张三"
    assert tags["Keywords"] == "统计,测统〔2024〕5号,政策解读"
    assert tags["ContentSource"] == "测试市统计局" and tags["Description"] == "解读要点。"


@pytest.mark.django_db
def test_annual_reports_and_their_column_carry_their_tags(client, report):
    # Apart: its fixture switches the counting plugins off, their URLs with them.
    tags = tags_of(client, report.get_parent().url)
    assert list(tags) == [*SITE, *COLUMN] and tags["ColumnType"] == "信息发布"
    assert tags["ColumnName"] == report.get_parent().title
    tags = tags_of(client, report.url)
    assert list(tags) == [*SITE, *ARTICLE]
    assert tags["ContentSource"] == "测试市统计局" and "2025" in tags["Description"]


@pytest.mark.django_db
def test_column_views_have_a_description_and_interpretations_their_first_paragraph(
    client, publish_policy
):
    from tests.conftest import INTERPRETATION_TEXT

    plugin_columns = {
        "/consultations/": "plugins.consultation",
        "/messages/": "plugins.messageboard",
        "/validity/in-force/": "plugins.validity",
        "/disclosure-requests/": "plugins.disclosure_requests",
    }
    shown = [url for url, app in plugin_columns.items() if apps.is_installed(app)]
    for url in ("/catalogue/", *shown):
        tags = tags_of(client, url)
        assert list(tags) == [*SITE, *COLUMN], url
        assert tags["ColumnName"] and tags["ColumnKeywords"], url
        assert tags["ColumnDescription"], url
    assert tags_of(client, "/catalogue/")["ColumnDescription"].startswith("主动公开的政府信息目录")
    if "/disclosure-requests/" in shown:
        assert tags_of(client, "/disclosure-requests/")["ColumnType"] == "办事服务"

    from wagtail.rich_text import RichText

    body = [
        ("paragraph", RichText(f"<p>{INTERPRETATION_TEXT}</p>")),
        ("paragraph", RichText("<p>第二段。</p>")),
    ]
    policy = publish_policy("关于统计调查的通知", interpretations=[{"body": body}])
    interpretation = policy.interpretations().get()
    assert not interpretation.summary
    description = tags_of(client, interpretation.url)["Description"]
    assert description == INTERPRETATION_TEXT[: len(description)] and len(description) > 20
