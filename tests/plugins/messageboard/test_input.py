"""One validator for the HTML form and the API, and the API's JSON-only door (25.10)."""

import json
import re

import pytest

from plugins.messageboard.models import Message

pytestmark = pytest.mark.django_db

GOOD = {"subject": "报送时间", "body": "请问何时报送？", "name": "李四", "contact": "13812345678"}


def _chinese_error(response, status=400):
    assert response.status_code == status, response.content
    error = response.json()
    assert set(error) == {"code", "message"}
    assert re.search("[\u4e00-\u9fff]", error["message"])
    return error


@pytest.mark.parametrize(
    ("field", "value"),
    [("subject", "\ufffd"), ("subject", "\ufffd\ufffd  \ufffd"), ("contact", "138 1234 5678")],
)
def test_the_form_and_the_api_refuse_the_same_input(client, board_policy, field, value):
    data = {**GOOD, field: value}
    api = client.post("/api/v1/messages", data, content_type="application/json")
    label = {"subject": "标题", "contact": "手机、电话或电子邮箱"}[field]
    assert f"“{label}”" in _chinese_error(api)["message"]  # named as the form names it
    form = client.post(f"/messages/?policy={board_policy.pk}", {**data, "category": "consultation"})
    assert form.status_code == 200  # shown again with the error, nothing stored
    assert 'class="errorlist' in form.content.decode()
    assert not Message.objects.exists()


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", ""])
def test_the_api_takes_json_only(client, content_type):
    response = client.post("/api/v1/messages", json.dumps(GOOD), content_type=content_type)
    error = _chinese_error(response, 415)
    assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]
    assert not Message.objects.exists()


@pytest.mark.parametrize("body", [b"\xff\xfe{", b"{bad json", b"[1, 2"])
def test_a_body_that_is_not_json_gets_the_documented_chinese_error(client, body):
    response = client.post("/api/v1/messages", body, content_type="application/json")
    error = _chinese_error(response)
    assert error["code"] == "invalid_json"
    for internals in ("codec", "utf-8", "Expecting", "line 1", "char", "JSON parse"):
        assert internals not in error["message"]


def test_json_with_a_charset_is_json(client):
    response = client.post(
        "/api/v1/messages", json.dumps(GOOD), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 202


def test_a_subject_from_the_api_is_one_line(client, board_policy):
    data = {**GOOD, "subject": "报送\n时间\r\n\n问题", "name": "李\n四", "policy": board_policy.pk}
    code = client.post("/api/v1/messages", data, content_type="application/json").json()
    message = Message.objects.get(tracking_code=code["tracking_code"])
    assert (message.subject, message.name) == ("报送 时间 问题", "李 四")
    assert message.body == GOOD["body"]  # the body keeps its lines


def test_the_api_names_the_fields_in_error_as_the_form_does(client):
    # Tester: the API said 参数“body.data.subject”, where the form says 标题.
    data = {"subject": "", "body": "问" * 5001, "contact": "13812345678", "policy": 0}
    message = _chinese_error(client.post("/api/v1/messages", data, "application/json"))["message"]
    for label in ("“标题”", "“留言内容”长度不能超过", "“姓名”为必填项", "“政策文件”"):
        assert label in message, message
    assert "body.data" not in message and "参数“" not in message
    rating = client.post("/api/v1/messages/track/X/rating", {"rating": "?"}, "application/json")
    assert "“评价”" in _chinese_error(rating)["message"]
    # What the schema lets through and the validator refuses is named the same way.
    markup = client.post("/api/v1/messages", {**GOOD, "body": "<b></b>"}, "application/json")
    assert "留言内容：" in _chinese_error(markup)["message"]


def test_the_form_says_what_is_wrong_in_plain_chinese(client, board_policy):
    url = f"/messages/?policy={board_policy.pk}"
    data = {**GOOD, "category": "consultation"}
    markup = client.post(url, {**data, "body": "<script>alert(1)</script>"}).content.decode()
    assert "内容不能只包含 HTML 代码或不可见字符" in markup and "此项必填" not in markup
    too_long = client.post(url, {**data, "subject": "长" * 101}).content.decode()
    assert "不能超过 100 字（当前 101 字）" in too_long and "变量" not in too_long
    assert not Message.objects.exists()
    # Control characters are dropped as the text cleaner drops them, not refused.
    assert client.post(url, {**data, "body": "请问\x00何时\x07报送？"}).status_code == 302
    assert Message.objects.get().body == "请问何时报送？"
