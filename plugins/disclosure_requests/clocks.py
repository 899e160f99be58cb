"""The request's clocks on the core's working-day calendar (docs/domain.md §7):
the reply deadline, restarted by a supplement, extended once, and paused while a third
party is consulted or a fee is unpaid; the supplement's and the division's deadlines.

Plain functions of dates, so tests call them with any calendar day.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from cms.plugin_api import Calendar, Deadline
from plugins.disclosure_requests import conf

# Past this many calendar days a reply clock is a bug, not a long pause.
_MAX_SPAN = 3660


@dataclass(frozen=True)
class Pause:
    """Days after ``start`` up to and including ``end`` are not counted; ``end`` None:
    the pause is still running, and the clock with it stopped."""

    start: datetime.date
    end: datetime.date | None


def reply_deadline(
    start: datetime.date,
    days: int,
    pauses: Iterable[Pause] = (),
    calendar: Calendar | None = None,
) -> Deadline | None:
    """The day ``days`` working days counted from ``start`` end, skipping the paused days;
    None while a pause is open (the clock stands still, so no day can be named)."""
    pauses = list(pauses)
    if any(pause.end is None for pause in pauses):
        return None
    calendar = calendar or Calendar()
    day, counted, provisional = start, 0, False
    for _step in range(_MAX_SPAN):
        if counted == days:
            return Deadline(day, provisional)
        day += datetime.timedelta(days=1)
        if any(pause.start < day <= pause.end for pause in pauses):
            continue
        provisional = provisional or calendar.is_provisional(day)
        counted += calendar.is_working_day(day)
    raise ValueError(f"{days} working days after {start} is beyond any calendar")


def deadline_of(request, pauses: Iterable[Pause] | None = None) -> Deadline | None:
    """A request's reply deadline now: from its clock's start, the regulation's days plus
    its extension, skipping its pauses (read from the database unless given)."""
    if request.clock_from is None:
        return None
    if pauses is None:
        pauses = [Pause(p.started_on, p.ended_on) for p in request.pauses.all()]
    days = conf.get("DISCLOSURE_REPLY_DAYS") + request.extended_days
    return reply_deadline(request.clock_from, days, pauses)


def working_days_after(start: datetime.date, days: int) -> Deadline:
    """A plain limit in working days (the supplement's, the division's, a third party's)."""
    return Calendar().add(start, days)


def days_left(due: datetime.date | None, on: datetime.date) -> int | None:
    """Working days from ``on`` to ``due``: positive before the deadline, 0 on the day,
    negative (the working days overdue) after it; None without a deadline."""
    if due is None:
        return None
    calendar = Calendar()
    if due >= on:
        return calendar.between(on, due)
    return -calendar.between(due, on)
