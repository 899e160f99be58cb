"""Deadlines enforced: the day before, the division is reminded (催办); once overdue, the
editorial director is told (督办); long before three months, the whole site is alarmed
(the national inspection fails a site for one valid message unanswered that long)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.access.roles import Role
from cms.workdays import add_working_days, today
from plugins.messageboard import conf, inbox
from plugins.messageboard.models import Message
from plugins.messageboard.states import OPEN


def _addresses(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def _division_staff(division):
    return division.members.filter(is_active=True) if division else []


def _role(name: str):
    return get_user_model().objects.filter(is_active=True, groups__name=name)


def _mail(subject: str, lines: list[str], to: list[str]) -> None:
    if to:
        send_mail(subject, "\n".join(lines), None, to, fail_silently=False)


def _not_yet(field: str) -> Q:
    """Not yet done for the current deadline (a reopened message has a new one)."""
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": F("clock_from")})


def remind(on=None) -> int:
    """催办: open messages due by the next working day whose division was not yet told."""
    on = on or today()
    due = Message.objects.filter(
        state__in=OPEN, due_on__lte=add_working_days(on, 1).date, due_on__gte=on
    ).filter(_not_yet("reminded_on"))
    count = 0
    for message in due.select_related("division"):
        _mail(
            _("Reply due on %(date)s: %(subject)s")
            % {"date": message.due_on.isoformat(), "subject": message.subject},
            [
                _("The reply to this message is due on %(date)s.") % {"date": message.due_on},
                message.subject,
            ],
            _addresses(_division_staff(message.division)),
        )
        message.reminded_on = on
        message.save(update_fields=["reminded_on"])
        log(instance=message, action="messageboard.remind", data={"due_on": str(message.due_on)})
        count += 1
    return count


def escalate(on=None) -> int:
    """督办: overdue messages go to the editorial director, once per deadline."""
    on = on or today()
    overdue = Message.objects.filter(inbox.overdue_q(on)).filter(_not_yet("escalated_on"))
    directors = _addresses(_role(Role.EDITORIAL_DIRECTOR))
    count = 0
    for message in overdue.select_related("division"):
        _mail(
            _("Overdue reply: %(subject)s") % {"subject": message.subject},
            [
                _("%(division)s has not replied; the reply was due on %(date)s.")
                % {"division": message.division or "—", "date": message.due_on},
                message.subject,
            ],
            directors,
        )
        message.escalated_on = on
        message.save(update_fields=["escalated_on"])
        log(instance=message, action="messageboard.escalate", data={"due_on": str(message.due_on)})
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
        _mail(
            _("%(count)d messages have waited too long for a reply") % {"count": len(waiting)},
            [f"{m.received_at:%Y-%m-%d} {m.subject}" for m in waiting],
            _addresses([*_role(Role.EDITORIAL_DIRECTOR), *_role(Role.WEB_EDITOR)]),
        )
    return len(waiting)


def run_daily(on=None) -> dict[str, int]:
    return {"reminded": remind(on), "escalated": escalate(on), "alarmed": raise_alarm()}
