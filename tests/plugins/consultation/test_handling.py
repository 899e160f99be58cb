"""Answering the comments of a closed consultation and publishing its feedback: every step
through the admin's views, the rights of each division, the block on feedback while a
comment is unanswered, the clock, and the note on the final policy."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from cms.plugin_api import add_working_days
from plugins.consultation import handling, reminders
from plugins.consultation.models import Comment, Disposition, Feedback
from tests.e2e.admin_crawl import english_words, read_page

D = Disposition.State


@pytest.fixture
def closed(make_consultation):
    """A consultation closed yesterday with three accepted comments (on 第一条, on 第三条,
    on the whole draft) and one held for moderation."""
    now = timezone.now()
    consultation = make_consultation(
        opens_at=now - timedelta(days=31), closes_at=now - timedelta(days=1)
    )
    first, _second, third, _fourth = consultation.current_clauses()
    Comment.objects.bulk_create(
        [
            Comment(
                consultation=consultation,
                clause=first,
                body='=HYPERLINK("x") 建议删去',
                name="张三",
                contact="13812345678",
            ),
            Comment(
                consultation=consultation, clause=third, body="第三条应当写明时限，电话13812345678"
            ),
            Comment(consultation=consultation, body="总体赞成"),
            Comment(consultation=consultation, body="含敏感词", state=Comment.State.HELD),
        ]
    )
    return consultation


def _login(client, user):
    client.force_login(user)
    return client


def test_each_step_of_an_answer_through_the_inbox(client, closed, staff):
    url = f"/admin/consultations/{closed.pk}/"
    on_first, on_third, whole, held = closed.comments.order_by("pk")
    drafter = _login(client, staff["drafter"])
    # 不予采纳 needs a reason; 已有规定 needs the clause where; both refused, nothing kept.
    drafter.post(url, {"action": "answer", "comments": [on_first.pk], "answer-kind": "not_adopted"})
    drafter.post(url, {"action": "answer", "comments": [on_first.pk], "answer-kind": "already"})
    assert not Disposition.objects.exists()
    # Two comments on the same point merged into one answer.
    third = on_third.clause
    response = drafter.post(
        url,
        {
            "action": "answer",
            "comments": [on_first.pk, whole.pk],
            "answer-kind": "already",
            "answer-clause": third.pk,
            "answer-summary": "建议明确时限",
        },
    )
    assert response.status_code == 302
    merged = Disposition.objects.get()
    assert merged.state == D.DRAFT and merged.clause == third
    assert set(merged.comments.values_list("pk", flat=True)) == {on_first.pk, whole.pk}
    # The draft answer's own form (revise) offers no "replace": only merging does.
    html = drafter.get(url).content.decode()
    assert f'id="id_answer{merged.pk}_answer-kind_0"' in html
    assert html.count('name="answer-replace"') == 1
    # Merging a comment already answered in draft into a new answer needs "replace".
    anew = {"action": "answer", "comments": [whole.pk, on_third.pk], "answer-kind": "adopted"}
    refused = drafter.post(url, anew, follow=True).content.decode()
    assert "已有答复草稿" in refused and Disposition.objects.count() == 1
    assert Comment.objects.get(pk=on_third.pk).disposition is None
    # A held comment is not answered.
    drafter.post(url, {"action": "answer", "comments": [held.pk], "answer-kind": "adopted"})
    assert Comment.objects.get(pk=held.pk).disposition is None
    drafter.post(url, {"action": "answer", "comments": [on_third.pk], "answer-kind": "adopted"})
    adopted = Disposition.objects.get(comments=on_third)
    for d in (merged, adopted):
        drafter.post(url, {"action": "submit", "disposition": d.pk})
    # The drafter may not approve.
    drafter.post(url, {"action": "approve", "disposition": adopted.pk})
    assert Disposition.objects.get(pk=adopted.pk).state == D.SUBMITTED

    head = _login(client, staff["head"])
    head.post(url, {"action": "return", "disposition": merged.pk, "return-note": ""})
    assert Disposition.objects.get(pk=merged.pk).state == D.SUBMITTED  # a return says why
    head.post(url, {"action": "return", "disposition": merged.pk, "return-note": "理由不清"})
    head.post(url, {"action": "approve", "disposition": adopted.pk})
    assert Disposition.objects.get(pk=merged.pk).state == D.RETURNED
    assert "答复已退回修改：理由不清" in head.get(url).content.decode()  # the history
    assert Disposition.objects.get(pk=adopted.pk).state == D.APPROVED

    drafter = _login(client, staff["drafter"])
    drafter.post(
        url,
        {
            "action": "revise",
            "disposition": merged.pk,
            "answer-kind": "not_adopted",
            # Published in the feedback: markup and control characters go, as in comments.
            "answer-reason": "<b>上位法</b>已有规定\x07，不宜重复<script>alert(1)</script>",
            "answer-summary": "<i>建议</i>删去",
        },
    )
    revised = Disposition.objects.get(pk=merged.pk)
    assert (revised.state, revised.kind, revised.reason, revised.summary) == (
        D.DRAFT,
        "not_adopted",
        "上位法已有规定，不宜重复",
        "建议删去",
    )
    drafter.post(url, {"action": "submit", "disposition": merged.pk})
    _login(client, staff["head"]).post(url, {"action": "approve", "disposition": merged.pk})
    assert Disposition.objects.get(pk=merged.pk).state == D.APPROVED


def test_answers_wait_for_the_close(make_consultation, staff):
    consultation = make_consultation()
    comment = Comment.objects.create(consultation=consultation, body="意见")
    with pytest.raises(handling.HandlingError, match="截止"):
        handling.answer(consultation, [comment], staff["drafter"], "adopted")


def test_the_feedback_is_blocked_while_a_comment_is_unanswered(
    client, closed, staff, publish_policy
):
    url = f"/admin/consultations/{closed.pk}/"
    on_first, on_third, whole, held = closed.comments.order_by("pk")
    drafter, head = staff["drafter"], staff["head"]
    # The final policy is linked before the feedback is out: only its editor says so.
    policy = publish_policy("统计调查项目管理办法")
    closed.final_policy = policy
    closed.save_revision().publish()
    assert "公开征求意见" not in client.get(policy.url).content.decode()
    policy_editor = _login(client, drafter).get(f"/admin/pages/{policy.pk}/edit/")
    assert "意见采纳情况反馈尚未发布" in policy_editor.content.decode()
    assert f'href="{url}"' in policy_editor.content.decode()
    d = handling.answer(closed, [on_first, on_third], drafter, "adopted")
    handling.approve(handling.submit(d, drafter), head)
    page = _login(client, head).get(url).content.decode()
    assert "条意见尚未答复" in page
    client.post(url, {"action": "publish"})
    assert not Feedback.objects.filter(published_at__isnull=False).exists()
    with pytest.raises(handling.HandlingError):
        handling.publish(closed, head)
    # The held comment is rejected by a moderator (not by the drafter), the last one
    # answered, and all answers submitted and approved at once.
    with pytest.raises(handling.HandlingError):
        handling.moderate(held, drafter, accept=False)
    _login(client, staff["editor"]).post(
        url, {"action": "reject_comment", "comment": held.pk, "note": "与草案无关"}
    )
    assert Comment.objects.get(pk=held.pk).state == Comment.State.REJECTED
    handling.answer(closed, [whole], drafter, "partly", "部分吸收", on_third.clause)
    _login(client, drafter).post(url, {"action": "submit_all"})
    with pytest.raises(handling.HandlingError, match="尚未审核"):
        handling.publish(closed, head)
    _login(client, head).post(url, {"action": "approve_all"})
    with pytest.raises(handling.HandlingError):
        handling.publish(closed, drafter)  # only the head publishes
    client.post(url, {"action": "publish"})
    assert Feedback.objects.get(consultation=closed).published_at is not None
    with pytest.raises(handling.HandlingError):  # published answers no longer change
        handling.answer(closed, [whole], drafter, "adopted")
    # The public feedback: per clause commented on (the draft as a whole first), comments
    # by number, the clause an answer names beside it.
    items = client.get(f"/api/v1/consultations/{closed.pk}").json()["feedback"]["items"]
    assert [(i["clause_label"], i["numbers"], i["where_label"]) for i in items] == [
        ("", [3], "第三条"),
        ("第一条", [1], ""),
        ("第三条", [2], ""),  # a merged answer stands under each clause it covers
    ]

    # The final policy shows the notice, on its page and in the API.
    html = client.get(policy.url).content.decode()
    assert "公开征求意见，共收到意见 3 条，采纳 2 条，部分采纳 1 条。" in html
    assert f'href="{closed.url}#feedback"' in html
    [note] = client.get(f"/api/v1/policies/{policy.pk}").json()["notes"]
    assert note["plugin"] == "consultation" and note["url"].endswith(f"{closed.url}#feedback")
    assert "意见采纳情况反馈" in note["citation"] and "采纳 2 条，部分采纳 1 条" in note["text"]
    # The feedback says the same at its top, typed summary or not.
    assert '<p class="feedback-counted">共收到意见 3 条，采纳 2 条，部分采纳 1 条。</p>' in (
        client.get(closed.url).content.decode()
    )
    # A consultation taken off the site takes its note with it.
    closed.unpublish()
    assert "公开征求意见" not in client.get(policy.url).content.decode()


def test_rights_follow_the_divisions(client, closed, staff, django_user_model, roles):
    url = f"/admin/consultations/{closed.pk}/"
    other = _login(client, staff["other"])
    assert other.get(url).status_code == 404
    assert other.get(f"{url}export/").status_code == 404
    assert closed.title not in other.get("/admin/consultations/").content.decode()
    [comment, *_rest] = closed.comments.order_by("pk")
    with pytest.raises(handling.HandlingError):
        handling.answer(closed, [comment], staff["other"], "adopted")
    own = _login(client, staff["drafter"])
    assert closed.title in own.get("/admin/consultations/").content.decode()
    assert "/admin/consultations/" in own.get("/admin/").content.decode()  # the menu
    editor_view = own.get(f"/admin/pages/{closed.pk}/edit/").content.decode()
    assert f'href="{url}"' in editor_view  # from the consultation's editor to its comments
    d = handling.answer(closed, [comment], staff["drafter"], "adopted")
    d = handling.submit(d, staff["drafter"])
    assert handling.allowed_actions(d, staff["drafter"]) == []
    assert handling.allowed_actions(d, staff["head"]) == ["return", "approve"]
    # A moderator (网站编辑) sees every division's consultations, accepts a held comment,
    # but does not approve.
    editor = staff["editor"]
    held = closed.comments.get(state=Comment.State.HELD)
    assert handling.moderate(held, editor, accept=True).state == Comment.State.ACCEPTED
    assert _login(client, editor).get(url).status_code == 200
    assert handling.allowed_actions(d, editor) == []
    # Nobody outside: no menu, no list.
    plain = django_user_model.objects.create_user("c_plain", password="pw")
    assert _login(client, plain).get("/admin/consultations/").status_code in (302, 403)


def test_inbox_filters_and_the_spreadsheet(client, closed, staff):
    url = f"/admin/consultations/{closed.pk}/"
    on_first, on_third, whole, _held = closed.comments.order_by("pk")
    handling.answer(closed, [on_third], staff["drafter"], "adopted")
    drafter = _login(client, staff["drafter"])
    by_clause = drafter.get(url, {"clause": on_third.clause_id}).context["page_obj"]
    assert [c.pk for c in by_clause] == [on_third.pk]
    unanswered = drafter.get(url, {"answer": "unanswered", "state": "accepted"}).context["page_obj"]
    assert [c.pk for c in unanswered] == [on_first.pk, whole.pk]
    assert [c.pk for c in drafter.get(url, {"answer": "adopted"}).context["page_obj"]] == [
        on_third.pk
    ]
    assert drafter.get(url, {"clause": "9" * 30, "answer": "\x00"}).status_code == 200
    # One numbering (意见 N, accepted comments by order received) in the inbox, the
    # spreadsheet and the feedback; the held comment has none.
    assert [c.number for c in drafter.get(url).context["page_obj"]] == [1, 2, 3, None]
    huge = {"action": "answer", "comments": ["9" * 30], "answer-kind": "already"}
    assert drafter.post(url, {**huge, "answer-clause": "9" * 30}).status_code == 302
    assert drafter.post(url, {"action": "approve", "disposition": "9" * 30}).status_code == 404

    # The inbox speaks Chinese, answers and their steps included.
    texts, _links, _menu = read_page(drafter.get(url).content.decode())
    assert not [w for t in texts for w in english_words(t) if w != "HYPERLINK"]

    response = drafter.get(f"{url}export/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[0] for row in rows] == [1, 2, 3, "—"]
    first = rows[0]
    assert first[3].startswith("=HYPERLINK") and sheet["D3"].data_type == "s"  # text, not a formula
    assert first[4] == "张三" and first[5] == "13812345678"
    assert rows[1][7] == "采纳"
    # A web editor sees the comments but not who sent them (names are the division's).
    response = _login(client, staff["editor"]).get(f"{url}export/")
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [v for row in sheet.iter_rows(values_only=True) for v in row]
    assert "张三" not in cells and "13812345678" not in cells and "姓名" not in cells
    assert len(list(sheet.iter_rows(min_row=3))) == 4


def test_the_feedback_clock_reminds_then_escalates_once(client, closed, staff, settings):
    settings.CONSULTATION_FEEDBACK_DAYS = 1
    assert reminders.sync_due_dates() == 1
    dashboard = _login(client, staff["drafter"]).get("/admin/").content.decode()
    assert "待发布的意见采纳情况反馈" in dashboard and closed.title in dashboard
    for who in ("head", "editor"):  # the division's head and the web editors see it too
        assert closed.title in _login(client, staff[who]).get("/admin/").content.decode()
    assert closed.title not in _login(client, staff["other"]).get("/admin/").content.decode()
    feedback = Feedback.objects.get(consultation=closed)
    closed_on = timezone.localdate(closed.closes_at)
    assert feedback.due_on == add_working_days(closed_on, 1).date
    assert reminders.remind(on=closed_on) == 1 and reminders.remind(on=closed_on) == 0
    assert any(staff["drafter"].email in m.to for m in mail.outbox)
    later = feedback.due_on + timedelta(days=1)
    assert reminders.escalate(on=later) == 1 and reminders.escalate(on=later) == 0
    assert reminders.sync_due_dates() == 0
