"""The API speaks Chinese to its clients (issue 24.10): an invalid value's error names the
accepted values with their Chinese labels, and the API docs group operations under Chinese
section tags."""

import re

from tests.e2e.admin_crawl import english_words


def test_an_invalid_choice_is_answered_with_each_value_and_its_label(client, db):
    response = client.get("/api/v1/policies", {"doc_type": "law"})
    assert response.status_code == 400
    message = response.json()["message"]
    assert "“normative”（行政规范性文件）" in message
    assert "“report”（报告）或“notice”（通知）" in message
    assert "'" not in message and " or " not in message

    message = client.get("/api/v1/policies", {"ordering": "title"}).json()["message"]
    assert "“-issued_on”（成文日期从新到旧）" in message
    message = client.get("/api/v1/search", {"doc_type": "law"}).json()["message"]
    assert "“rule”（规章）" in message
    # Apart from the values a client sends, the message is Chinese.
    assert not english_words(re.sub(r"“[^”]*”", "", message))


def test_the_api_docs_sections_are_chinese(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    tags = {tag for path in schema["paths"].values() for op in path.values() for tag in op["tags"]}
    assert "政策文件" in tags and "检索" in tags
    assert not [tag for tag in tags if english_words(tag)], tags
