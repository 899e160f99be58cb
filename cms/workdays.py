"""Working days on the official Chinese calendar: the one clock of every statutory limit
(docs/domain.md §1).

A day is looked up, in this order, in the admin's ``CalendarDay`` rows, then in the
maintained holiday library (chinesecalendar, which knows the years its release carries),
then by the plain weekday rule. A result that needed the weekday rule in a year nobody
entered is *provisional*: the year's holidays were not known, so whoever stored it
recomputes it once they are (the ``calendar_changed`` hook says when). Nothing here ever
raises for an unknown year. Days are calendar dates in Asia/Shanghai.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import chinese_calendar
from django.utils import timezone

from cms.models.calendar import CalendarDay

OVERRIDE, LIBRARY, ENTERED_YEAR, WEEKDAY = "override", "library", "entered year", "weekday"
# Past this many days a search for the n-th working day is a bug, not a long holiday.
_MAX_SPAN = 3660


@dataclass(frozen=True)
class Deadline:
    """The day a working-day limit ends; provisional when an unknown year decided it."""

    date: datetime.date
    provisional: bool = False


def today() -> datetime.date:
    """Today in Asia/Shanghai (the site's time zone), whatever the server's clock zone."""
    return timezone.localdate()


def _library(day: datetime.date) -> bool | None:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:  # a year the installed release does not carry
        return None


class Calendar:
    """Working-day arithmetic with the override rows read once per year it touches."""

    def __init__(self):
        self._years: dict[int, dict[datetime.date, bool]] = {}

    def _overrides(self, year: int) -> dict[datetime.date, bool]:
        if year not in self._years:
            self._years[year] = dict(
                CalendarDay.objects.filter(date__year=year).values_list("date", "working")
            )
        return self._years[year]

    def lookup(self, day: datetime.date) -> tuple[bool, str]:
        """(working?, which source decided)."""
        overrides = self._overrides(day.year)
        if day in overrides:
            return overrides[day], OVERRIDE
        known = _library(day)
        if known is not None:
            return known, LIBRARY
        # A year whose holidays an administrator entered is known: its other days follow
        # the week. A year nobody entered is counted by the week provisionally.
        return day.weekday() < 5, ENTERED_YEAR if overrides else WEEKDAY

    def is_working_day(self, day: datetime.date) -> bool:
        return self.lookup(day)[0]

    def is_provisional(self, day: datetime.date) -> bool:
        """Whether only the weekday rule decided ``day``, in a year nobody entered: a
        deadline that counted it is recomputed once the year is known."""
        return self.lookup(day)[1] == WEEKDAY

    def add(self, start: datetime.date, days: int) -> Deadline:
        """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day, counted, provisional = start, 0, False
        for _step in range(_MAX_SPAN):
            if counted == days:
                return Deadline(day, provisional)
            day += datetime.timedelta(days=1)
            working, source = self.lookup(day)
            provisional = provisional or source == WEEKDAY
            counted += working
        raise ValueError(f"{days} working days after {start} is beyond any calendar")

    def between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when end ≤ start)."""
        count, day = 0, start
        while day < end:
            day += datetime.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def is_working_day(day: datetime.date) -> bool:
    """Whether people work on ``day`` (adjusted working weekends count, holidays do not)."""
    return Calendar().is_working_day(day)


def add_working_days(start: datetime.date, days: int) -> Deadline:
    """The day a limit of ``days`` working days counted from ``start`` ends."""
    return Calendar().add(start, days)


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """How many working days lie after ``start`` up to and including ``end``."""
    return Calendar().between(start, end)


def year_is_known(year: int) -> bool:
    """Whether the year's holidays are known: the library carries it, or an administrator
    entered its days."""
    return (
        _library(datetime.date(year, 6, 1)) is not None
        or CalendarDay.objects.filter(date__year=year).exists()
    )


def missing_years(on: datetime.date | None = None) -> list[int]:
    """Years whose calendar is missing and needed now: this year, and from October (when
    the State Council announces it) next year."""
    on = on or today()
    needed = [on.year, on.year + 1] if on.month >= 10 else [on.year]
    return [year for year in needed if not year_is_known(year)]


def redo_deadlines(records, set_deadline) -> int:
    """Set each record's deadline again after the calendar of its years changed (hook
    ``calendar_changed``): ``set_deadline(record)`` fills its ``due_on`` and
    ``due_provisional`` as the record's clock stands; a record whose deadline moved is
    saved (those two fields only). Returns how many moved. Pass only the open records
    whose clock the changed years may touch."""
    moved = 0
    for record in records:
        before = (record.due_on, record.due_provisional)
        set_deadline(record)
        if (record.due_on, record.due_provisional) != before:
            record.save(update_fields=["due_on", "due_provisional"])
            moved += 1
    return moved
