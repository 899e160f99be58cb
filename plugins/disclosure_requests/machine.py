"""What may happen to a request: the states it may be in, every transition with the states
it starts from and leads to (``TRANSITIONS``), what the request must allow (``GUARDS``),
who may take each step (``RIGHTS``), and the bookkeeping every step shares (the row lock,
the deadline, the audit log). The steps themselves are in ``states.py``, which callers
use (docs/domain.md §7).
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.plugin_api import division_ids, today
from plugins.disclosure_requests import clocks, conf
from plugins.disclosure_requests.models import (
    ClockPause,
    DisclosureRequest,
    FeeNotice,
    ReplyLetter,
    Supplement,
)

S = DisclosureRequest.State

# States in which the agency owes a reply (its clock runs, or is paused or restarting).
OPEN = frozenset(
    {
        S.RECEIVED,
        S.SUPPLEMENT,
        S.ASSIGNED,
        S.THIRD_PARTY,
        S.FEE,
        S.DRAFTED,
        S.REVIEWED,
        S.APPROVED,
    }
)
# A reply is being written or checked: the request is with the division or the office.
REPLYING = frozenset({S.ASSIGNED, S.DRAFTED, S.REVIEWED, S.APPROVED})

# action → (states it may start from, state it leads to; None: the state stays)
TRANSITIONS: dict[str, tuple[frozenset, str | None]] = {
    "confirm": (frozenset({S.SUBMITTED}), S.RECEIVED),
    "discard": (frozenset({S.SUBMITTED}), S.DISCARDED),
    "merge": (frozenset({S.SUBMITTED}), S.MERGED),
    "ask_supplement": (frozenset({S.RECEIVED, S.ASSIGNED}), S.SUPPLEMENT),
    "supplied": (frozenset({S.SUPPLEMENT}), None),  # back to received or assigned
    "abandon": (frozenset({S.SUPPLEMENT}), S.DRAFTED),
    "assign": (frozenset({S.RECEIVED}), S.ASSIGNED),
    "reassign": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "consult": (frozenset({S.ASSIGNED}), S.THIRD_PARTY),
    "consulted": (frozenset({S.THIRD_PARTY}), S.ASSIGNED),
    "notify_fee": (frozenset({S.ASSIGNED}), S.FEE),
    "fee_paid": (frozenset({S.FEE}), S.ASSIGNED),
    "fee_unpaid": (frozenset({S.FEE}), S.DRAFTED),
    "extend": (OPEN - {S.SUPPLEMENT}, None),
    "draft": (frozenset({S.ASSIGNED}), S.DRAFTED),
    "return_reply": (frozenset({S.DRAFTED, S.REVIEWED}), S.ASSIGNED),
    "review": (frozenset({S.DRAFTED}), S.REVIEWED),
    "approve": (frozenset({S.REVIEWED}), S.APPROVED),
    "send": (frozenset({S.APPROVED}), S.CLOSED),
    "withdraw": (OPEN | {S.SUBMITTED}, S.WITHDRAWN),
}

ACTION_LABELS = {
    "confirm": gettext_lazy("confirm receipt"),
    "discard": gettext_lazy("mark as not an application"),
    "merge": gettext_lazy("merge into another request"),
    "ask_supplement": gettext_lazy("ask for a supplement"),
    "supplied": gettext_lazy("record the supplement"),
    "abandon": gettext_lazy("close as not supplemented"),
    "assign": gettext_lazy("assign to a division"),
    "reassign": gettext_lazy("assign to another division"),
    "consult": gettext_lazy("consult a third party"),
    "consulted": gettext_lazy("record the third party's opinion"),
    "notify_fee": gettext_lazy("send a fee notice"),
    "fee_paid": gettext_lazy("record the payment"),
    "fee_unpaid": gettext_lazy("close as not paid"),
    "extend": gettext_lazy("extend the deadline"),
    "draft": gettext_lazy("draft the reply"),
    "return_reply": gettext_lazy("return the reply"),
    "review": gettext_lazy("pass the legality review"),
    "approve": gettext_lazy("approve the reply"),
    "send": gettext_lazy("record the service"),
    "withdraw": gettext_lazy("withdraw"),
}


class TransitionError(Exception):
    """A step the request's state or the user's role does not allow; the text says why."""


# ---- who may act ----------------------------------------------------------------------


def is_office(user, request=None) -> bool:
    """The disclosure office (政府信息公开工作机构): confirms, assigns, reviews, serves."""
    return user.is_superuser or user.has_perm("disclosure_requests.handle_request")


def heads_office(user, request=None) -> bool:
    """The head of the office: approves extensions and replies."""
    return user.is_superuser or user.has_perm("disclosure_requests.approve_request")


def works_for(user, request: DisclosureRequest) -> bool:
    """Whether the user belongs to the division handling the request."""
    divisions = division_ids(user)
    if divisions is None:  # bound to no division: a superuser or a site-wide role
        return user.is_superuser
    return request.division_id is not None and request.division_id in divisions


def office_or_division(user, request: DisclosureRequest) -> bool:
    return is_office(user) or works_for(user, request)


RIGHTS = {
    "confirm": is_office,
    "discard": is_office,
    "merge": is_office,
    "ask_supplement": is_office,
    "supplied": is_office,
    "abandon": is_office,
    "assign": is_office,
    "reassign": is_office,
    "consult": office_or_division,
    "consulted": office_or_division,
    "notify_fee": is_office,
    "fee_paid": is_office,
    "fee_unpaid": is_office,
    "extend": heads_office,
    "draft": office_or_division,
    "return_reply": is_office,
    "review": is_office,
    "approve": heads_office,
    "send": is_office,
    "withdraw": is_office,
}


def supplement_ask_limit(request: DisclosureRequest):
    """The last day a supplement may be asked for: working days from receipt (art. 30)."""
    return clocks.working_days_after(
        request.received_on, conf.get("DISCLOSURE_SUPPLEMENT_ASK_DAYS")
    )


# ---- what the request allows -----------------------------------------------------------
# Preconditions beyond the state, so the admin never offers a step that can only fail. Each
# step function checks them again and says why (the period still runs, once only, ...).


def _supplement_may_be_asked(request: DisclosureRequest) -> bool:
    if Supplement.objects.filter(request=request).exists() or not request.received_on:
        return False
    return today() <= supplement_ask_limit(request).date


def _supplement_awaited(request: DisclosureRequest) -> bool:
    supplement = Supplement.objects.filter(request=request).first()
    return supplement is not None and supplement.answered_on is None


def _supplement_period_over(request: DisclosureRequest) -> bool:
    supplement = Supplement.objects.filter(request=request).first()
    return supplement is not None and today() > supplement.due_on


def _no_fee_yet(request: DisclosureRequest) -> bool:
    return not FeeNotice.objects.filter(request=request).exists()


def _fee_awaited(request: DisclosureRequest) -> bool:
    return FeeNotice.objects.filter(request=request, paid_on__isnull=True).exists()


def _payment_period_over(request: DisclosureRequest) -> bool:
    fee = FeeNotice.objects.filter(request=request, paid_on__isnull=True).first()
    return fee is not None and today() > fee.pay_by


def _third_party_consulted(request: DisclosureRequest) -> bool:
    return request.pauses.filter(kind=ClockPause.Kind.THIRD_PARTY, ended_on__isnull=True).exists()


def _may_extend(request: DisclosureRequest) -> bool:
    return not request.extended_days and not (request.due_on and today() > request.due_on)


def _letter_written(request: DisclosureRequest) -> bool:
    return ReplyLetter.objects.filter(request=request).exists()


# action → request → whether the step can succeed now (absent: the state is enough)
GUARDS = {
    "ask_supplement": _supplement_may_be_asked,
    "supplied": _supplement_awaited,
    "abandon": _supplement_period_over,
    "consulted": _third_party_consulted,
    "notify_fee": _no_fee_yet,
    "fee_paid": _fee_awaited,
    "fee_unpaid": _payment_period_over,
    "extend": _may_extend,
    "review": _letter_written,
    "approve": _letter_written,
}


def _reviewed_by(request: DisclosureRequest, user) -> bool:
    """Four eyes: whether this user passed the letter's legality review."""
    if user is None or not user.is_authenticated:
        return False
    return ReplyLetter.objects.filter(request=request, reviewed_by=user).exists()


def allowed_actions(request: DisclosureRequest, user) -> list[str]:
    """The steps this user may take on this request now (the admin offers these): the
    state allows them, the user has the right, and their preconditions (GUARDS) hold."""
    return [
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if request.state in sources
        and RIGHTS[action](user, request)
        and not (action == "approve" and _reviewed_by(request, user))
        and GUARDS.get(action, bool)(request)
    ]


def refusal(request: DisclosureRequest, action: str, user) -> str | None:
    """Why this user may not take this step now: their right, the request's state or four
    eyes, in the words the step would use; None when only a precondition (GUARDS) stands in
    the way, which the step function itself explains."""
    try:
        check(request, action, user)
    except TransitionError as error:
        return str(error)
    return None


def check(request: DisclosureRequest, action: str, user) -> None:
    """Refuse a step the user's role does not allow (for staff), or the state; the
    applicant (``user`` None) only ever reaches ``supplied`` and ``withdraw``, through
    the tracking page. The right comes first: a step that is not this user's to take is
    not theirs whatever the state."""
    if user is None:
        if action not in ("supplied", "withdraw"):
            raise TransitionError(_("Only staff may take this step."))
    elif not RIGHTS[action](user, request):
        raise TransitionError(
            _("You may not “%(action)s” this request.") % {"action": ACTION_LABELS[action]}
        )
    sources, _target = TRANSITIONS[action]
    if request.state not in sources:
        raise TransitionError(
            _("A request that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": request.get_state_display(), "action": ACTION_LABELS[action]}
        )
    if action == "approve" and _reviewed_by(request, user):
        raise TransitionError(
            _(
                "You passed this reply's legality review: another head of the office must "
                "approve it."
            )
        )


def locked(request: DisclosureRequest) -> DisclosureRequest:
    """The request re-read under a row lock: two officers never both move it."""
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def record(
    request: DisclosureRequest, action: str, user, fields: list[str], target=None, **data
) -> DisclosureRequest:
    target = target or TRANSITIONS[action][1]
    if target:
        request.state = target
        fields = [*fields, "state"]
    fields = [*fields, *set_deadline(request)]
    request.save(update_fields=sorted(set(fields)))
    log(instance=request, action=f"disclosure_requests.{action}", user=user, data=data)
    return request


def set_deadline(request: DisclosureRequest) -> list[str]:
    """The reply deadline as the request stands: none before receipt, while a supplement
    is awaited or a pause runs. A request that closed or was withdrawn keeps its last
    deadline, so the admin can say whether the reply came in time."""
    if request.state not in OPEN and request.state != S.SUBMITTED:
        return []
    deadline = clocks.deadline_of(request) if request.state in OPEN - {S.SUPPLEMENT} else None
    request.due_on = deadline.date if deadline else None
    request.due_provisional = bool(deadline and deadline.provisional)
    return ["due_on", "due_provisional"]


def on_or_before_today(day: datetime.date | None, what: str) -> datetime.date:
    day = day or today()
    if day > today():
        raise TransitionError(_("%(what)s cannot be a future day.") % {"what": what})
    return day


def required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionError(message)
    return text
