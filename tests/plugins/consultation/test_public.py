"""The public side: the page with its clauses and form, /consultations/, the API and the
feed; comments refused outside the period; names and contacts never public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.plugin_api import PublicationStamp
from plugins.consultation import handling
from plugins.consultation.models import Comment, ConsultationPage, Disposition, Feedback


@pytest.fixture
def clause3(consultation):
    return consultation.current_clauses()[2]


def test_the_page_shows_the_clauses_and_a_comment_on_clause_3_is_stored(
    client, consultation, clause3
):
    page = client.get(consultation.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f'id="{clause3.anchor}"' in html and "第三条" in html and "起草背景" in html
    answer = client.post(
        consultation.url,
        {
            "clause": clause3.anchor,
            "body": "<b>建议</b>明确报送\x07期限。",
            "name": "李四",
            "contact": "13912345678",
        },
    )
    assert answer.status_code == 302 and answer["Location"] == "/consultations/received/"
    comment = Comment.objects.get()
    assert (comment.clause, comment.body, comment.state) == (
        clause3,
        "建议明确报送期限。",
        "accepted",
    )
    assert (comment.name, comment.contact) == ("李四", "13912345678")
    received = client.get("/consultations/received/").content.decode()
    assert comment.tracking_code in received
    # The way back names the draft once, in quotes: its title carries its own 《》.
    assert f"返回“{consultation.title}”" in received
    # Counted on the page and in the API, the name and contact nowhere.
    for text in (
        client.get(consultation.url).content.decode(),
        client.get(f"/api/v1/consultations/{consultation.pk}").content.decode(),
    ):
        assert "李四" not in text and "13912345678" not in text
    detail = client.get(f"/api/v1/consultations/{consultation.pk}").json()
    assert detail["comment_count"] == 1
    assert [c["comment_count"] for c in detail["clauses"]] == [0, 0, 1, 0]


def test_a_comment_with_a_listed_word_is_held_and_not_counted(client, consultation, settings):
    settings.CONSULTATION_SENSITIVE_WORDS = ["违禁词"]
    answer = client.post(
        f"/api/v1/consultations/{consultation.pk}/comments",
        {"body": "这里有违禁词"},
        content_type="application/json",
    )
    assert answer.status_code == 202 and answer.json()["state"] == "held"
    assert client.get(f"/api/v1/consultations/{consultation.pk}").json()["comment_count"] == 0


@pytest.mark.parametrize(("start", "message"), [(-40, "已于"), (2, "将于")])
def test_comments_outside_the_period_are_refused_with_a_clear_message(
    client, make_consultation, start, message
):
    opens = timezone.now() + timedelta(days=start)
    consultation = make_consultation(opens_at=opens, closes_at=opens + timedelta(days=30))
    api = client.post(
        f"/api/v1/consultations/{consultation.pk}/comments",
        {"body": "晚到的意见"},
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["code"] == "not_open"
    assert message in api.json()["message"]
    form = client.post(consultation.url, {"body": "晚到的意见"})
    assert form.status_code == 400 and message in form.content.decode()
    assert 'class="comment-form"' not in form.content.decode()
    assert not Comment.objects.exists()


def test_the_api_takes_a_comment_and_refuses_bad_ones_in_chinese(client, consultation, clause3):
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    ok = client.post(
        url, {"clause": clause3.anchor, "body": "同意。"}, content_type="application/json"
    )
    assert ok.status_code == 202 and len(ok.json()["tracking_code"]) == 20
    bad = client.post(
        url,
        {"clause": "nosuch", "body": "同意。", "contact": "不是电话"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "条款" in bad.json()["message"]
    # Too long: the comment's own message, as the form's, naming the limit and the length.
    long = client.post(url, {"body": "长" * 100_000}, content_type="application/json")
    assert long.status_code == 400 and long.json() == {
        "code": "invalid_comment",
        "message": "意见有误：意见内容：不能超过 3000 字（当前 100000 字）。",
    }
    # Counted after the tags are stripped, as the form counts.
    tagged = client.post(
        url,
        {"body": "<b>" * 100 + "同意" * 1400 + "👨\u200d👩\u200d👧"},
        content_type="application/json",
    )
    assert tagged.status_code == 202
    # The joiner inside an emoji sequence is kept (the family stays one picture).
    assert Comment.objects.get(tracking_code=tagged.json()["tracking_code"]).body.endswith(
        "同意👨\u200d👩\u200d👧"
    )
    assert client.post(
        f"/api/v1/consultations/{2**70}/comments", {"body": "x"}, content_type="application/json"
    ).status_code in (400, 422)
    assert client.get(f"/api/v1/consultations/{2**70}").status_code in (400, 422)
    assert Comment.objects.count() == 2


def test_lists_feed_and_published_feedback(
    client, make_consultation, clause3, consultation, django_user_model
):
    long_ago = timezone.now() - timedelta(days=60)
    closed = make_consultation(
        "已截止的征求意见", opens_at=long_ago, closes_at=long_ago + timedelta(days=30)
    )
    comment = Comment.objects.create(
        consultation=consultation,
        clause=clause3,
        body="我的电话13812345678，建议删除。",
        name="王五",
        contact="wang@example.com",
    )
    disposition = Disposition.objects.create(
        consultation=consultation,
        kind="not_adopted",
        reason="上位法已有规定。",
        clause=clause3,
        state="approved",
    )
    comment.disposition = disposition
    comment.save()
    # Merged with a comment on 第一条: the answer stands under both clauses, each with its own.
    Comment.objects.create(
        consultation=consultation,
        clause=consultation.current_clauses().first(),
        body="第一条也应删除。",
        disposition=disposition,
    )
    listing = client.get("/consultations/").content.decode()
    assert "已截止的征求意见" in listing and consultation.title in listing
    one_phase = client.get("/consultations/?phase=closed").content.decode()
    assert "已截止的征求意见" in one_phase and consultation.title not in one_phase
    api = client.get("/api/v1/consultations?phase=closed").json()
    assert [i["id"] for i in api["items"]] == [closed.pk]
    assert client.get(f"/api/v1/consultations/{consultation.pk}").json()["feedback"] is None
    Feedback.objects.create(consultation=consultation, published_at=timezone.now())
    PublicationStamp.bump()  # as publishing the feedback does
    feedback = client.get(f"/api/v1/consultations/{consultation.pk}").json()["feedback"]
    assert feedback["totals"]["not_adopted"] == 2
    items = [(i["clause_label"], i["numbers"], i["comments"]) for i in feedback["items"]]
    assert items == [
        ("第一条", [2], ["第一条也应删除。"]),
        ("第三条", [1], ["我的电话138****5678，建议删除。"]),
    ]
    page = client.get(consultation.url).content.decode()
    assert "138****5678" in page and "13812345678" not in page and "王五" not in page
    feed = client.get("/feeds/consultations.atom").content.decode()
    assert consultation.title in feed and "已截止的征求意见" in feed


def test_a_consultation_not_approved_is_in_no_public_output(
    client, make_consultation, consultation
):
    from wagtail.models import PageViewRestriction

    draft = make_consultation("尚未审核的征求意见稿", live=False)
    restricted = make_consultation("限定范围的征求意见稿")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    for hidden in (draft, restricted):
        assert client.get(f"/api/v1/consultations/{hidden.pk}").status_code == 404
        post = client.post(
            f"/api/v1/consultations/{hidden.pk}/comments",
            {"body": "意见"},
            content_type="application/json",
        )
        assert post.status_code == 404
    outputs = [
        client.get(u).content.decode()
        for u in (
            "/consultations/",
            "/api/v1/consultations",
            "/feeds/consultations.rss",
            "/feeds/consultations.atom",
        )
    ]
    for text in outputs:
        assert consultation.title in text or f'"id": {consultation.pk}' in text
        assert "尚未审核" not in text and "限定范围" not in text
    listed = [i["id"] for i in client.get("/api/v1/consultations").json()["items"]]
    assert listed == [consultation.pk]
    consultation.unpublish()  # withdrawn: gone from every output at once
    assert client.get("/api/v1/consultations").json()["items"] == []
    assert consultation.title not in client.get("/feeds/consultations.atom").content.decode()
    assert client.get(consultation.url).status_code == 404
    assert client.get(draft.get_url() or "/consultations/x/").status_code == 404


def test_the_form_drops_control_characters_and_says_how_long_is_too_long(client, consultation):
    long = client.post(consultation.url, {"body": "长" * 100_000}).content.decode()
    assert "不能超过 3000 字（当前 100000 字）。" in long and "此项请留空" in long
    assert "Website" not in long and "字符" not in long
    assert client.post(consultation.url, {"body": "建议\x00明确期限"}).status_code == 302
    assert Comment.objects.get().body == "建议明确期限"


def test_the_feedback_numbers_its_comments_without_gaps(client, consultation, staff, settings):
    """A comment rejected in moderation leaves no gap: the published feedback, the inbox
    and the tracking page number the accepted comments 1, 2 … in the order received."""
    settings.CONSULTATION_SENSITIVE_WORDS = ["违禁词"]
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    codes = [
        client.post(url, {"body": body}, content_type="application/json").json()["tracking_code"]
        for body in ("第一条意见", "这里有违禁词", "第三条意见")
    ]
    first, held, third = (Comment.objects.get(tracking_code=code) for code in codes)
    handling.moderate(held, staff["editor"], accept=False, note="无关内容")
    inbox = f"/admin/consultations/{consultation.pk}/"
    client.force_login(staff["drafter"])
    numbers = [c.number for c in client.get(inbox).context["page_obj"]]
    assert numbers == [1, None, 2]
    ConsultationPage.objects.filter(pk=consultation.pk).update(
        opens_at=timezone.now() - timedelta(days=31), closes_at=timezone.now() - timedelta(days=1)
    )
    consultation = ConsultationPage.objects.get(pk=consultation.pk)
    for comment in (first, third):
        d = handling.answer(consultation, [comment], staff["drafter"], "adopted")
        handling.approve(handling.submit(d, staff["drafter"]), staff["head"])
    handling.publish(consultation, staff["head"])
    items = client.get(f"/api/v1/consultations/{consultation.pk}").json()["feedback"]["items"]
    assert [i["numbers"] for i in items] == [[1], [2]]
    assert client.get(f"/api/v1/consultations/track/{codes[2]}").json()["number"] == 2
    page = client.get(consultation.url).content.decode()
    assert "这里有违禁词" not in page
