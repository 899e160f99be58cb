"""The board in the admin, driven as its users drive it: a moderator, the division's staff
and its head, each through the views, each step read back from the database."""

import io

import pytest
from openpyxl import load_workbook

from plugins.messageboard.models import FaqEntry, Message

pytestmark = pytest.mark.django_db


def handle(client, message, action, **fields):
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/admin/messages/{message.pk}/", data, follow=True)


def reload(message):
    return Message.objects.get(pk=message.pk)


@pytest.fixture
def message(board_policy, post_message):
    code = post_message(policy=board_policy.pk, subject="报送时间怎么定", contact="13812345678")
    return Message.objects.get(tracking_code=code["tracking_code"])


def test_a_message_through_the_admin(client, message, moderator, staff, head, division):
    client.force_login(moderator)
    page = client.get(f"/admin/messages/{message.pk}/").content.decode()
    assert "13812345678" in page  # the contact is for the handlers
    response = handle(client, message, "accept", division=division.pk)
    assert "已受理" in response.content.decode() or reload(message).state == "assigned"
    assert reload(message).state == Message.State.ASSIGNED

    client.force_login(staff)
    assert "报送时间怎么定" in client.get("/admin/messages/?tab=open").content.decode()
    handle(client, message, "answer", text="每季度首月15日前报送。")
    assert reload(message).state == Message.State.ANSWERED
    # Staff cannot approve their own division's reply: the head does.
    response = handle(client, message, "approve")
    assert reload(message).state == Message.State.ANSWERED
    client.force_login(head)
    handle(client, message, "approve")
    assert reload(message).state == Message.State.PUBLISHED

    client.force_login(moderator)
    response = client.post(f"/admin/messages/{message.pk}/", {"action": "faq"}, follow=True)
    entry = FaqEntry.objects.get()
    assert entry.policy_id == message.policy_id and entry.answer == "每季度首月15日前报送。"
    assert list(entry.messages.all()) == [reload(message)]
    history = client.get(f"/admin/messages/{message.pk}/").content.decode()
    for line in ("留言已受理", "已撰写答复", "答复已审核并公开", "答复已加入常见问题"):
        assert line in history


def test_the_moderator_reaches_the_faq_candidates_and_the_word_list(client, moderator):
    client.force_login(moderator)
    inbox = client.get("/admin/messages/").content.decode()
    for url in ("/admin/messages/faq-candidates/", "/admin/snippets/messageboard/sensitiveword/"):
        assert url in inbox
        assert client.get(url).status_code == 200


def test_an_illegal_step_in_the_admin_is_refused_with_a_message(client, message, moderator):
    client.force_login(moderator)
    response = handle(client, message, "approve")
    assert reload(message).state == Message.State.RECEIVED
    assert "不能执行" in response.content.decode() or "无权" in response.content.decode()


def test_division_staff_see_only_their_division(client, message, moderator, staff, other_division):
    client.force_login(moderator)
    handle(client, message, "accept", division=other_division.pk)
    client.force_login(staff)
    assert "报送时间怎么定" not in client.get("/admin/messages/?tab=all").content.decode()
    assert client.get(f"/admin/messages/{message.pk}/").status_code == 404


def test_the_dashboard_counts_open_due_and_overdue(client, message, moderator, time_machine):
    time_machine.move_to("2026-03-02 09:00 +08:00")
    from plugins.messageboard import states

    states.accept(message, moderator)  # due 9 March
    client.force_login(moderator)
    time_machine.move_to("2026-03-06 09:00 +08:00")  # Friday: due on the next working day
    page = client.get("/admin/").content.decode()
    assert "按处室统计的政策留言" in page
    time_machine.move_to("2026-03-10 09:00 +08:00")
    page = client.get("/admin/messages/?tab=overdue").content.decode()
    assert "报送时间怎么定" in page


def test_the_report_exports_csv_and_excel(client, message, moderator, staff, head):
    from plugins.messageboard import states

    states.accept(message, moderator)
    states.answer(reload(message), staff, "答复")
    states.approve(reload(message), head)
    states.rate(reload(message), "satisfied")
    client.force_login(moderator)
    response = client.get("/admin/messages/report/?export=csv")
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "综合处" in csv and "100%" in csv
    xlsx = client.get("/admin/messages/report/?export=xlsx")
    content = b"".join(xlsx.streaming_content) if xlsx.streaming else xlsx.content
    sheet = load_workbook(io.BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "月份" and rows[1][1] == "综合处" and rows[1][2] == 1


def test_a_division_head_bound_to_no_division_sees_and_approves_every_division(
    client, message, moderator, staff, roles, django_user_model, other_division
):
    """The demo's ``chuzhang``: inbox, message page, approval and dashboard panel agree."""
    from plugins.messageboard import states

    chuzhang = django_user_model.objects.create_user("chuzhang", password="pw")
    chuzhang.groups.add(roles["处室负责人"])
    states.accept(message, moderator)  # assigned to the policy's division (综合处)
    states.answer(reload(message), staff, "每季度首月15日前报送。")

    client.force_login(chuzhang)
    assert "报送时间怎么定" in client.get("/admin/messages/?tab=answered").content.decode()
    page = client.get(f"/admin/messages/{message.pk}/")
    assert page.status_code == 200 and 'value="approve"' in page.content.decode()
    assert "按处室统计的政策留言" in client.get("/admin/").content.decode()
    handle(client, message, "approve")
    assert reload(message).state == Message.State.PUBLISHED


def test_a_head_of_one_division_neither_sees_nor_approves_another(
    client, message, moderator, staff, head, other_division
):
    from plugins.messageboard import states

    states.accept(message, moderator, other_division)
    message = reload(message)
    message.division = other_division
    client.force_login(head)
    assert "报送时间怎么定" not in client.get("/admin/messages/?tab=all").content.decode()
    assert client.get(f"/admin/messages/{message.pk}/").status_code == 404
    assert not states.heads(head, message)
