"""The board's screens in its own words: Django merges every app's catalogue into one, so a
msgid another app also translates must carry the board's context or it shows that app's
wording (the inbox's 收到时间 column read 收到申请日期, the disclosure requests')."""

import pytest

from plugins.messageboard.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def message(board_policy, post_message):
    code = post_message(policy=board_policy.pk, subject="报送时间怎么定", contact="13812345678")
    return Message.objects.get(tracking_code=code["tracking_code"])


def test_the_inbox_and_a_message_read_in_the_boards_words(client, message, moderator):
    client.force_login(moderator)
    inbox = client.get("/admin/messages/").content.decode()
    for heading in ("<th>收到时间</th>", "<th>办理状态</th>", "<th>答复期限</th>"):
        assert heading in inbox
    assert "收到申请日期" not in inbox
    page = client.get(f"/admin/messages/{message.pk}/").content.decode()
    assert "<th>收到时间</th>" in page and "<th>办理状态</th>" in page
    assert "收到申请日期" not in page


def test_the_public_form_asks_for_a_name_as_a_person(client, board_policy):
    form = client.get(f"/messages/?policy={board_policy.pk}").content.decode()
    assert "姓名" in form
