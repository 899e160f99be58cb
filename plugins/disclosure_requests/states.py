"""How a request is handled: every state change, who may make it, and its record
(docs/domain.md §7).

::

    submitted ─confirm→ received ─assign→ assigned ─draft→ drafted ─review→ reviewed
      │ discard, merge    │                   │ ⇄ consult / consulted (third_party)   │
      │                   │                   │ ⇄ notify_fee / fee_paid (fee)        approve
      │                   ask_supplement ↓    fee ─fee_unpaid→ drafted (其他处理)     ↓
      │                   supplement ─supplied→ received or assigned        approved ─send→ closed
      │                   supplement ─abandon→ drafted (其他处理)
      └──── withdraw (by the applicant, from any open state) ────→ withdrawn
    return_reply: drafted or reviewed → assigned;  extend: once, any open state, state kept

Each function checks the state and the user's right, changes the request, recomputes its
deadline and writes Wagtail's audit log; an illegal step raises ``TransitionError`` with a
Chinese message and changes nothing. Views, the API and tasks call these functions, never
set ``state`` themselves.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from cms.plugin_api import division_ids, today
from plugins.disclosure_requests import clocks, conf, fees, letters, outcomes
from plugins.disclosure_requests.models import (
    ClockPause,
    DisclosureRequest,
    FeeNotice,
    ReplyLetter,
    Supplement,
)
from plugins.disclosure_requests.outcomes import Outcome

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


# ---- what the request allows -----------------------------------------------------------
# Preconditions beyond the state, so the admin never offers a step that can only fail. Each
# step function checks them again and says why (the period still runs, once only, ...).


def _supplement_may_be_asked(request: DisclosureRequest) -> bool:
    if Supplement.objects.filter(request=request).exists() or not request.received_on:
        return False
    return today() <= _supplement_ask_limit(request).date


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
        _check(request, action, user)
    except TransitionError as error:
        return str(error)
    return None


def _check(request: DisclosureRequest, action: str, user) -> None:
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


def _locked(request: DisclosureRequest) -> DisclosureRequest:
    """The request re-read under a row lock: two officers never both move it."""
    return DisclosureRequest.objects.select_for_update().get(pk=request.pk)


def _record(
    request: DisclosureRequest, action: str, user, fields: list[str], target=None, **data
) -> DisclosureRequest:
    target = target or TRANSITIONS[action][1]
    if target:
        request.state = target
        fields = [*fields, "state"]
    fields = [*fields, *_set_deadline(request)]
    request.save(update_fields=sorted(set(fields)))
    log(instance=request, action=f"disclosure_requests.{action}", user=user, data=data)
    return request


def _set_deadline(request: DisclosureRequest) -> list[str]:
    """The reply deadline as the request stands: none before receipt, while a supplement
    is awaited or a pause runs. A request that closed or was withdrawn keeps its last
    deadline, so the admin can say whether the reply came in time."""
    if request.state not in OPEN and request.state != S.SUBMITTED:
        return []
    deadline = clocks.deadline_of(request) if request.state in OPEN - {S.SUPPLEMENT} else None
    request.due_on = deadline.date if deadline else None
    request.due_provisional = bool(deadline and deadline.provisional)
    return ["due_on", "due_provisional"]


def _on_or_before_today(day: datetime.date | None, what: str) -> datetime.date:
    day = day or today()
    if day > today():
        raise TransitionError(_("%(what)s cannot be a future day.") % {"what": what})
    return day


def _required(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise TransitionError(message)
    return text


# ---- arrival --------------------------------------------------------------------------


@transaction.atomic
def confirm(request: DisclosureRequest, user, received_on=None, division=None):
    """确认收到 (art. 31): the receipt date starts the clock. For a letter it is the day the
    agency signed for it, so an earlier day may be given, never one before it arrived."""
    request = _locked(request)
    _check(request, "confirm", user)
    received_on = _on_or_before_today(received_on, _("The receipt date"))
    if received_on < timezone.localdate(request.submitted_at):
        raise TransitionError(_("The receipt date cannot be before the request was submitted."))
    request.received_on = request.clock_from = received_on
    _record(request, "confirm", user, ["received_on", "clock_from"], received_on=str(received_on))
    if division is not None:
        return assign(request, user, division)
    return request


@transaction.atomic
def discard(request: DisclosureRequest, user, reason: str):
    """Not an application (empty, abusive, a robot's): kept, never counted."""
    request = _locked(request)
    _check(request, "discard", user)
    reason = _required(reason, _("Say why this is not an application."))
    return _record(request, "discard", user, [], reason=reason)


@transaction.atomic
def merge(request: DisclosureRequest, user, into: DisclosureRequest):
    """The same applicant sent the same request twice: the copy joins the first and is
    never counted on its own."""
    request = _locked(request)
    _check(request, "merge", user)
    if into.pk == request.pk or into.state in (S.MERGED, S.DISCARDED):
        raise TransitionError(_("Choose another request to merge into."))
    if into.applicant_key != request.applicant_key:
        raise TransitionError(_("Only requests of the same applicant can be merged."))
    request.merged_into = into
    return _record(request, "merge", user, ["merged_into"], into=into.reference)


# ---- supplement (补正, art. 30) --------------------------------------------------------


def _supplement_ask_limit(request: DisclosureRequest):
    """The last day a supplement may be asked for: working days from receipt."""
    return clocks.working_days_after(
        request.received_on, conf.get("DISCLOSURE_SUPPLEMENT_ASK_DAYS")
    )


@transaction.atomic
def ask_supplement(request: DisclosureRequest, user, text: str):
    """Once, within the working days allowed from receipt; the clock stops until the
    supplement arrives, then starts again from that day."""
    request = _locked(request)
    _check(request, "ask_supplement", user)
    text = _required(text, _("Say what the applicant must supplement."))
    if Supplement.objects.filter(request=request).exists():
        raise TransitionError(_("A supplement may be asked for once only."))
    limit = _supplement_ask_limit(request)
    if today() > limit.date:
        raise TransitionError(
            _(
                "A supplement must be asked for by %(date)s, within %(days)d working days of "
                "receipt."
            )
            % {"date": limit.date, "days": conf.get("DISCLOSURE_SUPPLEMENT_ASK_DAYS")}
        )
    due = clocks.working_days_after(today(), conf.get("DISCLOSURE_SUPPLEMENT_PERIOD_DAYS"))
    Supplement.objects.create(request=request, asked_on=today(), asked_text=text, due_on=due.date)
    return _record(request, "ask_supplement", user, [], due_on=str(due.date))


@transaction.atomic
def supplied(request: DisclosureRequest, user, answer: str, answered_on=None):
    """The supplement arrived (through the tracking page, or recorded by the office): the
    reply clock starts again from that day with its full length."""
    request = _locked(request)
    _check(request, "supplied", user)
    answer = _required(answer, _("The supplement is empty."))
    answered_on = _on_or_before_today(answered_on, _("The day the supplement arrived"))
    supplement = request.supplement
    if answered_on < supplement.asked_on:
        raise TransitionError(_("The supplement cannot have arrived before it was asked for."))
    supplement.answer, supplement.answered_on = answer, answered_on
    supplement.save(update_fields=["answer", "answered_on"])
    request.clock_from = answered_on
    target = S.ASSIGNED if request.division_id else S.RECEIVED
    return _record(request, "supplied", user, ["clock_from"], target=target, on=str(answered_on))


@transaction.atomic
def abandon(request: DisclosureRequest, user):
    """视为放弃: no supplement within the period given; the reply says the request is no
    longer processed (其他处理)."""
    request = _locked(request)
    _check(request, "abandon", user)
    if today() <= request.supplement.due_on:
        raise TransitionError(
            _("The applicant has until %(date)s to supplement.")
            % {"date": request.supplement.due_on}
        )
    _write_letter(
        request, user, Outcome.OTHER_UNSUPPLEMENTED, _default_text(Outcome.OTHER_UNSUPPLEMENTED)
    )
    return _record(request, "abandon", user, [])


# ---- with the division -----------------------------------------------------------------


def _division_due(request: DisclosureRequest, due_on: datetime.date | None = None) -> datetime.date:
    """The division's own deadline: the day given, or its working days from today; never
    after the reply's (a day given after it is refused)."""
    if due_on is not None:
        if request.due_on and due_on > request.due_on:
            raise TransitionError(
                _("The division's deadline cannot be after the reply deadline %(date)s.")
                % {"date": request.due_on}
            )
        return due_on
    own = clocks.working_days_after(today(), conf.get("DISCLOSURE_DIVISION_DAYS")).date
    return min(own, request.due_on) if request.due_on else own


@transaction.atomic
def assign(request: DisclosureRequest, user, division, due_on=None):
    """交办: the division that holds the information drafts the reply by its deadline."""
    request = _locked(request)
    _check(request, "assign", user)
    request.division = division
    request.division_due_on = _division_due(request, due_on)
    fields = ["division", "division_due_on"]
    return _record(
        request, "assign", user, fields, division=str(division), due_on=str(request.division_due_on)
    )


@transaction.atomic
def reassign(request: DisclosureRequest, user, division, reason: str, due_on=None):
    """Another division holds the information; the reply clock keeps running."""
    request = _locked(request)
    _check(request, "reassign", user)
    reason = _required(reason, _("Say why the request goes to another division."))
    if division.pk == request.division_id:
        raise TransitionError(_("The request is already with this division."))
    division_due = _division_due(request, due_on)
    before = request.division
    request.former_divisions.add(before)
    request.division = division
    request.division_due_on = division_due
    fields = ["division", "division_due_on"]
    return _record(
        request, "reassign", user, fields, before=str(before), to=str(division), reason=reason
    )


@transaction.atomic
def consult(request: DisclosureRequest, user, party: str, note: str = ""):
    """征求第三方意见 (art. 32): the third party has its working days; that time is not
    counted in the reply clock."""
    request = _locked(request)
    _check(request, "consult", user)
    party = _required(party, _("Name the third party."))
    due = clocks.working_days_after(today(), conf.get("DISCLOSURE_THIRD_PARTY_DAYS"))
    ClockPause.objects.create(
        request=request,
        kind=ClockPause.Kind.THIRD_PARTY,
        started_on=today(),
        party=party,
        note=note.strip(),
        due_on=due.date,
    )
    return _record(request, "consult", user, [], party=party, due_on=str(due.date))


def _open_pause(request: DisclosureRequest, kind: str) -> ClockPause:
    return request.pauses.get(kind=kind, ended_on__isnull=True)


@transaction.atomic
def consulted(request: DisclosureRequest, user, opinion: str = "", on=None):
    """The third party answered (or its time ran out): the clock runs again."""
    request = _locked(request)
    _check(request, "consulted", user)
    pause = _open_pause(request, ClockPause.Kind.THIRD_PARTY)
    pause.ended_on = _on_or_before_today(on, _("The day of the opinion"))
    if pause.ended_on < pause.started_on:
        raise TransitionError(_("The opinion cannot have come before it was asked for."))
    pause.note = "\n".join(filter(None, [pause.note, opinion.strip()]))
    pause.save(update_fields=["ended_on", "note"])
    return _record(request, "consulted", user, [], on=str(pause.ended_on))


@transaction.atomic
def notify_fee(request: DisclosureRequest, user, basis: str, pages: int | None = None):
    """收费通知: by count (this applicant's n-th application this month) or by pages,
    never both; the clock stops until the fee is paid."""
    request = _locked(request)
    _check(request, "notify_fee", user)
    if hasattr(request, "fee"):
        raise TransitionError(_("A fee notice was sent for this request already."))
    if basis == FeeNotice.Basis.COUNT:
        units = fees.nth_application(request)
        amount = fees.count_fee(units)
    elif basis == FeeNotice.Basis.PAGES:
        if not pages or pages < 1:
            raise TransitionError(_("Give the number of pages."))
        units, amount = pages, fees.page_fee(pages)
    else:
        raise TransitionError(_("Choose how the fee is counted."))
    if amount <= 0:
        raise TransitionError(_("No fee is due: the request is within the free limit."))
    pay_by = clocks.working_days_after(today(), conf.get("DISCLOSURE_FEE_PAYMENT_DAYS")).date
    FeeNotice.objects.create(
        request=request, basis=basis, units=units, amount=amount, notified_on=today(), pay_by=pay_by
    )
    ClockPause.objects.create(
        request=request, kind=ClockPause.Kind.FEE, started_on=today(), due_on=pay_by
    )
    return _record(request, "notify_fee", user, [], basis=basis, units=units, amount=str(amount))


@transaction.atomic
def fee_paid(request: DisclosureRequest, user, paid_on=None):
    request = _locked(request)
    _check(request, "fee_paid", user)
    paid_on = _on_or_before_today(paid_on, _("The day of payment"))
    fee = request.fee
    if paid_on < fee.notified_on:
        raise TransitionError(_("The fee cannot have been paid before it was notified."))
    fee.paid_on = paid_on
    fee.save(update_fields=["paid_on"])
    pause = _open_pause(request, ClockPause.Kind.FEE)
    pause.ended_on = paid_on
    pause.save(update_fields=["ended_on"])
    return _record(request, "fee_paid", user, [], on=str(paid_on))


@transaction.atomic
def fee_unpaid(request: DisclosureRequest, user):
    """Not paid in time: the reply says the request is no longer processed (其他处理)."""
    request = _locked(request)
    _check(request, "fee_unpaid", user)
    if today() <= request.fee.pay_by:
        raise TransitionError(
            _("The applicant has until %(date)s to pay.") % {"date": request.fee.pay_by}
        )
    pause = _open_pause(request, ClockPause.Kind.FEE)
    pause.ended_on = today()
    pause.save(update_fields=["ended_on"])
    _write_letter(request, user, Outcome.OTHER_UNPAID, _default_text(Outcome.OTHER_UNPAID))
    return _record(request, "fee_unpaid", user, [])


@transaction.atomic
def extend(request: DisclosureRequest, user, days: int, reason: str):
    """延期 (art. 33): once, at most the allowed working days, approved by the head of
    the office and notified before the original deadline passes."""
    request = _locked(request)
    _check(request, "extend", user)
    limit = conf.get("DISCLOSURE_MAX_EXTENSION_DAYS")
    if request.extended_days:
        raise TransitionError(_("The deadline of this request was extended once already."))
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise TransitionError(_("An extension is 1 to %(limit)d working days.") % {"limit": limit})
    reason = _required(reason, _("Say why the deadline is extended."))
    if request.due_on and today() > request.due_on:
        raise TransitionError(
            _("The deadline %(date)s has passed: an extension must be notified before it.")
            % {"date": request.due_on}
        )
    request.extended_days, request.extension_reason = days, reason[:300]
    fields = ["extended_days", "extension_reason"]
    return _record(request, "extend", user, fields, days=days, reason=reason)


# ---- the reply --------------------------------------------------------------------------


def _default_text(outcome: str) -> str:
    """The letter's body for the outcomes that follow from a missed step."""
    if outcome == Outcome.OTHER_UNSUPPLEMENTED:
        return _(
            "You did not supplement your request within the period given without good "
            "reason; it is deemed abandoned and is no longer processed."
        )
    return _(
        "You did not pay the fee within the period given in the fee notice; your request "
        "is no longer processed."
    )


def _write_letter(request, user, outcome, text, **fields) -> ReplyLetter:
    letter, _created = ReplyLetter.objects.update_or_create(
        request=request,
        defaults={
            "outcome": outcome,
            "text": text,
            "drafted_by": user,
            "drafted_at": timezone.now(),
            "reviewed_by": None,
            "reviewed_at": None,
            "reason": fields.get("reason", ""),
            "responsible_agency": fields.get("responsible_agency", ""),
            "responsible_contact": fields.get("responsible_contact", ""),
        },
    )
    return letter


@transaction.atomic
def draft(
    request: DisclosureRequest,
    user,
    outcome: str,
    text: str,
    reason: str = "",
    responsible_agency: str = "",
    responsible_contact: str = "",
    earlier_request: DisclosureRequest | None = None,
):
    """The division's reply: its outcome (one of the report's rows), the letter's body, and
    what the outcome needs: a reason to withhold, the earlier request a repeat repeats."""
    request = _locked(request)
    _check(request, "draft", user)
    if outcome not in outcomes.CHOSEN:
        raise TransitionError(_("Choose the outcome of the reply."))
    text = _required(text, _("The reply is empty."))
    group = outcomes.group_of(outcome)
    if group in (outcomes.Group.WITHHELD, outcomes.Group.PARTLY) and not reason.strip():
        raise TransitionError(_("Give the reason for not disclosing."))
    fields = []
    if outcome == Outcome.NOT_PROCESSED_REPEAT:
        if earlier_request is None or earlier_request.pk == request.pk:
            raise TransitionError(_("A repeated application names the earlier request it repeats."))
        request.earlier_request = earlier_request
        fields.append("earlier_request")
    _write_letter(
        request,
        user,
        outcome,
        text,
        reason=reason.strip(),
        responsible_agency=responsible_agency.strip(),
        responsible_contact=responsible_contact.strip(),
    )
    return _record(request, "draft", user, fields, outcome=outcome)


@transaction.atomic
def return_reply(request: DisclosureRequest, user, note: str):
    """The office sends the draft back to the division to be rewritten."""
    request = _locked(request)
    _check(request, "return_reply", user)
    note = _required(note, _("Say what must change."))
    return _record(request, "return_reply", user, [], note=note)


@transaction.atomic
def review(request: DisclosureRequest, user, text: str | None = None):
    """合法性审查: the office checks the draft, and may correct its text."""
    request = _locked(request)
    _check(request, "review", user)
    letter = request.letter
    if text is not None:
        letter.text = _required(text, _("The reply is empty."))
    letter.reviewed_by, letter.reviewed_at = user, timezone.now()
    letter.save(update_fields=["text", "reviewed_by", "reviewed_at"])
    return _record(request, "review", user, [])


def next_serial(agency, year: int) -> int:
    """The next letter number of an agency's year (the caller holds the request's lock)."""
    last = ReplyLetter.objects.filter(agency=agency, year=year).aggregate(Max("serial"))
    return (last["serial__max"] or 0) + 1


@transaction.atomic
def approve(request: DisclosureRequest, user, text: str | None = None):
    """The head of the office approves: the letter gets its number, e.g. 〔2026〕第12号,
    and its Word file (``letters.issue``); a template that cannot be rendered raises
    ``WordTemplateError`` and nothing is approved."""
    request = _locked(request)
    _check(request, "approve", user)
    letter = request.letter
    if text is not None:
        letter.text = _required(text, _("The reply is empty."))
    letter.approved_by, letter.approved_at = user, timezone.now()
    letter.agency_id, letter.year = request.agency_id, today().year
    letter.serial = next_serial(request.agency_id, letter.year)
    letter.save()
    # The Word file served is rendered now; a template error refuses the approval.
    letters.issue(letter)
    return _record(request, "approve", user, [], number=letter.number)


@transaction.atomic
def send(request: DisclosureRequest, user, way: str, sent_on=None):
    """送达: the day and the way the letter reached the applicant; the request is closed
    and counted under its outcome in that day's year."""
    request = _locked(request)
    _check(request, "send", user)
    way = _required(way, _("Say how the letter was served."))
    sent_on = _on_or_before_today(sent_on, _("The day of service"))
    letter = request.letter
    if sent_on < timezone.localdate(letter.approved_at):
        raise TransitionError(_("The letter cannot have been served before it was approved."))
    letter.sent_on, letter.sent_way = sent_on, way[:100]
    letter.save(update_fields=["sent_on", "sent_way"])
    request.outcome, request.closed_on = letter.outcome, sent_on
    fields = ["outcome", "closed_on"]
    return _record(request, "send", user, fields, on=str(sent_on), way=way, outcome=letter.outcome)


@transaction.atomic
def withdraw(request: DisclosureRequest, user, reason: str = ""):
    """The applicant withdraws (through the tracking page, or by telling the office): a
    request already received is counted as handled under 其他处理·其他."""
    request = _locked(request)
    _check(request, "withdraw", user)
    fields = []
    if request.received_on:
        request.outcome, request.closed_on = Outcome.OTHER, today()
        fields = ["outcome", "closed_on"]
    return _record(request, "withdraw", user, fields, reason=reason.strip()[:300])


def recompute_deadlines(years: list[int]) -> int:
    """Deadlines of open requests that a change of those years' calendar may move."""
    if not years:
        return 0
    changed = 0
    touched = DisclosureRequest.objects.filter(
        state__in=OPEN, clock_from__year__lte=max(years)
    ).exclude(due_on__year__lt=min(years))
    for request in touched:
        before = (request.due_on, request.due_provisional)
        _set_deadline(request)
        if (request.due_on, request.due_provisional) != before:
            request.save(update_fields=["due_on", "due_provisional"])
            changed += 1
    return changed
