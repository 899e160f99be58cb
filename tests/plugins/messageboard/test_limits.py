"""Message intake and CAPTCHA challenges have their own per-address limits (25.7), far
below the API's shared 300 a minute."""

import re

import pytest
from django.core.cache import cache

from plugins.messageboard.models import Message

pytestmark = pytest.mark.django_db

GOOD = {"subject": "报送时间", "body": "请问何时报送？", "name": "李四", "contact": "13812345678"}


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    cache.clear()
    settings.API_RATE_LIMIT = "300/min"
    yield
    cache.clear()


def test_one_address_stores_a_few_messages_a_minute_by_form_and_api_together(
    client, settings, board_policy
):
    settings.MESSAGEBOARD_RATE_LIMIT = "3/min"
    for _ in range(2):
        assert (
            client.post("/api/v1/messages", GOOD, content_type="application/json").status_code
            == 202
        )
    form = client.post(f"/messages/?policy={board_policy.pk}", {**GOOD, "category": "consultation"})
    assert form.status_code == 302 and Message.objects.count() == 3

    api = client.post("/api/v1/messages", GOOD, content_type="application/json")
    assert api.status_code == 429 and int(api["Retry-After"]) >= 1
    assert api.json()["code"] == "rate_limited"
    form = client.post(f"/messages/?policy={board_policy.pk}", {**GOOD, "category": "consultation"})
    assert form.status_code == 429 and "Retry-After" in form
    # Shown beside the form, the message as typed (not a bare page that loses it).
    html = form.content.decode()
    assert "请求过于频繁：请稍候一分钟再试。" in html and "请问何时报送？</textarea>" in html
    assert "请修改下面标出的内容" not in html  # no field is marked: nothing to correct
    listed = client.post("/messages/", {**GOOD, "category": "consultation"})
    assert listed.status_code == 429 and "请问何时报送？</textarea>" in listed.content.decode()
    assert Message.objects.count() == 3
    # Another address is not held back by this one.
    other = client.post(
        "/api/v1/messages", GOOD, content_type="application/json", REMOTE_ADDR="10.1.2.3"
    )
    assert other.status_code == 202 and Message.objects.count() == 4


def test_an_invalid_message_does_not_use_up_the_limit(client, settings):
    settings.MESSAGEBOARD_RATE_LIMIT = "1/min"
    bad = client.post("/api/v1/messages", {**GOOD, "contact": "abc"}, "application/json")
    assert bad.status_code == 400
    assert client.post("/api/v1/messages", GOOD, "application/json").status_code == 202


def test_with_the_captcha_on_reading_the_form_writes_no_challenge(client, settings, board_policy):
    from captcha.models import CaptchaStore

    settings.MESSAGEBOARD_CAPTCHA = True
    asked = f"/messages/?policy={board_policy.pk}"
    for url in (asked, asked, "/messages/"):
        html = client.get(url).content.decode()
        assert 'name="captcha_0"' in html and 'data-refresh="/captcha/refresh/"' in html
    assert CaptchaStore.objects.count() == 0
    # The form's script asks for one when the reader starts on it, and it is solved.
    challenge = client.get("/captcha/refresh/", HTTP_X_REQUESTED_WITH="XMLHttpRequest").json()
    answer = CaptchaStore.objects.get(hashkey=challenge["key"]).response
    sent = {**GOOD, "category": "consultation", "policy": board_policy.pk}
    url = f"/messages/?policy={board_policy.pk}"
    response = client.post(url, {**sent, "captcha_0": challenge["key"], "captcha_1": answer})
    assert response.status_code == 302 and Message.objects.count() == 1
    # Without the script the form comes back once, with a challenge made then.
    again = client.post(url, {**sent, "captcha_0": "", "captcha_1": ""})
    assert again.status_code == 200 and Message.objects.count() == 1
    key = re.search(r'name="captcha_0" value="(\w+)"', again.content.decode())[1]
    assert CaptchaStore.objects.filter(hashkey=key).exists()


def test_the_boards_older_captcha_path_is_the_cores_challenge(client, settings):
    settings.PUBLIC_CAPTCHA_RATE_LIMIT = "1/min"
    made = client.get("/api/v1/messages/captcha").json()
    assert made["image_url"] == f"http://testserver/captcha/image/{made['key']}/"
    assert client.get("/api/v1/captcha").status_code == 429  # one count for both paths
    operation = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/messages/captcha"]
    assert operation["get"]["deprecated"] is True


def test_tracking_past_the_api_rate_answers_the_429_page(client, settings):
    settings.API_RATE_LIMIT = "1/min"
    assert client.get("/messages/track/?code=ABCDEFGH").status_code == 200
    refused = client.get("/messages/track/?code=ABCDEFGH")
    page = refused.content.decode()
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "<h1>请求过于频繁</h1>" in page and "请稍候一分钟再试。" in page
