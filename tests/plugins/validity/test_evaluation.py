"""Six months before a normative document expires, its division is asked to evaluate it,
once, by mail and on its dashboard; Reports → 即将到期 lists what expires soon."""

from datetime import date

from wagtail.models import PageLogEntry

from plugins.validity.evaluation import months_later
from plugins.validity.tasks import refresh_validity
from tests.plugins.validity.conftest import record


def test_months_later_keeps_the_day_or_takes_the_month_end():
    assert months_later(date(2026, 3, 15), 6) == date(2026, 9, 15)
    assert months_later(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_later(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_the_division_is_reminded_once_six_months_ahead_and_sees_it_on_its_dashboard(
    normative, drafter, time_machine, mailoutbox, client
):
    drafter.email = "drafter@tjj.example.cn"
    drafter.save()
    time_machine.move_to("2026-01-10 10:00 +08:00")
    soon = normative("统计调查暂行办法", effective_from=date(2024, 10, 1))  # last day 2026-09-30
    later = normative("统计执法规定", effective_from=date(2025, 1, 1))  # 2029-12-31

    time_machine.move_to("2026-03-29 00:05 +08:00")  # more than six months ahead: nothing
    refresh_validity()
    assert mailoutbox == []

    time_machine.move_to("2026-03-30 00:05 +08:00")  # 2026-09-30 is six months away
    refresh_validity()
    (mail,) = mailoutbox
    assert mail.to == ["drafter@tjj.example.cn"] and "统计调查暂行办法" in mail.subject
    assert "2026-09-30" in mail.body
    assert record(soon).reminded_on == date(2026, 3, 30) and record(later).reminded_on is None
    assert PageLogEntry.objects.filter(page=soon, action="validity.remind").count() == 1

    refresh_validity()  # the next day: not again
    assert len(mailoutbox) == 1

    client.force_login(drafter)
    dashboard = client.get("/admin/").content.decode()
    assert "统计调查暂行办法" in dashboard and "统计执法规定" not in dashboard


def test_the_expiring_report_lists_documents_within_the_window(
    normative, admin_client, time_machine
):
    time_machine.move_to("2026-01-10 10:00 +08:00")
    normative("统计调查暂行办法", effective_from=date(2024, 10, 1))  # 2026-09-30
    normative("统计执法试行规定", effective_from=date(2025, 1, 1))  # 2026-12-31
    normative("统计执法规定", effective_from=date(2025, 1, 1))  # 2029-12-31

    time_machine.move_to("2026-04-01 10:00 +08:00")
    six = admin_client.get("/admin/validity/expiring/").content.decode()
    assert "统计调查暂行办法" in six and "统计执法试行规定" not in six
    twelve = admin_client.get("/admin/validity/expiring/", {"months": 12}).content.decode()
    assert "统计执法试行规定" in twelve and "统计执法规定<" not in twelve
    export = admin_client.get("/admin/validity/expiring/", {"months": 12, "export": "csv"})
    assert export.status_code == 200
    assert "统计执法试行规定" in b"".join(export.streaming_content).decode("utf-8-sig")
