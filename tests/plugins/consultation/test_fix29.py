"""The outside tester's findings (2026-12): each through the real admin view or endpoint."""

from datetime import timedelta

from django.utils import timezone

from plugins.consultation import handling
from plugins.consultation.models import Comment


def _letter(**over):
    return {
        "action": "register",
        "register-channel": "post",
        "register-received_on": timezone.localdate().isoformat(),
        "register-body": "来信建议：统计资料报送应当允许电子方式。",
        "register-name": "赵六",
        "register-contact": "江岭市人民路1号",
        **over,
    }


def test_a_refused_letter_comes_back_with_what_was_typed_and_nothing_is_stored(
    client, make_consultation, staff
):
    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - timedelta(days=31), closes_at=now - timedelta(days=1)
    )
    url = f"/admin/consultations/{consultation.pk}/"
    client.force_login(staff["drafter"])
    # The browser's own date field, not the picker that put today for a day it could not read.
    assert 'type="date" name="register-received_on"' in client.get(url).content.decode()
    future = timezone.localdate() + timedelta(days=2)
    for day, error in (("abc", "输入一个有效的日期"), ("", "必填"), (future, "收到日期")):
        response = client.post(url, _letter(**{"register-received_on": day}))
        page = response.content.decode()
        assert response.status_code == 400, day
        assert error in page, page[page.find("<details") :][:3000]
        assert '<details class="consultation-register" open>' in page
        assert "来信建议：统计资料报送应当允许电子方式。</textarea>" in page
        assert 'value="赵六"' in page and 'value="江岭市人民路1号"' in page
    assert not Comment.objects.exists()
    # The answer form is there once closed; refused steps still redirect.
    assert "答复所选意见" in client.get(url).content.decode()
    assert client.post(url, _letter()).status_code == 302
    assert Comment.objects.count() == 1


def test_no_answer_form_while_open_or_once_published_and_no_letter_after(
    client, make_consultation, staff
):
    consultation = make_consultation()
    url = f"/admin/consultations/{consultation.pk}/"
    client.force_login(staff["drafter"])
    page = client.get(url).content.decode()
    assert "答复所选意见" not in page and "征求意见截止后才能答复意见" in page
    assert client.post(url, _letter()).status_code == 302
    letter = Comment.objects.get()
    closes = timezone.now() - timedelta(minutes=1)
    type(consultation).objects.filter(pk=consultation.pk).update(closes_at=closes)
    consultation.refresh_from_db()
    disposition = handling.answer(consultation, [letter], staff["drafter"], "adopted")
    handling.submit(disposition, staff["drafter"])
    handling.approve(disposition, staff["head"])
    handling.publish(consultation, staff["head"])
    page = client.get(url).content.decode()
    assert "答复所选意见" not in page and "反馈已发布" in page
    assert "consultation-register" not in page  # the panel is gone
    page = client.post(url, _letter(), follow=True).content.decode()
    assert "意见采纳情况反馈已发布，不能再登记意见。" in page
    assert Comment.objects.count() == 1


def test_a_comment_over_the_rate_limit_comes_back_as_typed(client, consultation, settings):
    settings.CONSULTATION_RATE_LIMIT = "1/min"
    clause = consultation.current_clauses()[1]
    form = {
        "body": "建议第二条增加“区县”二字。",
        "clause": clause.anchor,
        "name": "",
        "contact": "",
    }
    assert client.post(consultation.url, form).status_code == 302
    again = {**form, "body": "另外，第三条应当明确报送期限。"}
    response = client.post(consultation.url, again)
    page = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "请求过于频繁：请稍候一分钟再试。" in page  # the wording of every public page
    assert "请修改下面标出的内容" not in page  # no field is marked: nothing to correct
    assert "另外，第三条应当明确报送期限。</textarea>" in page
    assert f'value="{clause.anchor}" selected' in page
    assert Comment.objects.count() == 1


def _published(consultation, staff, kinds):
    """Comments answered with these kinds, approved, the feedback published (as the head)."""
    for n in range(len(kinds)):
        Comment.objects.create(consultation=consultation, body=f"意见{n}", state="accepted")
    closes = timezone.now() - timedelta(minutes=1)
    type(consultation).objects.filter(pk=consultation.pk).update(closes_at=closes)
    consultation.refresh_from_db()
    for comment, kind in zip(consultation.comments.order_by("pk"), kinds, strict=True):
        d = handling.answer(consultation, [comment], staff["drafter"], kind, "理由")
        handling.approve(handling.submit(d, staff["drafter"]), staff["head"])
    handling.publish(consultation, staff["head"])


def test_the_feeds_tell_when_the_feedback_is_published(client, consultation, staff):
    import re

    def entry(url):
        feed = client.get(url).content.decode()
        return feed[feed.index("<entry>" if "atom" in url else "<item>") :]

    before = entry("/feeds/consultations.atom")
    _published(consultation, staff, ["adopted"])
    after = entry("/feeds/consultations.atom")
    stamp = re.compile(r"<updated>(.*?)</updated>")
    assert stamp.search(after)[1] > stamp.search(before)[1]
    assert "意见采纳情况反馈已于" in after and f"{consultation.url}#feedback" in after
    rss = entry("/feeds/consultations.rss")
    assert "意见采纳情况反馈已于" in rss and f"{consultation.url}#feedback" in rss
    assert "意见采纳情况反馈已于" not in before


def test_the_note_and_the_feedback_count_in_the_feedbacks_categories(client, consultation, staff):
    from plugins.consultation.notes import counted_sentence

    _published(consultation, staff, ["adopted", "partly", "partly", "not_adopted"])
    page = client.get(consultation.url).content.decode()
    assert '<p class="feedback-counted">共收到意见 4 条，采纳 1 条，部分采纳 2 条。</p>' in page
    assert counted_sentence(3, 0, 2) == "共收到意见 3 条，部分采纳 2 条。"
    assert counted_sentence(2, 0, 0) == "共收到意见 2 条，采纳 0 条。"
    assert counted_sentence(0, 0, 0) == "共收到意见 0 条。"


def test_an_empty_or_blank_comment_in_the_api_is_a_missing_one(client, consultation):
    url = f"/api/v1/consultations/{consultation.pk}/comments"
    for sent in ({}, {"body": ""}, {"body": "   "}):
        response = client.post(url, sent, content_type="application/json")
        assert response.status_code == 400
        assert "“意见内容”为必填项" in response.json()["message"], sent
    symbols = client.post(url, {"body": "！！！"}, content_type="application/json")
    assert "为必填项" not in symbols.json()["message"]
    assert not Comment.objects.exists()
