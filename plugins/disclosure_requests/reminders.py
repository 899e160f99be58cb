"""Deadlines enforced by the daily beat task (docs/domain.md §7).

- 催办: DISCLOSURE_REMIND_DAYS working days before the reply deadline, and before the
  division's own deadline while it holds the request, the office and the division are told.
- A period the applicant or a third party had is over (a supplement, a fee's pay-by day,
  a third party's opinion): the office is told, to close the request or go on with it.
- 督办: a request past its reply deadline goes to the head of the office.
- A deadline counted by the weekday rule in a year whose holidays became known since
  (the holiday library was upgraded) is recomputed.

Each notice is sent once per request and deadline: ``reminded_on`` and ``escalated_on``
say when the request was last told, and a notice for a deadline is due only while that
day is not within the deadline's window. Mails carry the request's reference, the
information sought (shortened), the deadline and the admin link, never the applicant's
name, number or contacts: mail leaves the agency's systems.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.models import Group
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import Calendar, mail_members, today
from plugins.disclosure_requests import clocks, conf, states
from plugins.disclosure_requests.models import ClockPause, DisclosureRequest

S = DisclosureRequest.State
# How much of the information sought a mail quotes: enough to recognise the request.
QUOTED_CHARS = 30


# ---- who is told --------------------------------------------------------------------------


def _groups_with(codename: str) -> set[str]:
    return set(
        Group.objects.filter(
            permissions__content_type__app_label="disclosure_requests",
            permissions__codename=codename,
        ).values_list("name", flat=True)
    )


def office_groups() -> list[str]:
    """The groups of the disclosure office: those who handle requests. The head's own
    group is left out when the office has another (the head hears of what is overdue)."""
    handling = _groups_with("handle_request")
    staff = handling - _groups_with("approve_request")
    return sorted(staff or handling)


def head_groups() -> list[str]:
    """The groups of the office's head, who approves extensions and replies."""
    return sorted(_groups_with("approve_request"))


def admin_url(request: DisclosureRequest) -> str:
    """The request's page in the admin, as a full address for a mail."""
    try:
        path = reverse("disclosure_requests_admin:detail", args=[request.pk])
    except NoReverseMatch:  # the admin's views are switched off or renamed
        path = f"/admin/disclosure-requests/{request.pk}/"
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def mail_body(request: DisclosureRequest, lines: list[str]) -> str:
    """What a mail about a request says: the lines, then the reference, the information
    sought (shortened) and the link. Nothing that names or reaches the applicant."""
    quoted = Truncator(" ".join(request.information.split())).chars(QUOTED_CHARS)
    return "\n".join(
        [
            *lines,
            "",
            _("Request: %(reference)s") % {"reference": request.reference},
            _("Information sought: %(information)s") % {"information": quoted},
            _("Handle it here: %(url)s") % {"url": admin_url(request)},
        ]
    )


def _tell(
    request: DisclosureRequest,
    on: datetime.date,
    field: str,
    action: str,
    subject: str,
    lines: list[str],
    *,
    divisions=(),
    roles=(),
    **data,
) -> None:
    """Mail the request's notice, note in ``field`` that it was told today, and log it."""
    mail_members(subject, mail_body(request, lines), divisions=divisions, roles=roles)
    setattr(request, field, on)
    request.save(update_fields=[field])
    log(instance=request, action=f"disclosure_requests.{action}", data=data)


# ---- 催办: before a deadline -----------------------------------------------------------------


def _in_window(due: datetime.date, day: datetime.date, calendar: Calendar) -> bool:
    """Whether ``day`` lies in the reminder window of ``due``: on or before it, and at most
    DISCLOSURE_REMIND_DAYS working days ahead."""
    return day <= due <= calendar.add(day, conf.get("DISCLOSURE_REMIND_DAYS")).date


def _deadlines(request: DisclosureRequest, on, calendar) -> list[tuple[str, datetime.date]]:
    """The request's deadlines in today's window it was not yet reminded of."""
    found = []
    if request.due_on and _in_window(request.due_on, on, calendar):
        found.append(("reply", request.due_on))
    if (
        request.state == S.ASSIGNED
        and request.division_due_on
        and _in_window(request.division_due_on, on, calendar)
    ):
        found.append(("division", request.division_due_on))
    told = request.reminded_on
    return [(kind, due) for kind, due in found if not (told and _in_window(due, told, calendar))]


def remind(on: datetime.date | None = None) -> int:
    """催办: mail the office, and the division while it holds the request, about the
    deadlines that fall within the next DISCLOSURE_REMIND_DAYS working days."""
    on = on or today()
    calendar = Calendar()
    horizon = calendar.add(on, conf.get("DISCLOSURE_REMIND_DAYS")).date
    candidates = DisclosureRequest.objects.filter(state__in=states.OPEN).filter(
        Q(due_on__range=(on, horizon)) | Q(state=S.ASSIGNED, division_due_on__range=(on, horizon))
    )
    office = office_groups()
    count = 0
    for request in candidates.select_related("division").order_by("pk"):
        pending = _deadlines(request, on, calendar)
        if not pending:
            continue
        labels = {
            "reply": _("The reply is due on %(date)s (%(days)d working days left)."),
            "division": _("The division's draft is due on %(date)s (%(days)d working days left)."),
        }
        lines = [
            labels[kind] % {"date": due.isoformat(), "days": clocks.days_left(due, on)}
            for kind, due in pending
        ]
        first = min(due for _kind, due in pending)
        _tell(
            request,
            on,
            "reminded_on",
            "remind",
            _("Reminder: disclosure request %(reference)s is due on %(date)s")
            % {"reference": request.reference, "date": first.isoformat()},
            lines,
            divisions=[request.division] if request.state == S.ASSIGNED else [],
            roles=office,
            deadlines={kind: str(due) for kind, due in pending},
        )
        count += 1
    return count


# ---- a period is over ------------------------------------------------------------------------


def _not_told_since(path: str) -> Q:
    """Not told since the period at ``path`` ended (told before it, or never)."""
    return Q(reminded_on__isnull=True) | Q(reminded_on__lte=F(path))


def lapsed(on: datetime.date | None = None) -> int:
    """Tell the office, once, that a supplement or a fee was not sent in time (it closes
    the request as abandoned or unpaid) or that a third party's time is up (the division
    and the office record its opinion, or its silence, and go on)."""
    on = on or today()
    office = office_groups()
    count = 0
    supplements = DisclosureRequest.objects.filter(
        state=S.SUPPLEMENT, supplement__due_on__lt=on
    ).filter(_not_told_since("supplement__due_on"))
    for request in supplements.select_related("supplement"):
        due = request.supplement.due_on
        _tell(
            request,
            on,
            "reminded_on",
            "remind",
            _("Supplement not received: disclosure request %(reference)s")
            % {"reference": request.reference},
            [
                _(
                    "The period to supplement ended on %(date)s without a supplement; the "
                    "request may be closed as abandoned."
                )
                % {"date": due.isoformat()}
            ],
            roles=office,
            lapsed="supplement",
            due_on=str(due),
        )
        count += 1
    unpaid = DisclosureRequest.objects.filter(state=S.FEE, fee__pay_by__lt=on).filter(
        _not_told_since("fee__pay_by")
    )
    for request in unpaid.select_related("fee"):
        due = request.fee.pay_by
        _tell(
            request,
            on,
            "reminded_on",
            "remind",
            _("Fee not paid: disclosure request %(reference)s") % {"reference": request.reference},
            [
                _(
                    "The fee was to be paid by %(date)s and no payment is recorded; the request "
                    "may be closed as not paid."
                )
                % {"date": due.isoformat()}
            ],
            roles=office,
            lapsed="fee",
            due_on=str(due),
        )
        count += 1
    consulting = DisclosureRequest.objects.filter(
        state=S.THIRD_PARTY,
        pauses__kind=ClockPause.Kind.THIRD_PARTY,
        pauses__ended_on__isnull=True,
        pauses__due_on__lt=on,
    ).filter(_not_told_since("pauses__due_on"))
    for request in consulting.select_related("division").distinct():
        due = request.pauses.get(kind=ClockPause.Kind.THIRD_PARTY, ended_on__isnull=True).due_on
        _tell(
            request,
            on,
            "reminded_on",
            "remind",
            _("Third party's time is up: disclosure request %(reference)s")
            % {"reference": request.reference},
            [
                _(
                    "The third party's time for an opinion ended on %(date)s; record its "
                    "opinion, or that it gave none, so the reply clock runs again."
                )
                % {"date": due.isoformat()}
            ],
            divisions=[request.division],
            roles=office,
            lapsed="third_party",
            due_on=str(due),
        )
        count += 1
    return count


# ---- 督办: overdue ---------------------------------------------------------------------------


def escalate(on: datetime.date | None = None) -> int:
    """督办: open requests past their reply deadline go to the head of the office, once
    per deadline (a deadline moved later since counts anew)."""
    on = on or today()
    overdue = DisclosureRequest.objects.filter(state__in=states.OPEN, due_on__lt=on).filter(
        Q(escalated_on__isnull=True) | Q(escalated_on__lte=F("due_on"))
    )
    heads = head_groups()
    count = 0
    for request in overdue.select_related("division").order_by("due_on", "pk"):
        _tell(
            request,
            on,
            "escalated_on",
            "escalate",
            _("Overdue: disclosure request %(reference)s was due on %(date)s")
            % {"reference": request.reference, "date": request.due_on.isoformat()},
            [
                _(
                    "The reply was due on %(date)s and is %(days)d working days late; it is "
                    "“%(state)s” with %(division)s."
                )
                % {
                    "date": request.due_on.isoformat(),
                    "days": -clocks.days_left(request.due_on, on),
                    "state": request.get_state_display(),
                    "division": request.division or _("the office"),
                }
            ],
            roles=heads,
            due_on=str(request.due_on),
        )
        count += 1
    return count


# ---- provisional deadlines -------------------------------------------------------------------


def recompute_provisional() -> int:
    """Deadlines counted by the weekday rule in a year the calendar now knows (an upgraded
    holiday library fires no ``calendar_changed``), recomputed."""
    calendar = Calendar()
    years = {
        due.year
        for due in DisclosureRequest.objects.filter(
            state__in=states.OPEN, due_provisional=True
        ).values_list("due_on", flat=True)
        if due is not None
    }
    # In a year nobody knows every day is decided by the weekday rule alone.
    known = sorted(y for y in years if not calendar.is_provisional(datetime.date(y, 6, 1)))
    return states.recompute_deadlines(known)


def run_daily(on: datetime.date | None = None) -> dict[str, int]:
    """The daily round, deadlines recomputed first so the notices use the right days."""
    recomputed = recompute_provisional()
    return {
        "recomputed": recomputed,
        "reminded": remind(on),
        "lapsed": lapsed(on),
        "escalated": escalate(on),
    }
