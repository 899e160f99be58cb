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

Each function checks the state and the user's right (the table, the guards and the rights
are in ``machine.py``), changes the request, recomputes its deadline and writes Wagtail's
audit log; an illegal step raises ``TransitionError`` with a
Chinese message and changes nothing. Views, the API and tasks call these functions, never
set ``state`` themselves.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.plugin_api import redo_deadlines, today
from plugins.disclosure_requests import clocks, conf, fees, letters, outcomes
from plugins.disclosure_requests.machine import (
    ACTION_LABELS,
    OPEN,
    TRANSITIONS,
    S,
    TransitionError,
    allowed_actions,
    check,
    is_office,
    locked,
    on_or_before_today,
    record,
    refusal,
    required,
    set_deadline,
    supplement_ask_limit,
    works_for,
)
from plugins.disclosure_requests.models import (
    ClockPause,
    DisclosureRequest,
    FeeNotice,
    ReplyLetter,
    Supplement,
)
from plugins.disclosure_requests.outcomes import Outcome

# What callers take from here besides the steps: the machine's table, rights and error.
__all__ = [
    "ACTION_LABELS",
    "OPEN",
    "TRANSITIONS",
    "TransitionError",
    "allowed_actions",
    "is_office",
    "refusal",
    "works_for",
]


# ---- arrival --------------------------------------------------------------------------


@transaction.atomic
def confirm(request: DisclosureRequest, user, received_on=None, division=None):
    """确认收到 (art. 31): the receipt date starts the clock. For a letter it is the day the
    agency signed for it, so an earlier day may be given, never one before it arrived."""
    request = locked(request)
    check(request, "confirm", user)
    received_on = on_or_before_today(received_on, _("The receipt date"))
    if received_on < timezone.localdate(request.submitted_at):
        raise TransitionError(_("The receipt date cannot be before the request was submitted."))
    request.received_on = request.clock_from = received_on
    record(request, "confirm", user, ["received_on", "clock_from"], received_on=str(received_on))
    if division is not None:
        return assign(request, user, division)
    return request


@transaction.atomic
def discard(request: DisclosureRequest, user, reason: str):
    """Not an application (empty, abusive, a robot's): kept, never counted."""
    request = locked(request)
    check(request, "discard", user)
    reason = required(reason, _("Say why this is not an application."))
    return record(request, "discard", user, [], reason=reason)


@transaction.atomic
def merge(request: DisclosureRequest, user, into: DisclosureRequest):
    """The same applicant sent the same request twice: the copy joins the first and is
    never counted on its own."""
    request = locked(request)
    check(request, "merge", user)
    if into.pk == request.pk or into.state in (S.MERGED, S.DISCARDED):
        raise TransitionError(_("Choose another request to merge into."))
    if into.applicant_key != request.applicant_key:
        raise TransitionError(_("Only requests of the same applicant can be merged."))
    request.merged_into = into
    return record(request, "merge", user, ["merged_into"], into=into.reference)


# ---- supplement (补正, art. 30) --------------------------------------------------------


@transaction.atomic
def ask_supplement(request: DisclosureRequest, user, text: str):
    """Once, within the working days allowed from receipt; the clock stops until the
    supplement arrives, then starts again from that day."""
    request = locked(request)
    check(request, "ask_supplement", user)
    text = required(text, _("Say what the applicant must supplement."))
    if Supplement.objects.filter(request=request).exists():
        raise TransitionError(_("A supplement may be asked for once only."))
    limit = supplement_ask_limit(request)
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
    return record(request, "ask_supplement", user, [], due_on=str(due.date))


@transaction.atomic
def supplied(request: DisclosureRequest, user, answer: str, answered_on=None):
    """The supplement arrived (through the tracking page, or recorded by the office): the
    reply clock starts again from that day with its full length."""
    request = locked(request)
    check(request, "supplied", user)
    answer = required(answer, _("The supplement is empty."))
    answered_on = on_or_before_today(answered_on, _("The day the supplement arrived"))
    supplement = request.supplement
    if answered_on < supplement.asked_on:
        raise TransitionError(_("The supplement cannot have arrived before it was asked for."))
    supplement.answer, supplement.answered_on = answer, answered_on
    supplement.save(update_fields=["answer", "answered_on"])
    request.clock_from = answered_on
    target = S.ASSIGNED if request.division_id else S.RECEIVED
    return record(request, "supplied", user, ["clock_from"], target=target, on=str(answered_on))


@transaction.atomic
def abandon(request: DisclosureRequest, user):
    """视为放弃: no supplement within the period given; the reply says the request is no
    longer processed (其他处理)."""
    request = locked(request)
    check(request, "abandon", user)
    if today() <= request.supplement.due_on:
        raise TransitionError(
            _("The applicant has until %(date)s to supplement.")
            % {"date": request.supplement.due_on}
        )
    _write_letter(
        request, user, Outcome.OTHER_UNSUPPLEMENTED, _default_text(Outcome.OTHER_UNSUPPLEMENTED)
    )
    return record(request, "abandon", user, [])


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
    request = locked(request)
    check(request, "assign", user)
    request.division = division
    request.division_due_on = _division_due(request, due_on)
    fields = ["division", "division_due_on"]
    return record(
        request, "assign", user, fields, division=str(division), due_on=str(request.division_due_on)
    )


@transaction.atomic
def reassign(request: DisclosureRequest, user, division, reason: str, due_on=None):
    """Another division holds the information; the reply clock keeps running."""
    request = locked(request)
    check(request, "reassign", user)
    reason = required(reason, _("Say why the request goes to another division."))
    if division.pk == request.division_id:
        raise TransitionError(_("The request is already with this division."))
    division_due = _division_due(request, due_on)
    before = request.division
    request.former_divisions.add(before)
    request.division = division
    request.division_due_on = division_due
    fields = ["division", "division_due_on"]
    return record(
        request, "reassign", user, fields, before=str(before), to=str(division), reason=reason
    )


@transaction.atomic
def consult(request: DisclosureRequest, user, party: str, note: str = ""):
    """征求第三方意见 (art. 32): the third party has its working days; that time is not
    counted in the reply clock."""
    request = locked(request)
    check(request, "consult", user)
    party = required(party, _("Name the third party."))
    due = clocks.working_days_after(today(), conf.get("DISCLOSURE_THIRD_PARTY_DAYS"))
    ClockPause.objects.create(
        request=request,
        kind=ClockPause.Kind.THIRD_PARTY,
        started_on=today(),
        party=party,
        note=note.strip(),
        due_on=due.date,
    )
    return record(request, "consult", user, [], party=party, due_on=str(due.date))


def _open_pause(request: DisclosureRequest, kind: str) -> ClockPause:
    return request.pauses.get(kind=kind, ended_on__isnull=True)


@transaction.atomic
def consulted(request: DisclosureRequest, user, opinion: str = "", on=None):
    """The third party answered (or its time ran out): the clock runs again."""
    request = locked(request)
    check(request, "consulted", user)
    pause = _open_pause(request, ClockPause.Kind.THIRD_PARTY)
    pause.ended_on = on_or_before_today(on, _("The day of the opinion"))
    if pause.ended_on < pause.started_on:
        raise TransitionError(_("The opinion cannot have come before it was asked for."))
    pause.note = "\n".join(filter(None, [pause.note, opinion.strip()]))
    pause.save(update_fields=["ended_on", "note"])
    return record(request, "consulted", user, [], on=str(pause.ended_on))


@transaction.atomic
def notify_fee(request: DisclosureRequest, user, basis: str, pages: int | None = None):
    """收费通知: by count (this applicant's n-th application this month) or by pages,
    never both; the clock stops until the fee is paid."""
    request = locked(request)
    check(request, "notify_fee", user)
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
    return record(request, "notify_fee", user, [], basis=basis, units=units, amount=str(amount))


@transaction.atomic
def fee_paid(request: DisclosureRequest, user, paid_on=None):
    request = locked(request)
    check(request, "fee_paid", user)
    paid_on = on_or_before_today(paid_on, _("The day of payment"))
    fee = request.fee
    if paid_on < fee.notified_on:
        raise TransitionError(_("The fee cannot have been paid before it was notified."))
    fee.paid_on = paid_on
    fee.save(update_fields=["paid_on"])
    pause = _open_pause(request, ClockPause.Kind.FEE)
    pause.ended_on = paid_on
    pause.save(update_fields=["ended_on"])
    return record(request, "fee_paid", user, [], on=str(paid_on))


@transaction.atomic
def fee_unpaid(request: DisclosureRequest, user):
    """Not paid in time: the reply says the request is no longer processed (其他处理)."""
    request = locked(request)
    check(request, "fee_unpaid", user)
    if today() <= request.fee.pay_by:
        raise TransitionError(
            _("The applicant has until %(date)s to pay.") % {"date": request.fee.pay_by}
        )
    pause = _open_pause(request, ClockPause.Kind.FEE)
    pause.ended_on = today()
    pause.save(update_fields=["ended_on"])
    _write_letter(request, user, Outcome.OTHER_UNPAID, _default_text(Outcome.OTHER_UNPAID))
    return record(request, "fee_unpaid", user, [])


@transaction.atomic
def extend(request: DisclosureRequest, user, days: int, reason: str):
    """延期 (art. 33): once, at most the allowed working days, approved by the head of
    the office and notified before the original deadline passes."""
    request = locked(request)
    check(request, "extend", user)
    limit = conf.get("DISCLOSURE_MAX_EXTENSION_DAYS")
    if request.extended_days:
        raise TransitionError(_("The deadline of this request was extended once already."))
    if not isinstance(days, int) or not 1 <= days <= limit:
        raise TransitionError(_("An extension is 1 to %(limit)d working days.") % {"limit": limit})
    reason = required(reason, _("Say why the deadline is extended."))
    if request.due_on and today() > request.due_on:
        raise TransitionError(
            _("The deadline %(date)s has passed: an extension must be notified before it.")
            % {"date": request.due_on}
        )
    request.extended_days, request.extension_reason = days, reason[:300]
    fields = ["extended_days", "extension_reason"]
    return record(request, "extend", user, fields, days=days, reason=reason)


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
    request = locked(request)
    check(request, "draft", user)
    if outcome not in outcomes.CHOSEN:
        raise TransitionError(_("Choose the outcome of the reply."))
    text = required(text, _("The reply is empty."))
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
    return record(request, "draft", user, fields, outcome=outcome)


@transaction.atomic
def return_reply(request: DisclosureRequest, user, note: str):
    """The office sends the draft back to the division to be rewritten."""
    request = locked(request)
    check(request, "return_reply", user)
    note = required(note, _("Say what must change."))
    return record(request, "return_reply", user, [], note=note)


@transaction.atomic
def review(request: DisclosureRequest, user, text: str | None = None):
    """合法性审查: the office checks the draft, and may correct its text."""
    request = locked(request)
    check(request, "review", user)
    letter = request.letter
    if text is not None:
        letter.text = required(text, _("The reply is empty."))
    letter.reviewed_by, letter.reviewed_at = user, timezone.now()
    letter.save(update_fields=["text", "reviewed_by", "reviewed_at"])
    return record(request, "review", user, [])


def next_serial(agency, year: int) -> int:
    """The next letter number of an agency's year (the caller holds the request's lock)."""
    last = ReplyLetter.objects.filter(agency=agency, year=year).aggregate(Max("serial"))
    return (last["serial__max"] or 0) + 1


@transaction.atomic
def approve(request: DisclosureRequest, user, text: str | None = None):
    """The head of the office approves: the letter gets its number, e.g. 〔2026〕第12号,
    and its Word file (``letters.issue``); a template that cannot be rendered raises
    ``WordTemplateError`` and nothing is approved."""
    request = locked(request)
    check(request, "approve", user)
    letter = request.letter
    if text is not None:
        letter.text = required(text, _("The reply is empty."))
    letter.approved_by, letter.approved_at = user, timezone.now()
    letter.agency_id, letter.year = request.agency_id, today().year
    letter.serial = next_serial(request.agency_id, letter.year)
    letter.save()
    # The Word file served is rendered now; a template error refuses the approval.
    letters.issue(letter)
    return record(request, "approve", user, [], number=letter.number)


@transaction.atomic
def send(request: DisclosureRequest, user, way: str, sent_on=None):
    """送达: the day and the way the letter reached the applicant; the request is closed
    and counted under its outcome in that day's year."""
    request = locked(request)
    check(request, "send", user)
    way = required(way, _("Say how the letter was served."))
    sent_on = on_or_before_today(sent_on, _("The day of service"))
    letter = request.letter
    if sent_on < timezone.localdate(letter.approved_at):
        raise TransitionError(_("The letter cannot have been served before it was approved."))
    letter.sent_on, letter.sent_way = sent_on, way[:100]
    letter.save(update_fields=["sent_on", "sent_way"])
    request.outcome, request.closed_on = letter.outcome, sent_on
    fields = ["outcome", "closed_on"]
    return record(request, "send", user, fields, on=str(sent_on), way=way, outcome=letter.outcome)


@transaction.atomic
def withdraw(request: DisclosureRequest, user, reason: str = ""):
    """The applicant withdraws (through the tracking page, or by telling the office): a
    request already received is counted as handled under 其他处理·其他."""
    request = locked(request)
    check(request, "withdraw", user)
    fields = []
    if request.received_on:
        request.outcome, request.closed_on = Outcome.OTHER, today()
        fields = ["outcome", "closed_on"]
    return record(request, "withdraw", user, fields, reason=reason.strip()[:300])


def recompute_deadlines(years: list[int]) -> int:
    """Deadlines of open requests that a change of those years' calendar may move."""
    if not years:
        return 0
    touched = DisclosureRequest.objects.filter(
        state__in=OPEN, clock_from__year__lte=max(years)
    ).exclude(due_on__year__lt=min(years))
    return redo_deadlines(touched, set_deadline)
