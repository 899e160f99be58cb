"""Working days on the official calendar (cms.workdays), with real 2026 holidays from the
library and 2027 entered by an administrator."""

from datetime import date

import pytest

from cms.models import CalendarDay
from cms.workdays import (
    Deadline,
    add_working_days,
    is_working_day,
    missing_years,
    working_days_between,
)

pytestmark = pytest.mark.django_db


def test_the_spring_festival_and_its_adjusted_saturday():
    assert is_working_day(date(2026, 2, 14))  # a Saturday worked (调休)
    assert not is_working_day(date(2026, 2, 16))  # a Monday of the holiday
    assert add_working_days(date(2026, 2, 13), 1) == Deadline(date(2026, 2, 14))
    assert add_working_days(date(2026, 2, 13), 2) == Deadline(date(2026, 2, 24))
    # Counting weekdays alone would end on 19 February, inside the holiday.
    assert add_working_days(date(2026, 2, 12), 5) == Deadline(date(2026, 2, 26))
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_national_day_2026():
    assert add_working_days(date(2026, 9, 30), 5) == Deadline(date(2026, 10, 13))
    assert is_working_day(date(2026, 10, 10))  # a Saturday worked
    assert not is_working_day(date(2026, 9, 25))  # the Mid-Autumn Festival
    assert is_working_day(date(2026, 9, 20))  # a Sunday worked


def test_zero_days_is_the_same_day_and_negative_is_refused():
    assert add_working_days(date(2026, 3, 2), 0) == Deadline(date(2026, 3, 2))
    with pytest.raises(ValueError):
        add_working_days(date(2026, 3, 2), -1)
    assert working_days_between(date(2026, 3, 5), date(2026, 3, 2)) == 0


def test_a_deadline_into_an_unknown_year_is_provisional_until_its_days_are_entered():
    # The library knows 2004-2026; 1 January 2027 falls on a Friday.
    provisional = add_working_days(date(2026, 12, 28), 5)
    assert provisional == Deadline(date(2027, 1, 4), provisional=True)

    CalendarDay.objects.create(date=date(2027, 1, 1), working=False, name="元旦")
    assert add_working_days(date(2026, 12, 28), 5) == Deadline(date(2027, 1, 5))
    # An entered day outranks the library, too.
    CalendarDay.objects.create(date=date(2026, 12, 31), working=False, name="测试")
    assert add_working_days(date(2026, 12, 28), 5) == Deadline(date(2027, 1, 6))


def test_far_years_never_raise():
    assert add_working_days(date(2031, 5, 30), 1) == Deadline(date(2031, 6, 2), provisional=True)
    assert add_working_days(date(1999, 12, 31), 1).provisional


def test_missing_years_are_warned_from_october():
    assert missing_years(date(2026, 9, 30)) == []
    assert missing_years(date(2026, 10, 1)) == [2027]
    assert missing_years(date(2027, 3, 1)) == [2027]
    CalendarDay.objects.create(date=date(2027, 1, 1), working=False, name="元旦")
    assert missing_years(date(2026, 10, 1)) == []


def test_entering_days_tells_the_plugins_which_years_changed(
    plugin, django_capture_on_commit_callbacks
):
    from cms.extend.hookspecs import hookimpl

    seen = []

    class Recorder:
        @hookimpl
        def calendar_changed(self, years):
            seen.append(years)

    plugin(Recorder(), "recorder")
    with django_capture_on_commit_callbacks(execute=True):
        day = CalendarDay.objects.create(date=date(2027, 2, 6), working=False, name="春节")
    with django_capture_on_commit_callbacks(execute=True):
        day.date = date(2028, 2, 6)
        day.save()
    with django_capture_on_commit_callbacks(execute=True):
        day.delete()
    assert seen == [[2027], [2027, 2028], [2028]]


def test_the_dashboard_warns_of_a_missing_calendar(admin_client, time_machine):
    time_machine.move_to("2026-10-12 09:00 +08:00")
    page = admin_client.get("/admin/").content.decode()
    assert "尚未录入 2027 年的法定节假日安排" in page
    add_url = "/admin/snippets/cms/calendarday/add/"
    assert add_url in page
    response = admin_client.post(
        add_url,
        {"date": "2027-01-01", "working": "", "name": "元旦", "source": "国办发明电〔2026〕1号"},
    )
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=date(2027, 1, 1)).name == "元旦"
    assert "尚未录入" not in admin_client.get("/admin/").content.decode()
