"""The validity rules at their boundaries."""

from datetime import date

import pytest

from plugins.validity import rules


@pytest.mark.parametrize(
    ("on", "state"),
    [
        (date(2026, 2, 28), "not_yet_effective"),
        (date(2026, 3, 1), "in_force"),  # from the start of the effective date
        (date(2026, 3, 31), "in_force"),  # to the end of the last day
        (date(2026, 4, 1), "expired"),
    ],
)
def test_the_dates_give_the_state_on_each_day(on, state):
    assert rules.dated_state(date(2026, 3, 1), date(2026, 3, 31), on) == state


def test_without_an_expiry_a_document_stays_in_force():
    assert rules.dated_state(date(2020, 1, 1), None, date(2040, 1, 1)) == "in_force"


@pytest.mark.parametrize(
    ("title", "effective", "last_day"),
    [
        ("关于统计调查管理的规定", date(2024, 3, 1), date(2029, 2, 28)),
        ("统计调查管理暂行办法", date(2024, 3, 1), date(2026, 2, 28)),
        ("统计执法检查试行规则", date(2024, 2, 29), date(2026, 2, 28)),  # a leap day
    ],
)
def test_the_default_expiry_counts_five_or_two_years(title, effective, last_day):
    assert rules.default_expiry(effective, title) == last_day


def test_the_default_years_are_settings(settings):
    settings.VALIDITY_DEFAULT_YEARS = 3
    assert rules.default_expiry(date(2024, 3, 1), "规定") == date(2027, 2, 28)
