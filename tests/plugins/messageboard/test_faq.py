"""FAQ candidates: near-duplicate published questions cluster; others stay apart."""

import pytest

from plugins.messageboard import faq, states
from plugins.messageboard.models import Message

pytestmark = pytest.mark.django_db

QUESTIONS = [
    # One cluster: the same question in other words, traditional script included.
    ("网上报送方式有哪些", "请问可以网上报送吗？需要纸质报表吗？"),
    ("能否网上报送", "单位可以网上报送吗，纸质报表还要交吗？"),
    ("網上報送方式", "請問可以網上報送嗎？需要紙質報表嗎？"),
    # Another: deadlines.
    ("年报截止时间", "年报报送截止时间是哪天？"),
    ("年报什么时候截止", "请问年报报送的截止时间是哪天？"),
    # Alone.
    ("对宣传的意见", "建议加强政策宣传，印发宣传册。"),
]


def test_similar_questions_cluster_largest_first(
    board_policy, post_message, moderator, staff, head
):
    for subject, body in QUESTIONS:
        code = post_message(policy=board_policy.pk, subject=subject, body=body)["tracking_code"]
        message = states.accept(Message.objects.get(tracking_code=code), moderator)
        states.answer(message, staff, "答复")
        states.approve(Message.objects.get(pk=message.pk), head)

    clusters = faq.candidates(board_policy.pk)
    subjects = [sorted(m.subject for m in c.messages) for c in clusters]
    assert subjects == [
        sorted(["网上报送方式有哪些", "能否网上报送", "網上報送方式"]),
        sorted(["年报截止时间", "年报什么时候截止"]),
    ]
    # A promoted question leaves the candidates.
    first = clusters[0].messages[0]
    faq.promote(first, moderator)
    left = [m for c in faq.candidates(board_policy.pk) for m in c.messages]
    assert first not in left
    assert {"年报截止时间", "年报什么时候截止"} <= {m.subject for m in left}
