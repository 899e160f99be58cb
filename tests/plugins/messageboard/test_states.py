"""The handling of a message, step by step, read back from the database after each step."""

from datetime import date

import pytest
from wagtail.models import ModelLogEntry

from plugins.messageboard import states
from plugins.messageboard.models import Message, Reply

pytestmark = pytest.mark.django_db


def fresh(message) -> Message:
    return Message.objects.get(pk=message.pk)


@pytest.fixture
def received(board_policy, post_message):
    code = post_message(policy=board_policy.pk)["tracking_code"]
    return Message.objects.get(tracking_code=code)


def test_the_whole_lifecycle(received, moderator, staff, head, division, time_machine):
    time_machine.move_to("2026-02-12 10:00 +08:00")  # a Thursday before the Spring Festival
    assert received.state == Message.State.RECEIVED

    states.accept(received, moderator)
    message = fresh(received)
    # Accepted and assigned to the policy's drafting division at once.
    assert message.state == Message.State.ASSIGNED
    assert message.division == division
    assert message.accepted_on == date(2026, 2, 12)
    # Five working days: 13, 14 (a worked Saturday), 24, 25, 26 February.
    assert (message.due_on, message.due_provisional) == (date(2026, 2, 26), False)

    reply = states.answer(message, staff, "按季度报送，详见附件。咨询电话13812345678。")
    assert fresh(received).state == Message.State.ANSWERED
    states.approve(message, head)
    message = fresh(received)
    assert message.state == Message.State.PUBLISHED
    assert message.published_at is not None
    assert Reply.objects.get(pk=reply.pk).state == Reply.State.APPROVED

    actions = list(
        ModelLogEntry.objects.filter(object_id=str(message.pk))
        .order_by("timestamp", "pk")
        .values_list("action", "user__username")
    )
    assert actions == [
        ("messageboard.accept", "moderator"),
        ("messageboard.assign", "moderator"),
        ("messageboard.answer", "staff"),
        ("messageboard.approve", "head"),
    ]


@pytest.mark.parametrize(
    ("setup", "step"),
    [
        ([], lambda m, u: states.approve(m, u["head"])),  # publishing what was never accepted
        (["spam"], lambda m, u: states.answer(m, u["staff"], "答复")),  # replying to spam
        (["reject"], lambda m, u: states.accept(m, u["moderator"])),
        (["accept"], lambda m, u: states.accept(m, u["moderator"])),
        (["accept"], lambda m, u: states.hide(m, u["moderator"])),
        (["accept", "answer", "approve"], lambda m, u: states.reopen(m, u["moderator"])),
    ],
)
def test_illegal_steps_are_refused_and_change_nothing(
    received, moderator, staff, head, setup, step
):
    users = {"moderator": moderator, "staff": staff, "head": head}
    for name in setup:
        message = fresh(received)
        if name == "spam":
            states.mark_spam(message, moderator)
        elif name == "reject":
            states.reject(message, moderator, "duplicate")
        elif name == "accept":
            states.accept(message, moderator)
        elif name == "answer":
            states.answer(message, staff, "答复")
        elif name == "approve":
            states.approve(message, head)
    before = fresh(received)
    with pytest.raises(states.TransitionError) as error:
        step(before, users)
    assert str(error.value)  # a sentence in Chinese
    after = fresh(received)
    assert (after.state, after.due_on, after.division_id) == (
        before.state,
        before.due_on,
        before.division_id,
    )


def test_only_the_right_people_may_act(received, moderator, staff, head, other_division):
    with pytest.raises(states.TransitionError, match=r"不能|不可|无权"):
        states.accept(received, staff)
    states.accept(received, moderator)
    message = fresh(received)
    with pytest.raises(states.TransitionError):
        states.answer(message, moderator, "不是本处室")  # not the division's staff
    states.answer(message, staff, "答复")
    with pytest.raises(states.TransitionError):
        states.approve(fresh(received), staff)  # only the head approves
    assert states.allowed_actions(fresh(received), head) == ["extend", "return_reply", "approve"]


def test_transfer_extension_and_reopen(
    received, moderator, staff, head, other_division, time_machine
):
    time_machine.move_to("2026-09-28 09:00 +08:00")
    message = states.accept(received, moderator)
    # 29 and 30 September, then (after National Day) 8, 9 and the worked Saturday 10 October.
    assert message.due_on == date(2026, 10, 10)
    with pytest.raises(states.TransitionError):
        states.transfer(message, staff, other_division, "")
    states.transfer(message, staff, other_division, "属于法规处职责")
    message = fresh(received)
    assert message.division == other_division
    head.divisions.add(other_division)
    head = type(head).objects.get(pk=head.pk)  # as the next request loads them
    with pytest.raises(states.TransitionError):
        states.extend(message, head, 16, "材料较多")
    states.extend(message, head, 3, "需会商")
    message = fresh(received)
    assert message.extended_days == 3 and message.due_on == date(2026, 10, 14)
    with pytest.raises(states.TransitionError, match=r"已延期|once|一次"):
        states.extend(message, head, 2, "再延")

    staff.divisions.add(other_division)
    staff = type(staff).objects.get(pk=staff.pk)
    states.answer(message, staff, "答复")
    states.approve(fresh(received), head)
    with pytest.raises(states.TransitionError):
        states.reopen(fresh(received), moderator)  # not rated unsatisfied
    states.rate(fresh(received), "unsatisfied")
    with pytest.raises(states.TransitionError):
        states.rate(fresh(received), "satisfied")  # once
    states.reopen(fresh(received), moderator)
    message = fresh(received)
    assert message.state == Message.State.ASSIGNED and message.reopened
    assert message.clock_from == date(2026, 9, 28)
    with pytest.raises(states.TransitionError):
        states.reopen(message, moderator)


def test_a_reply_is_stored_as_clean_text_whatever_wrote_it(received, moderator, staff):
    """Staff paste from Word and chat tools: control, zero-width and bidi characters never
    reach the stored reply (nor the page, feeds and API that show it)."""
    states.accept(received, moderator)
    reply = states.answer(
        fresh(received), staff, "按季度\u200b报送\u0000，详见\u202e附件。\r\n咨询电话"
    )
    stored = Reply.objects.get(pk=reply.pk)
    assert stored.text == "按季度报送，详见附件。\n咨询电话"
