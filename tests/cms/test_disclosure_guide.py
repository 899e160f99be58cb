"""The disclosure guide (政府信息公开指南, docs/architecture.md#public-site): an agency's
page with its office's text and contact and the ways to apply plugins offer, linked from
its library once published."""

import pytest

from cms.extend.hookspecs import hookimpl
from cms.extend.page_tags import ARTICLE, SITE
from cms.models import DisclosureGuidePage
from tests.cms.test_page_tags import tags_of
from tests.cms.test_sitemap import listed


class Channels:
    @hookimpl
    def disclosure_request_channels(self, agency, request):
        return [
            {"label": "<b>信函申请</b>", "href": "/letters/?a=1&b=2", "text": f"寄往{agency.name}"},
            {"label": "no href"},
        ]


@pytest.fixture
def make_guide(agency):
    def make(*, live=True):
        guide = DisclosureGuidePage(
            title="政府信息公开指南",
            agency=agency,
            body="<p>本机关主动公开政策文件及其解读。</p>",
            office="办公室",
            phone="010-12345678",
            live=False,
        )
        agency.library.add_child(instance=guide)
        revision = guide.save_revision()
        if live:
            revision.publish()
        return DisclosureGuidePage.objects.get(pk=guide.pk)

    return make


@pytest.mark.django_db
def test_a_draft_guide_is_not_linked_nor_listed(client, make_guide):
    guide = make_guide(live=False)
    assert guide.url not in client.get(guide.get_parent().url).content.decode()
    assert guide.url not in listed(client)


@pytest.mark.django_db
def test_the_guide_shows_its_text_contact_and_the_plugins_ways_to_apply(client, make_guide, plugin):
    plugin(Channels(), "channels_for_guide")
    guide = make_guide()
    html = client.get(guide.url).content.decode()
    assert "本机关主动公开政策文件及其解读。" in html and "010-12345678" in html
    assert (
        '<a href="/letters/?a=1&amp;b=2">&lt;b&gt;信函申请&lt;/b&gt;</a>：寄往测试市统计局' in html
    )
    assert "no href" not in html
    assert f'href="{guide.url}"' in client.get(guide.get_parent().url).content.decode()
    tags = tags_of(client, guide.url)
    assert list(tags) == [*SITE, *ARTICLE] and tags["ContentSource"] == "测试市统计局"
    assert guide.url in listed(client)


@pytest.mark.django_db
def test_the_guides_date_is_its_last_publication_and_its_tags_are_filled(
    client, make_guide, time_machine
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    time_machine.move_to(datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))
    guide = make_guide()
    time_machine.move_to(datetime(2026, 3, 9, 14, 30, tzinfo=ZoneInfo("Asia/Shanghai")))
    guide.body = "<p>本机关主动公开政策文件、解读和统计数据。</p>"
    guide.save_revision().publish()
    tags = tags_of(client, guide.url)
    assert tags["PubDate"] == "2026-03-09 14:30"
    assert "政府信息公开指南" in tags["Keywords"] and "测试市统计局" in tags["Keywords"]
    assert tags["Description"] == "本机关主动公开政策文件、解读和统计数据。"


@pytest.mark.django_db
def test_the_guide_links_the_agencys_catalogue(client, make_guide, publish_policy, agency):
    policy = publish_policy("关于统计调查的通知")
    guide = make_guide()
    html = client.get(guide.url).content.decode()
    link = f'<a href="/catalogue/?agency={agency.pk}">测试市统计局政府信息公开目录</a>'
    assert link in html
    listing = client.get(f"/catalogue/?agency={agency.pk}").content.decode()
    assert policy.title in listing
