"""How a message is handled: every state change, who may make it, and its record.

::

    received ─accept→ accepted ─assign→ assigned ─answer→ answered ─approve→ published
        │                 │                 ↺ transfer (转办), extend (延期, once)   │
        └──reject / spam──┘                 ←──────── return_reply ─────────┘       │
                                            ←──── reopen (重办, once, after 不满意) ──┤
                                                                          hide ─→ hidden

Each function checks the state and the user's right, changes the message, and writes
Wagtail's audit log; an illegal step raises ``TransitionError`` with a Chinese message
and changes nothing. Views and tasks call these functions, never set ``state`` themselves.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.log_actions import log

from cms.plugin_api import (
    PublicationStamp,
    add_working_days,
    division_ids,
    redo_deadlines,
    today,
)
from plugins.messageboard import conf
from plugins.messageboard.models import Message, Reply

S = Message.State

# action → (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "accept": (frozenset({S.RECEIVED}), S.ACCEPTED),
    "assign": (frozenset({S.ACCEPTED}), S.ASSIGNED),
    "reject": (frozenset({S.RECEIVED, S.ACCEPTED}), S.REJECTED),
    "spam": (frozenset({S.RECEIVED, S.ACCEPTED}), S.SPAM),
    "transfer": (frozenset({S.ASSIGNED}), S.ASSIGNED),
    "extend": (frozenset({S.ASSIGNED, S.ANSWERED}), None),  # the state stays
    "answer": (frozenset({S.ASSIGNED}), S.ANSWERED),
    "return_reply": (frozenset({S.ANSWERED}), S.ASSIGNED),
    "approve": (frozenset({S.ANSWERED}), S.PUBLISHED),
    "hide": (frozenset({S.PUBLISHED}), S.HIDDEN),
    "reopen": (frozenset({S.PUBLISHED}), S.ASSIGNED),
}
# States in which the division owes a reply: the deadline runs.
OPEN = frozenset({S.ACCEPTED, S.ASSIGNED, S.ANSWERED})

ACTION_LABELS = {
    "accept": gettext_lazy("accept"),
    "assign": gettext_lazy("assign"),
    "reject": gettext_lazy("reject"),
    "spam": gettext_lazy("mark as spam"),
    "transfer": gettext_lazy("transfer"),
    "extend": gettext_lazy("extend the deadline"),
    "answer": gettext_lazy("reply"),
    "return_reply": gettext_lazy("return the reply"),
    "approve": pgettext_lazy("message board", "approve the reply"),
    "hide": gettext_lazy("hide"),
    "reopen": gettext_lazy("reopen"),
    "rate": gettext_lazy("rate"),
}


class TransitionError(Exception):
    """A step the message's state or the user's role does not allow; the text says why."""


# ---- who may act ----------------------------------------------------------------------


def is_moderator(user, message: Message | None = None) -> bool:
    return user.has_perm("messageboard.moderate_message")


def may_use_board(user) -> bool:
    """Moderators, and anyone who works for a drafting division, use the board's admin."""
    return (
        is_moderator(user) or user.has_perm("messageboard.view_message") or bool(division_ids(user))
    )


def handled_divisions(user) -> set[int] | None:
    """Whose messages this user sees and acts on: the ids of those divisions, or None for
    every division's. The one rule of the inbox, the reply approval and the dashboard:
    moderators and superusers see every message; a division head (处室负责人) bound to no
    division heads every division, as in the bundle review; anyone else sees their own
    divisions' messages only (none when bound to none)."""
    if user.is_superuser or is_moderator(user):
        return None
    divisions = division_ids(user)
    if divisions is None:
        return None if user.has_perm("messageboard.approve_reply") else set()
    return divisions


def works_for(user, message: Message) -> bool:
    """Whether the user belongs to the division the message is assigned to."""
    divisions = division_ids(user)
    if divisions is None:  # bound to no division: a superuser or a site-wide role
        return user.is_superuser
    return message.division_id in divisions


def heads(user, message: Message) -> bool:
    """Whether the user heads (处室负责人) the message's division: a head approves the
    replies of the divisions whose messages they see (``handled_divisions``)."""
    if not user.has_perm("messageboard.approve_reply"):
        return False
    divisions = handled_divisions(user)
    return divisions is None or message.division_id in divisions


RIGHTS = {
    "accept": is_moderator,
    "assign": is_moderator,
    "reject": is_moderator,
    "spam": is_moderator,
    "hide": is_moderator,
    "reopen": is_moderator,
    "transfer": lambda user, message: is_moderator(user) or works_for(user, message),
    "answer": works_for,
    "extend": heads,
    "return_reply": heads,
    "approve": heads,
}


def allowed_actions(message: Message, user) -> list[str]:
    """The steps this user may take on this message now (the admin shows these)."""
    return [
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if message.state in sources and RIGHTS[action](user, message)
    ]


def _check(message: Message, action: str, user) -> None:
    sources, _target = TRANSITIONS[action]
    if message.state not in sources:
        raise TransitionError(
            _("A message that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": message.get_state_display(), "action": ACTION_LABELS[action]}
        )
    if user is not None and not RIGHTS[action](user, message):
        raise TransitionError(
            _("You may not “%(action)s” this message.") % {"action": ACTION_LABELS[action]}
        )


def _locked(message: Message) -> Message:
    """The message re-read under a row lock: two moderators never both move it."""
    return Message.objects.select_for_update().get(pk=message.pk)


def _record(message: Message, action: str, user, fields: list[str], **data) -> Message:
    target = TRANSITIONS.get(action, (None, None))[1]
    if target:
        message.state = target
        fields = [*fields, "state"]
    message.save(update_fields=fields)
    log(instance=message, action=f"messageboard.{action}", user=user, data=data)
    return message


def _start_clock(message: Message, start) -> list[str]:
    message.clock_from = start
    return ["clock_from", *_set_deadline(message)]


def _set_deadline(message: Message) -> list[str]:
    """The reply deadline in working days from the clock's start, extension included."""
    days = conf.get("MESSAGEBOARD_REPLY_DAYS") + message.extended_days
    deadline = add_working_days(message.clock_from, days)
    message.due_on, message.due_provisional = deadline.date, deadline.provisional
    return ["due_on", "due_provisional"]


# ---- the steps ------------------------------------------------------------------------


@transaction.atomic
def accept(message: Message, user, division=None) -> Message:
    """受理: the deadline starts; with a division (by default the policy's drafting
    division) the message is assigned to it at once."""
    message = _locked(message)
    _check(message, "accept", user)
    message.accepted_on = today()
    fields = ["accepted_on", *_start_clock(message, message.accepted_on)]
    _record(message, "accept", user, fields, due_on=message.due_on.isoformat())
    division = division or (message.policy.division if message.policy_id else None)
    if division is not None:
        assign(message, user, division)
    return Message.objects.get(pk=message.pk)


@transaction.atomic
def assign(message: Message, user, division) -> Message:
    """交办: the division that must answer."""
    message = _locked(message)
    _check(message, "assign", user)
    message.division = division
    return _record(message, "assign", user, ["division"], division=str(division))


@transaction.atomic
def reject(message: Message, user, reason: str, note: str = "") -> Message:
    """不予受理, with a reason the asker sees through the tracking code."""
    message = _locked(message)
    _check(message, "reject", user)
    if reason not in Message.RejectReason.values:
        raise TransitionError(_("Choose a reason for the rejection."))
    if reason == Message.RejectReason.OTHER and not note.strip():
        raise TransitionError(_("Say why the message is rejected."))
    message.reject_reason, message.reject_note = reason, note.strip()[:200]
    fields = ["reject_reason", "reject_note"]
    return _record(message, "reject", user, fields, reason=reason, note=message.reject_note)


@transaction.atomic
def mark_spam(message: Message, user) -> Message:
    message = _locked(message)
    _check(message, "spam", user)
    return _record(message, "spam", user, [])


@transaction.atomic
def transfer(message: Message, user, division, reason: str) -> Message:
    """转办: another division must answer; the deadline keeps running."""
    message = _locked(message)
    _check(message, "transfer", user)
    if not reason.strip():
        raise TransitionError(_("Say why the message is transferred."))
    if division.pk == message.division_id:
        raise TransitionError(_("The message is already with this division."))
    before = str(message.division)
    message.division = division
    return _record(
        message, "transfer", user, ["division"], reason=reason, before=before, to=str(division)
    )


@transaction.atomic
def extend(message: Message, user, days: int, reason: str) -> Message:
    """延期: once, by at most MESSAGEBOARD_MAX_EXTENSION_DAYS working days, approved by the
    division head."""
    message = _locked(message)
    _check(message, "extend", user)
    limit = conf.get("MESSAGEBOARD_MAX_EXTENSION_DAYS")
    if message.extended_days:
        raise TransitionError(_("The deadline of this message was extended once already."))
    if not 1 <= days <= limit:
        raise TransitionError(_("An extension is 1 to %(limit)d working days.") % {"limit": limit})
    if not reason.strip():
        raise TransitionError(_("Say why the deadline is extended."))
    message.extended_days = days
    fields = ["extended_days", *_set_deadline(message)]
    return _record(
        message, "extend", user, fields, days=days, reason=reason, due_on=str(message.due_on)
    )


@transaction.atomic
def answer(message: Message, user, text: str) -> Reply:
    """答复: the division's reply, waiting for its head's approval."""
    message = _locked(message)
    _check(message, "answer", user)
    if not text.strip():
        raise TransitionError(_("The reply is empty."))
    reply = Reply.objects.create(
        message=message, text=text.strip(), author=user, division=message.division
    )
    _record(message, "answer", user, [], reply=reply.pk)
    return reply


def _submitted_reply(message: Message) -> Reply:
    return message.replies.filter(state=Reply.State.SUBMITTED).latest("created_at")


@transaction.atomic
def return_reply(message: Message, user, note: str) -> Message:
    """The head sends the reply back to be rewritten."""
    message = _locked(message)
    _check(message, "return_reply", user)
    reply = _submitted_reply(message)
    reply.state, reply.return_note = Reply.State.RETURNED, note.strip()[:200]
    reply.save(update_fields=["state", "return_note"])
    return _record(message, "return_reply", user, [], reply=reply.pk, note=reply.return_note)


@transaction.atomic
def approve(message: Message, user) -> Message:
    """The head approves the reply: message and reply are published together."""
    message = _locked(message)
    _check(message, "approve", user)
    now = timezone.now()
    reply = _submitted_reply(message)
    reply.state, reply.approved_by, reply.approved_at = Reply.State.APPROVED, user, now
    reply.save(update_fields=["state", "approved_by", "approved_at"])
    message.answered_at = message.answered_at or now
    message.published_at = message.published_at or now
    _record(message, "approve", user, ["answered_at", "published_at"], reply=reply.pk)
    PublicationStamp.bump()  # the policy's message count and lists change
    return message


@transaction.atomic
def hide(message: Message, user, reason: str = "") -> Message:
    """A published message leaves the public site, and its replies with it."""
    message = _locked(message)
    _check(message, "hide", user)
    _record(message, "hide", user, [], reason=reason)
    PublicationStamp.bump()
    return message


@transaction.atomic
def reopen(message: Message, user) -> Message:
    """重办: once, after the asker was unsatisfied, the division answers again with a new
    deadline; the published reply stays until the new one is approved."""
    message = _locked(message)
    _check(message, "reopen", user)
    if message.rating != Message.Rating.UNSATISFIED:
        raise TransitionError(_("Only a message whose asker was unsatisfied can be reopened."))
    if message.reopened:
        raise TransitionError(_("This message was reopened once already."))
    message.reopened, message.extended_days = True, 0
    fields = ["reopened", "extended_days", *_start_clock(message, today())]
    _record(message, "reopen", user, fields, due_on=str(message.due_on))
    PublicationStamp.bump()  # its reply may change; cached lists must not keep the old
    return message


@transaction.atomic
def rate(message: Message, rating: str) -> Message:
    """The asker's rating of the published reply, through the tracking code, once."""
    message = _locked(message)
    if message.state != S.PUBLISHED:
        raise TransitionError(_("Only a published reply can be rated."))
    if message.rating:
        raise TransitionError(_("This reply was rated already."))
    if rating not in Message.Rating.values:
        raise TransitionError(_("Unknown rating."))
    message.rating, message.rated_at = rating, timezone.now()
    message.save(update_fields=["rating", "rated_at"])
    log(instance=message, action="messageboard.rate", user=None, data={"rating": rating})
    return message


def recompute_deadlines(years: list[int]) -> int:
    """Deadlines of open messages that a change of those years' calendar may move."""
    if not years:
        return 0
    touched = Message.objects.filter(
        state__in=OPEN,
        clock_from__year__lte=max(years),
        due_on__year__gte=min(years),
    )
    return redo_deadlines(touched, _set_deadline)
