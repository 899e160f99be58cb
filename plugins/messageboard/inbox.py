"""Which messages an admin user handles, and how urgent they are (the inbox and the
dashboard read the same functions)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from cms.plugin_api import Division, add_working_days, today
from plugins.messageboard.models import PUBLIC, Message
from plugins.messageboard.states import OPEN, handled_divisions


def visible_to(user):
    """The messages this user sees: the divisions ``handled_divisions`` names, the same
    rule the reply approval follows."""
    messages = Message.objects.select_related("policy", "division", "division__agency")
    divisions = handled_divisions(user)
    return messages if divisions is None else messages.filter(division__in=divisions)


def overdue_q(on=None) -> Q:
    return Q(state__in=OPEN, due_on__lt=on or today())


def due_soon_q(on=None) -> Q:
    """Open messages due today or on the next working day (催办 range)."""
    on = on or today()
    return Q(state__in=OPEN, due_on__gte=on, due_on__lte=add_working_days(on, 1).date)


FILTERS = {
    "received": Q(state=Message.State.RECEIVED),
    "open": Q(state__in=OPEN),
    "answered": Q(state=Message.State.ANSWERED),
    "overdue": None,  # depends on today
    "published": Q(state=Message.State.PUBLISHED),
    "closed": Q(state__in=[Message.State.REJECTED, Message.State.SPAM, Message.State.HIDDEN]),
    "all": Q(),
}


def counted(messages, what: str, year: int):
    """The messages the website annual report of ``year`` counts as ``what`` (received,
    answered or published in it; spam is no message received)."""
    not_spam = ~Q(state=Message.State.SPAM)
    rule = {
        "received": not_spam & Q(received_at__year=year),
        "answered": not_spam & Q(answered_at__year=year),
        "published": not_spam & PUBLIC & Q(published_at__year=year),
    }[what]
    return messages.filter(rule)


def filtered(user, name: str):
    q = overdue_q() if name == "overdue" else FILTERS.get(name, FILTERS["open"])
    return visible_to(user).filter(q)


@dataclass
class DivisionLoad:
    division: Division
    open: int
    due_soon: int
    overdue: int


def division_loads(user) -> list[DivisionLoad]:
    """Per division the user sees: open messages, due within a working day, overdue."""
    counts = (
        visible_to(user)
        .filter(state__in=OPEN, division__isnull=False)
        .values("division")
        .annotate(
            open=Count("pk"),
            due_soon=Count("pk", filter=due_soon_q()),
            overdue=Count("pk", filter=overdue_q()),
        )
    )
    divisions = Division.objects.select_related("agency").in_bulk(
        [row["division"] for row in counts]
    )
    return sorted(
        (
            DivisionLoad(divisions[row["division"]], row["open"], row["due_soon"], row["overdue"])
            for row in counts
        ),
        key=lambda load: (-load.overdue, -load.due_soon, str(load.division)),
    )
