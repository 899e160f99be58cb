"""The commenter follows a comment by its tracking code: /consultations/track/ and
GET /api/v1/consultations/track/{code}, from the thank-you page and the API's 202; the
column's fixed addresses cannot be taken by a consultation's slug."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import URLResolver
from django.utils import timezone

from plugins.consultation import handling, hooks
from plugins.consultation.models import Comment, ConsultationPage
from plugins.consultation.models.pages import RESERVED_SLUGS


def _close(consultation):
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=31), closes_at=timezone.now() - timedelta(days=1)
    )
    return ConsultationPage.objects.get(pk=consultation.pk)


def test_a_comment_is_followed_from_received_to_its_published_answer(
    client, consultation, staff, settings
):
    clause3 = consultation.current_clauses()[2]
    client.post(
        consultation.url,
        {
            "clause": clause3.anchor,
            "body": "建议写明报送期限。",
            "name": "李四",
            "contact": "13912345678",
        },
    )
    thanks = client.get("/consultations/received/").content.decode()
    code = Comment.objects.get().tracking_code
    link = re.search(r'href="(/consultations/track/\?code=[A-Z0-9]+)"', thanks).group(1)
    assert code in link
    page = client.get(link).content.decode()
    assert "已收到，待反馈" in page and "第三条" in page and consultation.title in page
    # One held for moderation, sent through the API: its 202 points to the tracking page.
    settings.CONSULTATION_SENSITIVE_WORDS = ["违禁词"]
    sent = client.post(
        f"/api/v1/consultations/{consultation.pk}/comments",
        {"body": "这里有违禁词", "contact": "wang@example.com"},
        content_type="application/json",
    ).json()
    assert (
        sent["track_url"] == f"http://testserver/consultations/track/?code={sent['tracking_code']}"
    )
    held = client.get(f"/api/v1/consultations/track/{sent['tracking_code'].lower()}")
    assert held.status_code == 200 and held["Cache-Control"] == "no-store"
    assert (held.json()["state"], held.json()["answer"]) == ("held", None)
    assert "审核中" in client.get(sent["track_url"]).content.decode()
    handling.moderate(Comment.objects.get(state="held"), staff["editor"], accept=False)

    consultation = _close(consultation)
    comment = Comment.objects.get(tracking_code=code)
    disposition = handling.answer(
        consultation, [comment], staff["drafter"], "not_adopted", reason="上位法已有规定。"
    )
    handling.submit(disposition, staff["drafter"])
    handling.approve(disposition, staff["head"])
    # Approved but not yet published: the answer is not told.
    assert client.get(f"/api/v1/consultations/track/{code}").json()["state"] == "received"
    handling.publish(consultation, staff["head"])
    tracked = client.get(f"/api/v1/consultations/track/{code}").json()
    assert tracked["state"] == "answered" and tracked["number"] == 1
    assert tracked["answer"]["kind_label"] == "不予采纳"
    assert tracked["answer"]["reason"] == "上位法已有规定。"
    page = client.post("/consultations/track/", {"code": code}).content.decode()
    assert "不予采纳" in page and "上位法已有规定。" in page and "意见 1" in page
    rejected = client.get(f"/api/v1/consultations/track/{sent['tracking_code']}").json()
    assert rejected["state"] == "rejected"
    for text in (page, str(tracked), client.get(sent["track_url"]).content.decode()):
        assert "李四" not in text and "13912345678" not in text
        assert "wang@example.com" not in text
    # A code that finds nothing: one answer.
    missing = client.get("/api/v1/consultations/track/NOSUCHCODE")
    assert missing.status_code == 404 and missing.json()["message"] == "没有与此查询码对应的意见。"
    assert (
        "没有与此查询码对应的意见"
        in client.get("/consultations/track/?code=NOSUCHCODE").content.decode()
    )


def test_the_columns_fixed_addresses_are_no_consultations_slug(
    client, make_consultation, drafter, division
):
    fixed = {
        str(p.pattern).removeprefix("consultations/").strip("/")
        for resolver in hooks.public_urls()
        if isinstance(resolver, URLResolver)
        for p in resolver.url_patterns
        if str(p.pattern).startswith("consultations/")
    }
    assert fixed - {""} == RESERVED_SLUGS
    with pytest.raises(ValidationError):
        make_consultation(slug="track")
    client.force_login(drafter)
    add = client.get("/admin/consultations/new/")["Location"]
    opens = timezone.localtime().replace(microsecond=0)
    answer = client.post(
        add,
        {
            "title": "关于统计执法检查规定的修订征求意见",
            "slug": "received",
            "division": division.pk,
            "kind": "other",
            "opens_at": opens.strftime("%Y-%m-%d %H:%M"),
            "closes_at": (opens + timedelta(days=10)).strftime("%Y-%m-%d %H:%M"),
            "draft_text": "第一条 为规范统计执法检查，制定本规定。",
        },
    )
    assert answer.status_code == 200
    assert "是意见征集栏目固定页面的网址" in answer.content.decode()
    assert not ConsultationPage.objects.filter(slug="received").exists()
    assert client.get("/consultations/track/").status_code == 200


@pytest.mark.django_db
def test_tracking_past_the_api_rate_answers_the_429_page(client, settings):
    cache.clear()
    settings.API_RATE_LIMIT = "1/min"
    assert client.get("/consultations/track/?code=ABCDEFGH").status_code == 200
    refused = client.get("/consultations/track/?code=ABCDEFGH")
    page = refused.content.decode()
    cache.clear()
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "<h1>请求过于频繁</h1>" in page and "请稍候一分钟再试。" in page
