"""Deadlines enforced: the day before, the division is reminded (催办); once overdue, the
editorial director is told (督办); long before three months, the whole site is alarmed
(the national inspection fails a site for one valid message unanswered that long)."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import Role, add_working_days, mail_members, today
from plugins.messageboard import conf, inbox
from plugins.messageboard.models import Message
from plugins.messageboard.states import OPEN


def _not_yet(field: str) -> Q:
    """Not yet done for the current deadline (a reopened message has a new one)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": F("clock_from")})


def _tell(message: Message, on, done: str, action: str, subject: str, line: str, **to) -> None:
    """Mail about the message (the line, then its subject) and note in the field ``done``
    that it was told for its current deadline, in the audit log too."""
    mail_members(subject, f"{line}\n{message.subject}", **to)
    setattr(message, done, on)
    message.save(update_fields=[done])
    log(instance=message, action=action, data={"due_on": str(message.due_on)})


def remind(on=None) -> int:
    """催办: open messages due by the next working day whose division was not yet told."""
    on = on or today()
    due = Message.objects.filter(
        state__in=OPEN, due_on__lte=add_working_days(on, 1).date, due_on__gte=on
    ).filter(_not_yet("reminded_on"))
    count = 0
    for message in due.select_related("division"):
        _tell(
            message,
            on,
            "reminded_on",
            "messageboard.remind",
            _("Reply due on %(date)s: %(subject)s")
            % {"date": message.due_on.isoformat(), "subject": message.subject},
            _("The reply to this message is due on %(date)s.") % {"date": message.due_on},
            divisions=[message.division],
        )
        count += 1
    return count


def escalate(on=None) -> int:
    """督办: overdue messages go to the editorial director, once per deadline."""
    on = on or today()
    overdue = Message.objects.filter(inbox.overdue_q(on)).filter(_not_yet("escalated_on"))
    count = 0
    for message in overdue.select_related("division"):
        _tell(
            message,
            on,
            "escalated_on",
            "messageboard.escalate",
            _("Overdue reply: %(subject)s") % {"subject": message.subject},
            _("%(division)s has not replied; the reply was due on %(date)s.")
            % {"division": message.division or "—", "date": message.due_on},
            roles=[Role.EDITORIAL_DIRECTOR],
        )
        count += 1
    return count


def alarm_q() -> Q:
    """Valid messages without a published reply for MESSAGEBOARD_ALARM_DAYS or more."""
    since = timezone.now() - timedelta(days=conf.get("MESSAGEBOARD_ALARM_DAYS"))
    return Q(state__in=[Message.State.RECEIVED, *OPEN], received_at__lte=since)


def alarming(user) -> list[Message]:
    return list(inbox.visible_to(user).filter(alarm_q()).order_by("received_at")[:50])


def raise_alarm() -> int:
    """Mail the moderators and the director the messages that wait far too long."""
    waiting = list(Message.objects.filter(alarm_q()).order_by("received_at")[:50])
    if waiting:
        mail_members(
            _("%(count)d messages have waited too long for a reply") % {"count": len(waiting)},
            "\n".join(f"{m.received_at:%Y-%m-%d} {m.subject}" for m in waiting),
            roles=[Role.EDITORIAL_DIRECTOR, Role.WEB_EDITOR],
        )
    return len(waiting)


def run_daily(on=None) -> dict[str, int]:
    return {"reminded": remind(on), "escalated": escalate(on), "alarmed": raise_alarm()}
