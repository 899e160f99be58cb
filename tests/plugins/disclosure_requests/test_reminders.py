"""The daily beat task: reminders (催办) before the division's and the reply deadline,
notices of lapsed periods, escalation (督办) of overdue requests, provisional deadlines
recomputed; driven with the clock moved across the 2026 Mid-Autumn and National Day
holidays (and the 调休 Saturday, 10 October)."""

from datetime import date

import pytest
from wagtail.models import ModelLogEntry

from cms.models import CalendarDay
from plugins.disclosure_requests import reminders, states
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.tasks import daily_deadlines

from .conftest import ID_NUMBER

pytestmark = pytest.mark.django_db


def reread(request):
    return DisclosureRequest.objects.get(pk=request.pk)


@pytest.fixture
def mailed(office, office_head, division_staff):
    """The office, its head and the division with addresses (mail goes to addresses)."""
    for user in (office, office_head, division_staff):
        user.email = f"{user.username}@example.org"
        user.save()
    return {"office": office.email, "head": office_head.email, "division": division_staff.email}


def actions(request):
    return list(
        ModelLogEntry.objects.filter(object_id=str(request.pk))
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


def assert_no_personal_data(mail):
    text = mail.subject + mail.body
    for personal in ("王小明", ID_NUMBER, "13812345678", "wang@example.com"):
        assert personal not in text


def test_reminders_and_escalation_across_national_day(
    make_request, office, office_head, division, mailed, mailoutbox, time_machine
):
    time_machine.move_to("2026-09-14 09:00 +08:00")  # Monday
    request = states.confirm(make_request(), office, division=division)
    request = reread(request)
    # 20 working days: the 调休 Sundays 20 Sep and Saturday 10 Oct count, the holidays
    # 25-27 Sep and 1-7 Oct do not.
    assert (request.due_on, request.division_due_on) == (date(2026, 10, 16), date(2026, 9, 28))

    time_machine.move_to("2026-09-21 08:15 +08:00")  # 4 working days before the 28th
    assert daily_deadlines.delay().get()["reminded"] == 0
    time_machine.move_to("2026-09-22 08:15 +08:00")  # 23, 24, (holiday), 28: three left
    assert daily_deadlines.delay().get()["reminded"] == 1
    mail = mailoutbox[-1]
    assert sorted(mail.to) == sorted([mailed["office"], mailed["division"]])
    assert "2026-09-28" in mail.subject and request.reference in mail.subject
    assert "3" in mail.body and "2025年本市规模以上工业企业名录" in mail.body
    assert reminders.admin_url(request) in mail.body
    assert_no_personal_data(mail)
    assert reread(request).reminded_on == date(2026, 9, 22)
    time_machine.move_to("2026-09-23 08:15 +08:00")
    assert daily_deadlines.delay().get()["reminded"] == 0  # once per deadline

    # The reply deadline, 16 October: on Friday 9 October three calendar working days
    # remain before a naive count (the 10th, 12th, 13th), so no reminder yet ...
    for day in ("2026-10-08", "2026-10-09", "2026-10-10", "2026-10-12"):
        time_machine.move_to(f"{day} 08:15 +08:00")
        assert daily_deadlines.delay().get()["reminded"] == 0, day
    # ... it comes on the 13th: 14, 15, 16 left.
    time_machine.move_to("2026-10-13 08:15 +08:00")
    assert daily_deadlines.delay().get() == {
        "recomputed": 0,
        "reminded": 1,
        "lapsed": 0,
        "escalated": 0,
    }
    assert "2026-10-16" in mailoutbox[-1].subject
    assert mailed["division"] in mailoutbox[-1].to  # the division still holds it
    time_machine.move_to("2026-10-16 08:15 +08:00")  # the day itself: no second reminder
    assert daily_deadlines.delay().get()["reminded"] == 0

    sent = len(mailoutbox)
    time_machine.move_to("2026-10-19 08:15 +08:00")  # Monday, overdue
    assert daily_deadlines.delay().get()["escalated"] == 1
    assert len(mailoutbox) == sent + 1
    escalation = mailoutbox[-1]
    assert escalation.to == [mailed["head"]]
    assert "2026-10-16" in escalation.body and "1" in escalation.body
    assert_no_personal_data(escalation)
    time_machine.move_to("2026-10-20 08:15 +08:00")
    assert daily_deadlines.delay().get()["escalated"] == 0  # once
    assert reread(request).escalated_on == date(2026, 10, 19)
    assert actions(request).count("disclosure_requests.remind") == 2
    assert actions(request).count("disclosure_requests.escalate") == 1


def test_an_extended_deadline_is_reminded_again(
    make_request, office, office_head, division, mailed, mailoutbox, time_machine
):
    time_machine.move_to("2026-09-14 09:00 +08:00")
    request = states.confirm(make_request(), office, division=division)
    states.draft(reread(request), office, "disclosed", "现提供所申请信息。")
    time_machine.move_to("2026-10-13 08:15 +08:00")
    assert reminders.remind() == 1
    # Only the office: the reply is drafted, the division is done.
    assert mailoutbox[-1].to == [mailed["office"]]
    states.extend(reread(request), office_head, 5, "需要调取历史档案")
    assert reread(request).due_on == date(2026, 10, 23)
    time_machine.move_to("2026-10-20 08:15 +08:00")  # 21, 22, 23 left
    assert reminders.remind() == 1
    assert "2026-10-23" in mailoutbox[-1].subject
    assert reminders.remind() == 0


def test_lapsed_supplement_fee_and_third_party(
    make_request, office, division, mailed, mailoutbox, time_machine
):
    time_machine.move_to("2026-09-14 09:00 +08:00")
    supplementing = states.confirm(make_request(), office)
    states.ask_supplement(supplementing, office, "请说明所需信息的年份和范围。")
    paying = states.confirm(make_request(phone="13900000000"), office, division=division)
    states.notify_fee(paying, office, "pages", pages=60)
    consulting = states.confirm(make_request(email="li@example.com"), office, division=division)
    states.consult(consulting, office, "某某科技有限公司", "涉及商业秘密")
    due = {
        "supplement": reread(supplementing).supplement.due_on,
        "fee": reread(paying).fee.pay_by,
        "third_party": reread(consulting).pauses.get().due_on,
    }
    # 15 working days, the 调休 Saturday the last; 20 working days; 15 working days.
    assert due == {
        "supplement": date(2026, 10, 10),
        "fee": date(2026, 10, 16),
        "third_party": date(2026, 10, 10),
    }

    time_machine.move_to("2026-10-10 08:15 +08:00")  # the last day: not yet
    assert reminders.lapsed() == 0
    time_machine.move_to("2026-10-12 08:15 +08:00")
    assert reminders.lapsed() == 2
    subjects = sorted(m.subject for m in mailoutbox)
    assert any(supplementing.reference in s for s in subjects)
    assert any(consulting.reference in s for s in subjects)
    consult_mail = next(m for m in mailoutbox if consulting.reference in m.subject)
    assert sorted(consult_mail.to) == sorted([mailed["office"], mailed["division"]])
    assert reminders.lapsed() == 0  # once
    time_machine.move_to("2026-10-19 08:15 +08:00")
    assert reminders.lapsed() == 1  # the fee, once its day passed
    assert mailoutbox[-1].to == [mailed["office"]]
    assert reminders.lapsed() == 0
    for mail in mailoutbox:
        assert_no_personal_data(mail)

    # What the office does next, as told.
    states.abandon(reread(supplementing), office)
    states.fee_unpaid(reread(paying), office)
    assert reread(supplementing).state == reread(paying).state == "drafted"


def test_a_provisional_deadline_is_recomputed_once_the_year_is_known(
    make_request, office, time_machine
):
    time_machine.move_to("2026-12-10 09:00 +08:00")
    request = states.confirm(make_request(), office)
    # 1 January 2027 counted as a working Friday: the year's holidays are not known.
    assert (reread(request).due_on, reread(request).due_provisional) == (date(2027, 1, 7), True)
    # Entered without the calendar_changed hook running (as when the holiday library is
    # upgraded): the daily task finds it.
    CalendarDay.objects.create(date=date(2027, 1, 1), working=False, name="元旦")
    assert reminders.run_daily()["recomputed"] == 1
    assert (reread(request).due_on, reread(request).due_provisional) == (date(2027, 1, 8), False)
    assert reminders.recompute_provisional() == 0


def test_beat_runs_the_deadlines_daily_and_the_retention_monthly():
    from policy_cms.celery import app

    schedule = app.conf.beat_schedule
    daily = schedule["disclosure_requests:daily-deadlines"]
    monthly = schedule["disclosure_requests:monthly-retention"]
    assert daily["task"] == "disclosure_requests.tasks.daily_deadlines"
    assert monthly["task"] == "disclosure_requests.tasks.monthly_retention"
    assert (daily["schedule"].hour, daily["schedule"].minute) == ({8}, {15})
    assert monthly["schedule"].day_of_month == {1}
    assert {
        "disclosure_requests.tasks.daily_deadlines",
        "disclosure_requests.tasks.monthly_retention",
    } <= set(app.tasks)
