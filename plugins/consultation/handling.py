"""How the comments of a closed consultation are answered, and the feedback published:
every step, who may take it, and its record.

::

    (comments) ─answer→ draft ─submit→ submitted ─approve→ approved
                  ↑ revise ↺            │
                  └──── returned ←─return┘
    feedback: every accepted comment in an approved disposition ─publish→ published
    comment: held ─accept→ accepted;  held, accepted (unanswered) ─reject→ rejected (moderators)

The drafting division answers a comment, or a group of comments on the same point merged
into one disposition, with 采纳, 部分采纳, 不予采纳 (a reason required) or 已有规定/已体现
(where: the clause); its head (处室负责人) approves or returns each answer, then publishes the
feedback (意见采纳情况反馈), which is refused while any comment is unanswered or its answer
unapproved. Each function checks the state and the user's right, changes the records and
writes Wagtail's audit log; an illegal step raises ``HandlingError`` with a Chinese message
and changes nothing. Views and tasks call these functions, never set ``state`` themselves.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from wagtail.log_actions import log

from cms.plugin_api import (
    PublicationStamp,
    clean_text,
    division_ids,
    has_words,
    normalize_text,
    today,
)
from plugins.consultation import intake
from plugins.consultation.models import Comment, ConsultationPage, Disposition, Feedback, Phase

D = Disposition.State

# action → (states a disposition may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "revise": (frozenset({D.DRAFT, D.RETURNED}), D.DRAFT),
    "submit": (frozenset({D.DRAFT, D.RETURNED}), D.SUBMITTED),
    "return": (frozenset({D.SUBMITTED}), D.RETURNED),
    "approve": (frozenset({D.SUBMITTED}), D.APPROVED),
}

# Moderation: action → (states a comment may start from, state it leads to)
COMMENT_TRANSITIONS: dict[str, tuple[frozenset, str]] = {
    "accept_comment": (frozenset({Comment.State.HELD}), Comment.State.ACCEPTED),
    "reject_comment": (
        frozenset({Comment.State.HELD, Comment.State.ACCEPTED}),
        Comment.State.REJECTED,
    ),
}

ACTION_LABELS = {
    "register": gettext_lazy("register a comment received by e-mail or post"),
    "accept_comment": gettext_lazy("accept the comment"),
    "reject_comment": gettext_lazy("reject the comment"),
    "submit_all": gettext_lazy("submit every drafted answer"),
    "approve_all": gettext_lazy("approve every submitted answer"),
    "answer": gettext_lazy("answer the comments"),
    "revise": gettext_lazy("revise the answer"),
    "submit": gettext_lazy("submit for approval"),
    "return": gettext_lazy("return the answer"),
    "approve": gettext_lazy("approve the answer"),
    "publish": gettext_lazy("publish the feedback"),
}


class HandlingError(Exception):
    """A step the state, the clock or the user's role does not allow; the text says why."""


class RegisterError(HandlingError):
    """A registered letter's field that is wrong (``field``: the form's name for it)."""

    def __init__(self, message, field: str | None = None):
        super().__init__(message)
        self.field = field


# ---- who may act ----------------------------------------------------------------------


def is_moderator(user) -> bool:
    return user.has_perm("consultation.moderate_comment")


def handled_divisions(user) -> set[int] | None:
    """Whose consultations this user sees: the ids of those divisions, or None for every
    division's. As the message board: moderators and superusers see all; a division head
    bound to no division heads every division; anyone else sees their own divisions'
    consultations only (none when bound to none)."""
    if user.is_superuser or is_moderator(user):
        return None
    divisions = division_ids(user)
    if divisions is None:
        return None if user.has_perm("consultation.approve_disposition") else set()
    return divisions


def may_use(user) -> bool:
    """Moderators, heads and anyone working for a drafting division use the admin."""
    return user.is_active and (
        user.is_superuser
        or is_moderator(user)
        or user.has_perm("consultation.approve_disposition")
        or bool(division_ids(user))
    )


def works_for(user, consultation) -> bool:
    """Whether the user belongs to the consultation's drafting division (answers its
    comments); a superuser may act for any division."""
    divisions = division_ids(user)
    if divisions is None:
        return user.is_superuser
    return consultation.division_id in divisions


def heads(user, consultation) -> bool:
    """Whether the user heads the consultation's division: approves its answers and
    publishes its feedback."""
    if not user.has_perm("consultation.approve_disposition"):
        return False
    divisions = handled_divisions(user)
    return divisions is None or consultation.division_id in divisions


def moderates(user, consultation) -> bool:
    return is_moderator(user)


def registers(user, consultation) -> bool:
    """Whether the user may register a comment that came by e-mail or post: the drafting
    division (who receives the letters) or a moderator."""
    return works_for(user, consultation) or is_moderator(user)


RIGHTS = {
    "register": registers,
    "accept_comment": moderates,
    "reject_comment": moderates,
    "answer": works_for,
    "revise": works_for,
    "submit": works_for,
    "return": heads,
    "approve": heads,
    "publish": heads,
}


def allowed_actions(disposition: Disposition, user, published: bool | None = None) -> list[str]:
    """The steps this user may take on this answer now (the admin offers these);
    ``published``: whether the feedback is out, when the caller knows already."""
    if published is None:
        published = is_published(disposition.consultation)
    if published:
        return []
    return [
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if disposition.state in sources and RIGHTS[action](user, disposition.consultation)
    ]


# ---- what stands between the consultation and its feedback ----------------------------


def answerable() -> Q:
    """The comments that need an answer: every accepted one (a rejected comment, or one
    still held for moderation, is not an opinion on the draft yet)."""
    return Q(state=Comment.State.ACCEPTED)


def unanswered(consultation):
    """Accepted comments without an approved answer."""
    return consultation.comments.filter(answerable()).exclude(disposition__state=D.APPROVED)


def feedback_of(consultation) -> Feedback | None:
    return Feedback.objects.filter(consultation=consultation).first()


def is_published(consultation) -> bool:
    feedback = feedback_of(consultation)
    return feedback is not None and feedback.published_at is not None


def publish_blockers(consultation, now=None) -> list[str]:
    """Why the feedback cannot be published now, as sentences; empty when it can."""
    reasons = []
    if consultation.phase(now) in (Phase.UPCOMING, Phase.OPEN):
        reasons.append(_("The consultation is still open for comment."))
    if consultation.comments.filter(state=Comment.State.HELD).exists():
        reasons.append(_("Some comments still wait for moderation."))
    missing = consultation.comments.filter(answerable(), disposition__isnull=True).count()
    if missing:
        reasons.append(_("%(count)d comments are not answered.") % {"count": missing})
    pending = unanswered(consultation).filter(disposition__isnull=False).count()
    if pending:
        reasons.append(
            _("%(count)d comments have an answer not yet approved.") % {"count": pending}
        )
    return reasons


# ---- the steps ------------------------------------------------------------------------


def _check_open_for_answers(consultation, action: str, user) -> None:
    if user is not None and not RIGHTS[action](user, consultation):
        raise HandlingError(
            _("You may not “%(action)s” on this consultation.") % {"action": ACTION_LABELS[action]}
        )
    if consultation.phase() in (Phase.UPCOMING, Phase.OPEN):
        raise HandlingError(_("Comments are answered after the consultation closes."))
    if is_published(consultation):
        raise HandlingError(_("The feedback is published; its answers can no longer change."))


def _check(disposition: Disposition, action: str, user) -> None:
    _check_open_for_answers(disposition.consultation, action, user)
    sources, _target = TRANSITIONS[action]
    if disposition.state not in sources:
        raise HandlingError(
            _("An answer that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": disposition.get_state_display(), "action": ACTION_LABELS[action]}
        )


def _validated(kind: str, reason: str, clause, consultation) -> tuple[str, str]:
    if kind not in Disposition.Kind.values:
        raise HandlingError(_("Choose how the comments were handled."))
    # Published in the feedback: plain text, as the comments (tags and control characters go).
    reason = clean_text(reason or "")
    if kind == Disposition.Kind.NOT_ADOPTED and not reason:
        raise HandlingError(_("A comment not adopted needs its reason."))
    if kind == Disposition.Kind.ALREADY and clause is None:
        raise HandlingError(_("Name the clause where it is already provided for."))
    if clause is not None and clause.consultation_id != consultation.pk:
        raise HandlingError(_("The clause is not one of this consultation's."))
    return kind, reason


def _record(disposition: Disposition, action: str, user, fields: list[str], **data):
    target = TRANSITIONS.get(action, (None, None))[1]
    if target:
        disposition.state = target
        fields = [*fields, "state"]
    disposition.save(update_fields=fields)
    log(instance=disposition, action=f"consultation.{action}", user=user, data=data)
    return disposition


@transaction.atomic
def answer(
    consultation,
    comments,
    user,
    kind: str,
    reason: str = "",
    clause=None,
    summary: str = "",
    replace: bool = False,
) -> Disposition:
    """答复: one answer to one comment or to several on the same point (merged). A comment
    with a drafted (or returned) answer moves to this one only when ``replace`` confirms it;
    the emptied answer goes."""
    consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
    _check_open_for_answers(consultation, "answer", user)
    ids = [c.pk for c in comments]
    chosen = list(
        Comment.objects.select_for_update().filter(
            answerable(), consultation=consultation, pk__in=ids
        )
    )
    if not chosen or len(chosen) != len(set(ids)):
        raise HandlingError(_("Choose accepted comments of this consultation."))
    before = {c.disposition_id for c in chosen if c.disposition_id}
    if Disposition.objects.filter(pk__in=before, state__in=[D.SUBMITTED, D.APPROVED]).exists():
        raise HandlingError(
            _("A comment chosen has an answer awaiting approval or approved already.")
        )
    if before and not replace:
        raise HandlingError(
            pgettext(
                "consultation",
                "A comment chosen has a drafted answer already: tick “replace” to answer it anew.",
            )
        )
    kind, reason = _validated(kind, reason, clause, consultation)
    disposition = Disposition.objects.create(
        consultation=consultation,
        kind=kind,
        reason=reason,
        clause=clause,
        summary=clean_text(summary or ""),
        answered_by=user,
        answered_at=timezone.now(),
    )
    Comment.objects.filter(pk__in=[c.pk for c in chosen]).update(disposition=disposition)
    Disposition.objects.filter(pk__in=before, comments__isnull=True).delete()
    log(
        instance=disposition,
        action="consultation.answer",
        user=user,
        data={"kind": kind, "comments": sorted(c.pk for c in chosen)},
    )
    return disposition


def _locked(disposition: Disposition) -> Disposition:
    return (
        Disposition.objects.select_for_update()
        .select_related("consultation")
        .get(pk=disposition.pk)
    )


@transaction.atomic
def revise(disposition, user, kind: str, reason: str = "", clause=None, summary: str = ""):
    """Change a draft or returned answer (a returned one becomes a draft again)."""
    disposition = _locked(disposition)
    _check(disposition, "revise", user)
    kind, reason = _validated(kind, reason, clause, disposition.consultation)
    disposition.kind, disposition.reason, disposition.clause = kind, reason, clause
    disposition.summary = clean_text(summary or "")
    disposition.answered_by, disposition.answered_at = user, timezone.now()
    fields = ["kind", "reason", "clause", "summary", "answered_by", "answered_at"]
    return _record(disposition, "revise", user, fields, kind=kind)


@transaction.atomic
def submit(disposition, user) -> Disposition:
    """送审: the answer goes to the division head."""
    disposition = _locked(disposition)
    _check(disposition, "submit", user)
    return _record(disposition, "submit", user, [])


@transaction.atomic
def return_answer(disposition, user, note: str) -> Disposition:
    """退回: the head sends the answer back to be rewritten, saying why."""
    disposition = _locked(disposition)
    _check(disposition, "return", user)
    note = normalize_text(note or "").strip()[:200]
    if not note:
        raise HandlingError(_("Say why the answer is returned."))
    disposition.return_note = note
    return _record(disposition, "return", user, ["return_note"], note=note)


@transaction.atomic
def approve(disposition, user) -> Disposition:
    """审核通过: the head approves the answer as it will be published."""
    disposition = _locked(disposition)
    _check(disposition, "approve", user)
    disposition.approved_by, disposition.approved_at = user, timezone.now()
    return _record(disposition, "approve", user, ["approved_by", "approved_at"])


@transaction.atomic
def publish(consultation, user, summary: str | None = None) -> Feedback:
    """发布意见采纳情况反馈: once every accepted comment has an approved answer."""
    consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
    if user is not None and not heads(user, consultation):
        raise HandlingError(_("Only the drafting division's head publishes the feedback."))
    if is_published(consultation):
        raise HandlingError(_("The feedback is published already."))
    blockers = publish_blockers(consultation)
    if blockers:
        raise HandlingError(
            _("The feedback cannot be published yet: %(reasons)s") % {"reasons": " ".join(blockers)}
        )
    summary = clean_text(summary or "")
    if len(summary) > Feedback._meta.get_field("summary").max_length:
        raise HandlingError(_("The summary of the feedback is too long."))
    feedback, _created = Feedback.objects.get_or_create(consultation=consultation)
    if summary:
        feedback.summary = summary
    feedback.published_at, feedback.published_by = timezone.now(), user
    feedback.save()
    log(instance=consultation, action="consultation.publish", user=user, data={})
    PublicationStamp.bump()  # the consultation's page, the API and the final policy's note
    return feedback


# ---- moderation and steps on every answer at once -------------------------------------


@transaction.atomic
def moderate(comment, user, accept: bool, note: str = "") -> Comment:
    """受理 a held comment, or reject one (held, or accepted and not yet answered) with a
    note: a rejected comment is not counted, published or answered."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    action = "accept_comment" if accept else "reject_comment"
    consultation = comment.consultation
    if user is not None and not RIGHTS[action](user, consultation):
        raise HandlingError(_("Only moderators accept or reject comments."))
    sources, target = COMMENT_TRANSITIONS[action]
    if comment.state not in sources:
        raise HandlingError(
            _("A comment that is “%(state)s” cannot be given the step “%(action)s”.")
            % {"state": comment.get_state_display(), "action": ACTION_LABELS[action]}
        )
    if comment.disposition_id is not None:
        raise HandlingError(_("An answered comment cannot be rejected."))
    if is_published(consultation):
        raise HandlingError(_("The feedback is published; its answers can no longer change."))
    comment.state = target
    comment.reject_note = "" if accept else normalize_text(note or "").strip()[:200]
    comment.save(update_fields=["state", "reject_note"])
    log(
        instance=consultation,
        action=f"consultation.{action}",
        user=user,
        data={"comment": comment.pk, "note": comment.reject_note},
    )
    PublicationStamp.bump()  # the public counts change
    return comment


def submit_all(consultation, user) -> int:
    """送审 every drafted answer of the consultation; returns how many."""
    drafts = list(consultation.dispositions.filter(state=D.DRAFT))
    with transaction.atomic():
        for disposition in drafts:
            submit(disposition, user)
    return len(drafts)


def approve_all(consultation, user) -> int:
    """审核通过 every submitted answer of the consultation; returns how many."""
    submitted = list(consultation.dispositions.filter(state=D.SUBMITTED))
    with transaction.atomic():
        for disposition in submitted:
            approve(disposition, user)
    return len(submitted)


# ---- comments received by e-mail, post or otherwise -------------------------------------

# The online form's and the API's limits: a letter is stored as a comment like theirs.
REGISTER_LIMITS = intake.LIMITS


@transaction.atomic
def register_comment(
    consultation,
    user,
    channel: str,
    received_on: datetime.date,
    body: str,
    clause=None,
    name: str = "",
    contact: str = "",
) -> Comment:
    """登记来信意见: a comment that came by e-mail, by post or otherwise, entered by the
    drafting division or a moderator with the day it was received. It is accepted at once
    (a member of staff read it) and from then on counted, numbered and answered as a
    comment from the online form; its name and contact are as private."""
    consultation = ConsultationPage.objects.select_for_update().get(pk=consultation.pk)
    if user is not None and not registers(user, consultation):
        raise HandlingError(
            _("Only the drafting division or a moderator registers comments received.")
        )
    if is_published(consultation):
        raise HandlingError(
            pgettext("consultation", "The feedback is published; no more comments are registered.")
        )
    if channel not in Comment.Channel.values or channel == Comment.Channel.ONLINE:
        raise RegisterError(_("Say how the comment was received."), "channel")
    opened = timezone.localdate(consultation.opens_at)
    if received_on is None or not opened <= received_on <= today():
        raise RegisterError(
            _("The day received is between the opening (%(opened)s) and today.")
            % {"opened": opened.isoformat()},
            "received_on",
        )
    fields = {"body": body, "name": name, "contact": contact}
    fields = {key: clean_text(value or "") for key, value in fields.items()}
    for key in ("name", "contact"):
        fields[key] = " ".join(fields[key].split())
    if not has_words(fields["body"]):
        raise RegisterError(_("Enter the text of the comment."), "body")
    for key, limit in REGISTER_LIMITS.items():
        if len(fields[key]) > limit:
            raise RegisterError(
                pgettext("consultation", "At most %(limit)d characters (now %(count)d).")
                % {"limit": limit, "count": len(fields[key])},
                key,
            )
    if clause is not None and clause.consultation_id != consultation.pk:
        raise RegisterError(_("The clause is not one of this consultation's."), "clause")
    # Ordered (and numbered) by the day received: today now, an earlier day at its noon.
    if received_on == today():
        received_at = timezone.now()
    else:
        noon = datetime.datetime.combine(received_on, datetime.time(12))
        received_at = max(timezone.make_aware(noon), consultation.opens_at)
    comment = Comment.objects.create(
        consultation=consultation,
        clause=clause,
        channel=channel,
        received_at=received_at,
        state=Comment.State.ACCEPTED,
        **fields,
    )
    log(
        instance=consultation,
        action="consultation.register",
        user=user,
        data={"comment": comment.pk, "channel": channel},
    )
    PublicationStamp.bump()  # the public counts change
    return comment
