"""The public side of the board: posting, protection, tracking, the lists, and the rule
that a contact or a full name never reaches any public output."""

import json
import re

import pytest

from plugins.messageboard import states
from plugins.messageboard.models import FaqEntry, Message, SensitiveWord

pytestmark = pytest.mark.django_db

CONTACT = "13912345678"
EMAIL = "zhang.sanfeng@example.com"
ID_NUMBER = "110101199003078515"  # a valid check digit


def published(message, moderator, staff, head, text="已按规定办理。"):
    states.accept(message, moderator)
    states.answer(Message.objects.get(pk=message.pk), staff, text)
    states.approve(Message.objects.get(pk=message.pk), head)
    return Message.objects.get(pk=message.pk)


def test_a_message_is_stored_as_sent_cleaned_and_held(client, board_policy, post_message):
    SensitiveWord.objects.create(word="内幕")
    answer = post_message(
        policy=board_policy.pk,
        subject="<b>报送</b>时间",
        body="<script>alert(1)</script>听说有内幕，请问<a href='x'>何时</a>报送？",
    )
    assert answer["state"] == "received" and len(answer["tracking_code"]) == 20
    message = Message.objects.get(tracking_code=answer["tracking_code"])
    assert message.subject == "报送时间"
    assert message.body == "听说有内幕，请问何时报送？"  # tags and scripts are gone
    assert message.sensitive_words == ["内幕"]
    assert message.policy == board_policy
    # Nothing is public before review (先审后发).
    assert client.get("/api/v1/messages").json()["total"] == 0


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"contact": "不告诉你"}, "“手机、电话或电子邮箱”"),  # named as the form names them
        ({"subject": ""}, "“标题”"),
        ({"body": "字" * 2001}, "“留言内容”"),
        ({"category": "complaint"}, "“类别”"),
    ],
)
def test_bad_messages_are_a_400_in_chinese_and_store_nothing(client, fields, named):
    data = {"subject": "标题", "body": "内容", "name": "李四", "contact": CONTACT, **fields}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 400
    error = response.json()
    assert set(error) == {"code", "message"}
    assert named in error["message"] and re.search("[\u4e00-\u9fff]", error["message"])
    assert not Message.objects.exists()


def test_an_unknown_policy_is_a_404(client, post_message):
    data = {"subject": "标题", "body": "内容", "name": "李四", "contact": CONTACT, "policy": 98765}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 404 and "政策" in response.json()["message"]
    assert not Message.objects.exists()


def test_the_honeypot_answers_like_a_success_and_stores_nothing(client, post_message):
    answer = post_message(website="http://spam.example")
    assert not Message.objects.exists()
    assert client.get(f"/api/v1/messages/track/{answer['tracking_code']}").status_code == 404


def test_the_captcha_is_required_when_switched_on(client, settings, post_message):
    from captcha.models import CaptchaStore

    settings.MESSAGEBOARD_CAPTCHA = True
    data = {"subject": "标题", "body": "内容", "name": "李四", "contact": CONTACT}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "captcha"
    challenge = client.get("/api/v1/messages/captcha").json()
    assert client.get(challenge["image_url"]).status_code == 200
    solution = CaptchaStore.objects.get(hashkey=challenge["key"]).response
    post_message(captcha_key=challenge["key"], captcha_value=solution.upper())
    assert Message.objects.count() == 1
    # A challenge is good once.
    response = client.post(
        "/api/v1/messages",
        {**data, "captcha_key": challenge["key"], "captcha_value": "wrong"},
        content_type="application/json",
    )
    assert response.status_code == 400
    # Off, no code is asked for.
    settings.MESSAGEBOARD_CAPTCHA = False
    post_message()
    assert Message.objects.count() == 2


def test_posting_shares_the_api_rate_limit(client, settings, post_message):
    from django.core.cache import cache

    cache.clear()
    settings.API_RATE_LIMIT = "3/min"
    for _ in range(3):
        post_message()
    data = {"subject": "标题", "body": "内容", "name": "李四", "contact": CONTACT}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 429 and int(response["Retry-After"]) >= 1
    assert Message.objects.count() == 3


def test_tracking_tells_the_asker_and_nobody_else(
    client, board_policy, post_message, moderator, staff, head
):
    wrong = [client.get(f"/api/v1/messages/track/{code}") for code in ("X" * 20, "短", "%20")]
    assert {r.status_code for r in wrong} == {404}
    assert len({r.content for r in wrong}) == 1  # one answer, whatever the code

    code = post_message(policy=board_policy.pk)["tracking_code"]
    tracked = client.get(f"/api/v1/messages/track/{code.lower()}")
    assert tracked.status_code == 200 and tracked["Cache-Control"] == "no-store"
    assert tracked.json()["state_label"] == "已收到"

    message = Message.objects.get(tracking_code=code)
    states.accept(message, moderator)
    assert client.get(f"/api/v1/messages/track/{code}").json()["state"] == "accepted"
    states.answer(Message.objects.get(pk=message.pk), staff, "答复内容")
    states.approve(Message.objects.get(pk=message.pk), head)
    item = client.get(f"/api/v1/messages/track/{code}").json()
    assert item["state"] == "published" and item["replies"][0]["text"] == "答复内容"
    assert item["can_rate"]
    rated = client.post(
        f"/api/v1/messages/track/{code}/rating", {"rating": "fairly"}, "application/json"
    )
    assert rated.status_code == 200 and rated.json()["rating"] == "fairly"
    again = client.post(
        f"/api/v1/messages/track/{code}/rating", {"rating": "satisfied"}, "application/json"
    )
    assert again.status_code == 400 and "已评价" in again.json()["message"]


def test_tracking_is_never_answered_from_the_publication_stamp(client, post_message, moderator):
    code = post_message()["tracking_code"]
    first = client.get(f"/api/v1/messages/track/{code}")
    assert "ETag" not in first and "Last-Modified" not in first
    states.accept(Message.objects.get(tracking_code=code), moderator)  # the stamp stays
    later = client.get(
        f"/api/v1/messages/track/{code}", HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT"
    )
    assert later.status_code == 200 and later.json()["state"] == "accepted"


def test_a_rejection_shows_its_reason_to_the_asker(client, post_message, moderator):
    code = post_message()["tracking_code"]
    states.reject(Message.objects.get(tracking_code=code), moderator, "off_topic")
    item = client.get(f"/api/v1/messages/track/{code}").json()
    assert (item["state_label"], item["reject_reason"]) == ("不予受理", "与政策无关")


def test_published_messages_are_listed_with_replies_and_masked(
    client, board_policy, post_message, moderator, staff, head
):
    code = post_message(
        policy=board_policy.pk,
        name="张三丰",
        contact=EMAIL,
        body=f"我的手机{CONTACT}，身份证{ID_NUMBER}，请回电。",
    )["tracking_code"]
    post_message(policy=board_policy.pk, subject="未审核的留言")
    published(
        Message.objects.get(tracking_code=code), moderator, staff, head, "已致电13700001111。"
    )

    data = client.get("/api/v1/messages", {"policy": board_policy.pk}).json()
    assert data["total"] == 1
    (item,) = data["items"]
    assert item["asker"] == "张**"
    assert "139****5678" in item["body"] and "11*************515" in item["body"]
    assert item["replies"][0]["text"] == "已致电137****1111。"
    assert item["replies"][0]["division"] == "综合处"

    detail = client.get(f"/api/v1/policies/{board_policy.pk}").json()
    assert detail["plugins"]["messageboard"]["message_count"] == 1


def test_the_contact_never_reaches_a_public_output(
    client, board_policy, post_message, moderator, staff, head, django_capture_on_commit_callbacks
):
    code = post_message(policy=board_policy.pk, name="欧阳明月", contact=EMAIL)["tracking_code"]
    message = published(Message.objects.get(tracking_code=code), moderator, staff, head)
    faq = FaqEntry.objects.create(policy=board_policy, question="怎样报送？", answer="按季度报送。")
    faq.messages.add(message)
    with django_capture_on_commit_callbacks(execute=True):
        board_policy.save_revision().publish()

    outputs = {
        url: client.get(url).content.decode()
        for url in [
            board_policy.url,
            "/messages/",
            f"/messages/?policy={board_policy.pk}",
            "/api/v1/messages",
            f"/api/v1/messages?policy={board_policy.pk}",
            f"/api/v1/messages/track/{code}",
            f"/api/v1/policies/{board_policy.pk}",
            "/api/v1/search?q=报送",
            "/feeds/policies.rss",
        ]
    }
    from search.documents import document_for

    outputs["search document"] = json.dumps(document_for(board_policy.pk), ensure_ascii=False)
    outputs["track page"] = client.post("/messages/track/", {"code": code}).content.decode()
    for where, text in outputs.items():
        assert EMAIL not in text and "example.com" not in text, where
        assert "欧阳明月" not in text, where
    assert "欧**" in outputs[board_policy.url]
    assert "怎样报送" in outputs[board_policy.url]
    assert "怎样报送" in outputs["search document"]


def test_anything_shaped_like_a_personal_number_is_masked_on_every_public_output(
    client, board_policy, post_message, moderator, staff, head
):
    # One mistyped digit each: the checksums fail, the numbers are still someone's.
    bad_id, bad_card = "110101199003078516", "6222021234567890124"
    code = post_message(
        policy=board_policy.pk,
        subject=f"身份证{bad_id}的问题",
        body=f"卡号{bad_card}，卡 6222 0212 3456 7891，手机138-1234-5678，或 139 1234 5678。",
    )["tracking_code"]
    published(
        Message.objects.get(tracking_code=code), moderator, staff, head, "已致电 137-0000-1111。"
    )
    outputs = {
        url: client.get(url).content.decode()
        for url in (
            "/api/v1/messages",
            f"/api/v1/messages?policy={board_policy.pk}",
            "/messages/",
            board_policy.url,
        )
    }
    outputs["track page"] = client.post("/messages/track/", {"code": code}).content.decode()
    outputs["track api"] = client.get(f"/api/v1/messages/track/{code}").content.decode()
    for where, text in outputs.items():
        for number in (bad_id, bad_card, "6222 0212 3456 7891", "1234-5678", "1234 5678"):
            assert number not in text, (where, number)
        assert "0000-1111" not in text and "0000" not in text.split("137", 1)[-1][:8], where
    api = client.get("/api/v1/messages").json()["items"][0]
    assert api["subject"] == "身份证11*************516的问题"
    assert "6222***********0124" in api["body"] and "138****5678" in api["body"]
    assert "139****5678" in api["body"] and api["replies"][0]["text"] == "已致电 137****1111。"


def test_messages_of_a_policy_that_is_no_longer_public_leave_every_public_list(
    client, board_policy, post_message, moderator, staff, head, division
):
    code = post_message(policy=board_policy.pk, subject="统计报表何时报送")["tracking_code"]
    published(Message.objects.get(tracking_code=code), moderator, staff, head)
    general = Message.objects.get(tracking_code=post_message(subject="一般性留言")["tracking_code"])
    states.accept(general, moderator, division)
    states.answer(Message.objects.get(pk=general.pk), staff, "已办理。")
    states.approve(Message.objects.get(pk=general.pk), head)

    def shown():
        api = client.get("/api/v1/messages").json()
        by_policy = client.get("/api/v1/messages", {"policy": board_policy.pk}).json()
        html = client.get("/messages/").content.decode()
        html_policy = client.get(f"/messages/?policy={board_policy.pk}").content.decode()
        subjects = [item["subject"] for item in api["items"]]
        assert "一般性留言" in subjects and "一般性留言" in html
        return {
            "api": "统计报表何时报送" in subjects and api["total"] == 2,
            "api policy": by_policy["total"] == 1 and len(by_policy["items"]) == 1,
            "html": "统计报表何时报送" in html and board_policy.title in html,
            "html policy": "统计报表何时报送" in html_policy,
        }

    assert all(shown().values())
    board_policy.unpublish()
    assert not any(shown().values())
    board_policy.save_revision().publish()  # back on the site: its messages return
    assert all(shown().values())
    # Republished as withheld (不予公开): gone again.
    from cms.models import PolicyPage

    policy = PolicyPage.objects.get(pk=board_policy.pk)
    policy.disclosure, policy.disclosure_reason = "withheld", "涉及国家秘密"
    policy.save_revision().publish()
    assert not any(shown().values())


HUGE_ID = "99999999999999999999999"


def test_an_id_past_64_bits_lists_every_message_and_is_refused_in_the_form(client, board_policy):
    assert client.get("/messages/", {"policy": HUGE_ID}).status_code == 200
    assert client.get("/messages/", {"policy": "²"}).status_code == 200
    form = {"policy": HUGE_ID, "category": "consultation", "subject": "报送时间",
            "body": "请问何时报送？", "name": "张三", "contact": CONTACT}  # fmt: skip
    response = client.post("/messages/", form)
    assert response.status_code == 200  # the form again, with its error
    assert not Message.objects.exists()


def test_a_body_over_the_upload_limit_is_a_json_413(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default, 2.5 MB
    body = json.dumps({"subject": "问" * 1_000_000, "body": "x", "name": "张三"})
    response = client.post("/api/v1/messages", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"code": "too_large", "message": "请求内容过大。"}
    assert not Message.objects.exists()


def test_the_policy_page_links_to_the_form_and_an_error_is_shown_beside_its_field(
    client, board_policy
):
    page = client.get(board_policy.url).content.decode()
    assert "csrfmiddlewaretoken" not in page and 'class="message-form"' not in page
    link = re.search(r'<p class="ask-link"><a href="([^"]+)">就本政策留言</a>', page)[1]
    assert link == f"/messages/?policy={board_policy.pk}#ask"
    form_page = client.get(link.split("#")[0]).content.decode()
    assert 'id="ask"' in form_page and board_policy.title in form_page
    assert re.search(rf'<input type="hidden" name="policy" value="{board_policy.pk}"', form_page)
    action = re.search(r'<form method="post" action="([^"]+)" class="message-form"', form_page)[1]
    assert action.endswith("#ask")  # the browser comes back to the form, not the top
    sent = {"category": "consultation", "subject": "报送时间", "body": "请问何时报送？"}
    response = client.post(
        action.split("#")[0],
        {**sent, "name": "李四", "contact": "abc", "policy": board_policy.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200 and not Message.objects.exists()
    assert board_policy.title in html and 'id="ask"' in html
    contact = re.search(r'<input[^>]*name="contact"[^>]*>', html)[0]
    assert 'value="abc"' in contact and 'aria-invalid="true"' in contact and "autofocus" in contact
    after = html[html.index('name="contact"') :]
    assert after.index("请填写手机号码") < after.index("</p>")  # beside the field
    assert 'value="报送时间"' in html  # what was typed is kept
    response = client.post(
        action.split("#")[0],
        {**sent, "name": "李四", "contact": CONTACT, "policy": board_policy.pk},
    )
    assert response.status_code == 302
    assert Message.objects.get().policy_id == board_policy.pk


def test_the_confirmation_links_to_tracking_with_the_code_and_back_to_the_policy(
    client, board_policy, moderator
):
    from django.utils import timezone

    sent = {"category": "consultation", "subject": "报送时间", "body": "请问年报何时报送？"}
    response = client.post(
        f"/messages/?policy={board_policy.pk}",
        {**sent, "name": "李四", "contact": CONTACT, "policy": board_policy.pk},
        follow=True,
    )
    html = response.content.decode()
    code = re.search(r'class="tracking-code">(\w+)<', html)[1]
    assert f'href="/messages/track/?code={code}"' in html
    assert f'href="{board_policy.url}"' in html and board_policy.title in html

    tracked = client.get(f"/messages/track/?code={code}").content.decode()
    assert "报送时间" in tracked and "请问年报何时报送？" in tracked  # the question itself
    today = timezone.localdate().isoformat()
    assert re.search(rf'class="received-on">{today}<', tracked)
    assert f'href="{board_policy.url}"' in tracked
    assert 'class="due-on"' not in tracked  # no deadline before acceptance
    message = states.accept(Message.objects.get(tracking_code=code), moderator)
    tracked = client.get(f"/messages/track/?code={code}").content.decode()
    assert f'class="due-on">{message.due_on.isoformat()}<' in tracked
    assert 'size="24"' in tracked and 'class="tracking-input"' in tracked


def test_tracking_a_message_whose_policy_left_the_site_says_so_without_naming_it(
    client, board_policy, post_message, moderator, staff, head
):
    # Tester: the message had left every public list, but tracking still said 已公开.
    code = post_message(policy=board_policy.pk)["tracking_code"]
    published(Message.objects.get(tracking_code=code), moderator, staff, head, "答复内容")
    item = client.get(f"/api/v1/messages/track/{code}").json()
    assert (item["state"], item["state_label"], item["public"]) == ("published", "已公开", True)

    def tracked():
        api = client.get(f"/api/v1/messages/track/{code}")
        html = client.get("/messages/track/", {"code": code}).content.decode()
        assert board_policy.title not in api.content.decode() + html
        assert "小微企业统计调查" not in api.content.decode() + html
        return api.json(), html

    gone = "已答复，所涉政策已不在网站公开"
    board_policy.unpublish()
    item, html = tracked()
    assert (item["state"], item["state_label"], item["public"]) == ("published", gone, False)
    assert gone in html and "已公开" not in html

    from cms.models import PolicyPage

    policy = PolicyPage.objects.get(pk=board_policy.pk)
    policy.disclosure, policy.disclosure_reason = "on_request", "条例第十五条"
    policy.save_revision().publish()  # back live, but not proactively disclosed
    item, html = tracked()
    assert (item["state_label"], item["public"]) == (gone, False) and gone in html

    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["Tracked"]
    assert (
        "public" in schema["required"] and "false" in schema["properties"]["public"]["description"]
    )


def test_an_empty_message_form_is_checked_by_the_server_in_chinese_beside_each_field(
    client, board_policy
):
    # Tester: an empty submit showed the browser's English "Please fill out this field.".
    for url in ("/messages/", f"/messages/?policy={board_policy.pk}"):
        form = re.search(r'<form[^>]*class="message-form"[^>]*>', client.get(url).content.decode())
        assert "novalidate" in form[0], url
    track = client.get("/messages/track/").content.decode()
    assert "novalidate" in re.search(r'<form[^>]*class="track-form"[^>]*>', track)[0]

    html = client.post("/messages/", {"category": "consultation"}).content.decode()
    assert not Message.objects.exists()
    for name in ("subject", "body", "name", "contact"):
        after = html[html.index(f'name="{name}"') :]
        assert after.index("此项必填") < after.index("</p>"), name  # beside its field


def test_the_tracking_page_takes_the_rating_once(
    client, board_policy, post_message, moderator, staff, head
):
    code = post_message(policy=board_policy.pk)["tracking_code"]
    published(Message.objects.get(tracking_code=code), moderator, staff, head)
    rated = client.post("/messages/track/", {"code": code, "rating": "satisfied"})
    assert rated.status_code == 200 and "感谢您的评价" in rated.content.decode()
    again = client.post("/messages/track/", {"code": code, "rating": "fairly"})
    assert "已评价" in again.content.decode()
    assert Message.objects.get(tracking_code=code).rating == "satisfied"


@pytest.mark.parametrize(
    ("subject", "problem"),
    [
        ("", "“标题”为必填项"),
        ("   ", "“标题”须包含汉字、字母或数字"),
        ("！？……", "“标题”须包含汉字、字母或数字"),
    ],
)
def test_an_empty_or_wordless_title_says_so_not_that_its_format_is_wrong(client, subject, problem):
    """An empty title is missing, and one of punctuation alone lacks words: neither reads
    格式不正确 (is not valid), which leaves the sender guessing what format is wanted."""
    data = {"subject": subject, "body": "内容", "name": "李四", "contact": CONTACT}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 400
    message = response.json()["message"]
    assert problem in message and "格式不正确" not in message
    assert not Message.objects.exists()


def test_a_contact_that_is_no_phone_or_address_says_what_to_give(client):
    data = {"subject": "标题", "body": "内容", "name": "李四", "contact": "abc"}
    response = client.post("/api/v1/messages", data, content_type="application/json")
    assert response.status_code == 400
    message = response.json()["message"]
    assert "须为手机号码、带区号的固定电话或电子邮箱" in message and "格式不正确" not in message
    assert not Message.objects.exists()
