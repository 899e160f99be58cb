"""Reply deadlines in working days, reminders (催办), escalation (督办) and the alarm,
driven through the beat task with the clock moved."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry

from cms.models import CalendarDay
from plugins.messageboard import states
from plugins.messageboard.models import Message
from plugins.messageboard.tasks import daily_deadlines

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(board_policy, post_message, moderator):
    def make(subject="报送时间"):
        code = post_message(policy=board_policy.pk, subject=subject)["tracking_code"]
        message = Message.objects.get(tracking_code=code)
        return states.accept(message, moderator)

    return make


def test_a_deadline_into_2027_is_provisional_then_recomputed(
    accepted, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-12-28 10:00 +08:00")
    message = accepted()
    # 29, 30, 31 December, 1 January (unknown: a Friday counts), 4 January.
    assert (message.due_on, message.due_provisional) == (date(2027, 1, 4), True)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2027, 1, 1), working=False, name="元旦")
    message = Message.objects.get(pk=message.pk)
    assert (message.due_on, message.due_provisional) == (date(2027, 1, 5), False)


def test_reminders_escalation_and_the_alarm(
    accepted, staff, django_user_model, mailoutbox, time_machine, settings
):
    staff.email = "staff@example.org"
    staff.save()
    director = django_user_model.objects.create_user("director", email="director@example.org")
    director.groups.add(Group.objects.get_or_create(name="编辑部主任")[0])

    time_machine.move_to("2026-03-02 09:00 +08:00")  # Monday
    message = accepted()
    assert message.due_on == date(2026, 3, 9)

    time_machine.move_to("2026-03-05 08:30 +08:00")  # two working days before: nothing yet
    assert daily_deadlines.delay().get() == {"reminded": 0, "escalated": 0, "alarmed": 0}

    time_machine.move_to("2026-03-06 08:30 +08:00")  # Friday: due on the next working day
    assert daily_deadlines.delay().get()["reminded"] == 1
    assert [m.to for m in mailoutbox] == [["staff@example.org"]]
    assert "2026-03-09" in mailoutbox[0].subject
    assert daily_deadlines.delay().get()["reminded"] == 0  # once per deadline

    time_machine.move_to("2026-03-10 08:30 +08:00")  # overdue
    assert daily_deadlines.delay().get()["escalated"] == 1
    assert mailoutbox[-1].to == ["director@example.org"]
    assert daily_deadlines.delay().get()["escalated"] == 0

    settings.MESSAGEBOARD_ALARM_DAYS = 30
    time_machine.move_to("2026-04-02 08:30 +08:00")
    assert daily_deadlines.delay().get()["alarmed"] == 1
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(message.pk)).values_list("action", flat=True)
    )
    assert {"messageboard.remind", "messageboard.escalate"} <= actions


def test_an_extension_adds_working_days_once(accepted, head, time_machine):
    time_machine.move_to("2026-09-24 09:00 +08:00")  # Thursday before the Mid-Autumn holiday
    message = accepted()
    # 25 Sep is a holiday; 28, 29, 30 Sep, then 8, 9 Oct.
    assert message.due_on == date(2026, 10, 9)
    message = states.extend(message, head, 15, "需征求其他部门意见")
    # From 9 Oct: the worked Saturday 10 Oct, 12-16, 19-23, 26-29 Oct.
    assert message.due_on == date(2026, 10, 29)
