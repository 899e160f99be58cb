"""The reply clock on the official calendar: the 2026 Spring Festival and National Day, an
adjusted working Saturday (调休), the supplement's restart and the pauses."""

from datetime import date

import pytest

from plugins.disclosure_requests import clocks, fees
from plugins.disclosure_requests.clocks import Pause, reply_deadline

pytestmark = pytest.mark.django_db


def test_twenty_working_days_across_the_spring_festival():
    # From Tue 10 Feb 2026: 11-13 Feb, Sat 14 Feb (调休, worked), holidays 15-23 Feb,
    # 24-27 Feb, Sat 28 Feb (worked), then 2-13 March (10), 16 March is the 20th.
    deadline = reply_deadline(date(2026, 2, 10), 20)
    assert deadline.date == date(2026, 3, 16)
    assert deadline.provisional is False


def test_national_day_and_its_working_saturday():
    # From Wed 30 Sep 2026: 1-7 Oct off, 8, 9, Sat 10 Oct (worked) are the first three.
    assert reply_deadline(date(2026, 9, 30), 3).date == date(2026, 10, 10)
    # Mid-Autumn (Fri 25 Sep) is off, Sun 20 Sep (调休) is worked.
    assert reply_deadline(date(2026, 9, 18), 2).date == date(2026, 9, 21)
    assert reply_deadline(date(2026, 9, 24), 1).date == date(2026, 9, 28)


def test_a_pause_is_not_counted_and_an_open_pause_stops_the_clock():
    start = date(2026, 3, 2)  # Monday
    plain = reply_deadline(start, 20).date
    assert plain == date(2026, 3, 30)
    # Consulting a third party from Tue 3 March until Fri 13 March: 8 working days
    # (4-6, 9-13 March) are not counted, so the deadline moves 8 working days.
    paused = reply_deadline(start, 20, [Pause(date(2026, 3, 3), date(2026, 3, 13))])
    # 31 Mar, 1-3 Apr, (4-6 Apr 清明 off), 7-10 Apr.
    assert paused.date == date(2026, 4, 10)
    assert reply_deadline(start, 20, [Pause(date(2026, 3, 3), None)]) is None


def test_days_left_counts_working_days_either_side():
    assert clocks.days_left(date(2026, 2, 24), date(2026, 2, 13)) == 2  # Sat 14, Tue 24
    assert clocks.days_left(date(2026, 2, 13), date(2026, 2, 13)) == 0
    assert clocks.days_left(date(2026, 2, 13), date(2026, 2, 25)) == -3  # 14, 24, 25


def test_a_year_nobody_knows_is_provisional():
    deadline = reply_deadline(date(2031, 1, 6), 5)
    assert deadline.provisional is True


@pytest.mark.parametrize(
    ("nth", "fee"), [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300)]
)
def test_fee_by_count(nth, fee):
    assert fees.count_fee(nth) == fee


@pytest.mark.parametrize(("pages", "fee"), [(30, 0), (31, 10), (100, 700), (101, 720), (250, 4700)])
def test_fee_by_pages(pages, fee):
    # 31-100: 10 yuan a page; 101-200: 20; from 201: 40. 250 pages: 700 + 2000 + 50×40.
    assert fees.page_fee(pages) == fee
