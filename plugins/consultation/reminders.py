"""The feedback's clock: due CONSULTATION_FEEDBACK_DAYS working days after the close
(counted on the core's calendar); the day before, the drafting division is reminded (催办);
once overdue, the editorial director is told (督办), once per due date."""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import Calendar, Role, add_working_days, mail_members, today
from plugins.consultation import conf
from plugins.consultation.models import ConsultationPage, Feedback


def due_date(consultation, calendar: Calendar | None = None):
    """The day the feedback is due: working days counted from the closing day."""
    closed_on = timezone.localdate(consultation.closes_at)
    days = conf.get("CONSULTATION_FEEDBACK_DAYS")
    if calendar is None:
        return add_working_days(closed_on, days).date
    return calendar.add(closed_on, days).date


def sync_due_dates(now=None) -> int:
    """Give every closed consultation whose feedback is not out a feedback record with its
    due date, and move the dates a changed closing time or calendar moved. Returns how
    many changed."""
    now = now or timezone.now()
    calendar = Calendar()
    closed = ConsultationPage.objects.live().filter(closes_at__lte=now)
    closed = closed.exclude(feedback__published_at__isnull=False)
    changed = 0
    for consultation in closed.select_related("feedback"):
        due = due_date(consultation, calendar)
        feedback = getattr(consultation, "feedback", None)
        if feedback is None:
            Feedback.objects.create(consultation=consultation, due_on=due)
            changed += 1
        elif feedback.due_on != due:
            # A new due date is a new clock: remind and escalate again for it.
            feedback.due_on, feedback.reminded_on, feedback.escalated_on = due, None, None
            feedback.save(update_fields=["due_on", "reminded_on", "escalated_on"])
            changed += 1
    return changed


def pending() -> Q:
    """Feedback due and not published, of a consultation still live."""
    return Q(published_at__isnull=True, due_on__isnull=False, consultation__live=True)


def _tell(feedback: Feedback, on, done: str, action: str, subject: str, line: str, **to) -> None:
    title = feedback.consultation.title
    mail_members(subject, f"{line}\n{title}", **to)
    setattr(feedback, done, on)
    feedback.save(update_fields=[done])
    log(instance=feedback.consultation, action=action, data={"due_on": str(feedback.due_on)})


def remind(on=None) -> int:
    """催办: feedback due by the next working day, its division not yet told."""
    on = on or today()
    due = Feedback.objects.filter(
        pending(),
        due_on__gte=on,
        due_on__lte=add_working_days(on, 1).date,
        reminded_on__isnull=True,
    ).select_related("consultation__division")
    for feedback in due:
        _tell(
            feedback,
            on,
            "reminded_on",
            "consultation.remind",
            _("Feedback due on %(date)s: %(title)s")
            % {"date": feedback.due_on.isoformat(), "title": feedback.consultation.title},
            _("The feedback on the comments is due on %(date)s.") % {"date": feedback.due_on},
            divisions=[feedback.consultation.division],
        )
    return len(due)


def escalate(on=None) -> int:
    """督办: overdue feedback goes to the editorial director, once per due date."""
    on = on or today()
    overdue = Feedback.objects.filter(
        pending(), due_on__lt=on, escalated_on__isnull=True
    ).select_related("consultation__division")
    for feedback in overdue:
        _tell(
            feedback,
            on,
            "escalated_on",
            "consultation.escalate",
            _("Overdue feedback: %(title)s") % {"title": feedback.consultation.title},
            _("%(division)s has not published the feedback due on %(date)s.")
            % {"division": feedback.consultation.division, "date": feedback.due_on},
            divisions=[feedback.consultation.division],
            roles=[Role.EDITORIAL_DIRECTOR],
        )
    return len(overdue)


def run_daily(on=None) -> dict[str, int]:
    return {"due_dates": sync_due_dates(), "reminded": remind(on), "escalated": escalate(on)}
