"""A citizen's question through the board in headless Chromium: asked from the policy page,
accepted by a moderator, answered by the division, approved by its head, and read back
by the citizen through the tracking code, at phone width."""

import os

import pytest

from tests.e2e.test_bundle_browser import login

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def act(page, action, **fields):
    form = page.locator(f"form:has(input[name=action][value={action}])")
    for name, value in fields.items():
        form.locator(f"[name={action}-{name}]").fill(value)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_a_citizen_asks_and_reads_the_reply(
    new_page, publish_policy, moderator, staff, head, screenshots, settings
):
    from captcha.models import CaptchaStore

    from plugins.messageboard.models import Message

    settings.MESSAGEBOARD_CAPTCHA = True  # fetched by the form's script, not per view

    policy = publish_policy("关于小微企业统计调查的办法", doc_type="normative")

    citizen = new_page()
    citizen.set_viewport_size({"width": 390, "height": 844})
    citizen.goto(policy.url)
    with citizen.expect_navigation():
        citizen.click("#messages .ask-link a")  # one click to the form, the policy chosen
    assert citizen.input_value("input[name=policy]") == str(policy.pk)
    citizen.fill("#id_subject", "年报何时报送？")
    citizen.fill("#id_body", "我单位是小微企业，请问年报的报送时间。")
    citizen.fill("#id_name", "张小明")
    citizen.fill("#id_contact", "13812345678")
    citizen.wait_for_function("document.querySelector('[name=captcha_0]').value !== ''")
    key = citizen.input_value("[name=captcha_0]")
    assert CaptchaStore.objects.count() == 1  # one challenge, for the reader who wrote
    citizen.fill("#id_captcha_1", CaptchaStore.objects.get(hashkey=key).response)
    with citizen.expect_navigation():
        citizen.click("form.message-form button[type=submit]")
    code = citizen.inner_text(".tracking-code").strip()
    assert citizen.get_attribute("a[href^='/messages/track/']", "href").endswith(code)
    citizen.screenshot(path=os.path.join(screenshots, "board-received.png"), full_page=True)
    message = Message.objects.get(tracking_code=code)
    assert message.contact == "13812345678" and message.policy_id == policy.pk

    editor = new_page()
    login(editor, "moderator")
    editor.goto("/admin/messages/?tab=received")
    editor.click("text=年报何时报送？")
    act(editor, "accept")
    assert Message.objects.get(pk=message.pk).state == "assigned"

    division_staff = new_page()
    login(division_staff, "staff")
    division_staff.goto(f"/admin/messages/{message.pk}/")
    act(division_staff, "answer", text="年报于次年3月31日前报送。")

    division_head = new_page()
    login(division_head, "head")
    division_head.goto(f"/admin/messages/{message.pk}/")
    act(division_head, "approve")
    assert Message.objects.get(pk=message.pk).state == "published"

    citizen.goto("/messages/track/")
    citizen.fill("#id_code", code)
    # All 20 characters of the code are in view at phone width.
    assert citizen.eval_on_selector("#id_code", "e => e.scrollWidth <= e.clientWidth")
    assert citizen.eval_on_selector("#id_code", "e => e.getBoundingClientRect().right <= 390")
    with citizen.expect_navigation():
        citizen.click("form button[type=submit]")
    assert citizen.inner_text(".state") == "已公开"
    assert "年报于次年3月31日前报送。" in citizen.inner_text(".tracked")
    citizen.check("input[name=rating][value=satisfied]")
    with citizen.expect_navigation():
        citizen.click(".tracked button[type=submit]")
    assert "感谢您的评价" in citizen.inner_text(".tracked")
    citizen.screenshot(path=os.path.join(screenshots, "board-tracked.png"), full_page=True)
    assert Message.objects.get(pk=message.pk).rating == "satisfied"

    citizen.goto(policy.url)
    section = citizen.inner_text("#messages")
    assert "年报于次年3月31日前报送。" in section and "13812345678" not in section
    assert "张**" in section and "张小明" not in section
