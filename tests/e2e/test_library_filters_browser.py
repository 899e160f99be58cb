"""The library's filter form on a phone: its topic choice fits the screen, and sending
the form (筛选) keeps the topic asked in the address."""

from urllib.parse import parse_qs, urlsplit

import pytest

LONG_TOPIC = "关于深化政务公开标准化规范化建设的长主题名称示例"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_library_filter_keeps_the_topic_at_phone_width(new_page, publish_policy, division):
    filed = publish_policy("关于政务公开的通知", doc_type="normative", topics=["政务公开"])
    publish_policy("关于标准化的通知", topics=[LONG_TOPIC])
    publish_policy("关于统计的通知", doc_type="normative", topics=["统计"])
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 800})

    page.goto(division.agency.library.url + "?topic=政務公開")
    wide = page.evaluate("document.documentElement.scrollWidth - innerWidth")
    assert wide <= 0, f"{wide}px wider than the screen"
    assert page.locator("select[name=topic]").input_value() == "政务公开"
    page.select_option("select[name=doc_type]", "normative")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["topic"] == ["政务公开"] and asked["doc_type"] == ["normative"]
    assert filed.title in page.content() and "关于统计的通知" not in page.content()
