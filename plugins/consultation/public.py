"""What the public sees of consultations, as plain data for the pages, the API and the
feed: the lists by phase, a consultation with its clauses and counts, and its feedback
once published. Only ``public_consultations`` are ever read; names and contacts never
leave the database, and comment text only masked (the core's mask_personal_data)."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from cms.plugin_api import is_public_policy, kept_for_stamp, mask_personal_data
from plugins.consultation.models import (
    Comment,
    ConsultationPage,
    Disposition,
    Feedback,
    Phase,
    comment_numbers,
    public_consultations,
)

COUNTED = Q(comments__state=Comment.State.ACCEPTED)
_FEEDBACK_OUT = Q(feedback__published_at__isnull=False)


def in_phase(phase: str, now=None, stamp=None) -> QuerySet[ConsultationPage]:
    """Public consultations in one phase, the most recent first (``stamp``: the request's
    publication stamp, for the view restrictions read for it)."""
    now = now or timezone.now()
    consultations = public_consultations(stamp).select_related("division__agency")
    if phase == Phase.UPCOMING:
        return consultations.filter(opens_at__gt=now).order_by("opens_at", "pk")
    if phase == Phase.OPEN:
        consultations = consultations.filter(opens_at__lte=now, closes_at__gt=now)
        return consultations.order_by("closes_at", "pk")
    # A closed one's phase depends on its feedback (ConsultationPage.phase): read with it.
    closed = consultations.filter(closes_at__lte=now).select_related("feedback")
    if phase == Phase.CLOSED:
        return closed.exclude(_FEEDBACK_OUT).order_by("-closes_at", "-pk")
    return closed.filter(_FEEDBACK_OUT).order_by("-feedback__published_at", "-pk")


@kept_for_stamp
def listed() -> tuple[ConsultationPage, ...]:
    """Every public consultation with its counted comments, division, agency and feedback,
    as the list shows them. Kept per publication stamp: publishing, a comment counted and
    feedback published each move it. Which phase each is in follows the clock, judged on
    every view (``by_phase``)."""
    consultations = public_consultations().select_related("division__agency", "feedback")
    return tuple(with_counts(consultations).order_by("pk"))


def by_phase(phase: str, now=None, stamp=None) -> list[ConsultationPage]:
    """``with_counts(in_phase(phase))`` from the consultations ``listed`` at the request's
    ``stamp``, in the same order, without a query."""
    now = now or timezone.now()
    rows = listed(stamp=stamp)
    if phase == Phase.UPCOMING:
        return sorted((c for c in rows if c.opens_at > now), key=lambda c: (c.opens_at, c.pk))
    if phase == Phase.OPEN:
        chosen = (c for c in rows if c.opens_at <= now < c.closes_at)
        return sorted(chosen, key=lambda c: (c.closes_at, c.pk))
    closed = [c for c in rows if c.closes_at <= now]
    if phase == Phase.CLOSED:
        chosen = (c for c in closed if _feedback_out(c) is None)
        return sorted(chosen, key=lambda c: (c.closes_at, c.pk), reverse=True)
    chosen = (c for c in closed if _feedback_out(c) is not None)
    return sorted(chosen, key=lambda c: (_feedback_out(c), c.pk), reverse=True)


def _feedback_out(consultation):
    """When its feedback was published, or None."""
    feedback = getattr(consultation, "feedback", None)
    return feedback.published_at if feedback is not None else None


def last_change():
    """When the public list last changed: the latest publication of a consultation."""
    return (
        public_consultations()
        .order_by("-last_published_at")
        .values_list("last_published_at", flat=True)
        .first()
    )


def with_counts(consultations) -> QuerySet[ConsultationPage]:
    return consultations.annotate(comment_count=Count("comments", filter=COUNTED))


def comment_count(consultation: ConsultationPage) -> int:
    return consultation.comments.filter(state=Comment.State.ACCEPTED).count()


def summary(consultation: ConsultationPage, request=None) -> dict:
    """A consultation as listed: what it is, whose, its period and where it stands."""
    phase = consultation.phase()
    count = getattr(consultation, "comment_count", None)
    return {
        "id": consultation.pk,
        "title": consultation.title,
        "url": consultation.get_url(request),
        "agency": consultation.division.agency.name,
        "division": consultation.division.name,
        "kind": consultation.kind,
        "kind_label": str(consultation.get_kind_display()),
        "phase": str(phase.value),
        "phase_label": str(phase.label),
        "opens_at": consultation.opens_at,
        "closes_at": consultation.closes_at,
        "comment_count": comment_count(consultation) if count is None else count,
    }


def clauses(consultation: ConsultationPage) -> list[dict]:
    """The current clauses in order, each with how many counted comments cite it."""
    rows = consultation.current_clauses().annotate(
        comment_count=Count("comments", filter=Q(comments__state=Comment.State.ACCEPTED))
    )
    return [
        {"anchor": c.anchor, "label": c.label, "text": c.text, "comment_count": c.comment_count}
        for c in rows
    ]


def final_policy(consultation: ConsultationPage, request=None) -> dict | None:
    """The policy the draft became, while the public may see it."""
    policy = consultation.final_policy
    if policy is None or not is_public_policy(policy.pk):
        return None
    return {"id": policy.pk, "title": policy.title, "url": policy.get_url(request)}


def feedback(consultation: ConsultationPage) -> dict | None:
    """The published feedback (意见采纳情况反馈): every approved disposition with the
    comments it answers, anonymised and masked, clause by clause; None until published.

    An answer stands under each clause its comments were on, with those comments (the
    draft as a whole first, then the draft's order); ``where_*`` is the clause its answer names (for
    已有规定/已体现, where it is provided for). Comments are known by their number, in the
    order received (意见 3、7), never by their authors."""
    record = getattr(consultation, "feedback", None)
    if record is None or record.published_at is None:
        return None
    accepted = Comment.objects.filter(state=Comment.State.ACCEPTED)
    numbers = comment_numbers(consultation)
    dispositions = (
        consultation.dispositions.filter(state=Disposition.State.APPROVED)
        .select_related("clause")
        .prefetch_related(Prefetch("comments", accepted.select_related("clause")))
    )
    totals = {kind: 0 for kind in Disposition.Kind.values}
    items = []
    for disposition in dispositions:
        comments = sorted(disposition.comments.all(), key=lambda c: numbers.get(c.pk, 0))
        if not comments:
            continue
        totals[disposition.kind] += len(comments)
        where = disposition.clause
        # A merged answer stands under each clause its comments were on, with those comments.
        by_clause: dict = {}
        for comment in comments:
            by_clause.setdefault(comment.clause_id, []).append(comment)
        for on_clause in by_clause.values():
            clause = on_clause[0].clause
            items.append(
                {
                    "clause_anchor": clause.anchor if clause else "",
                    "clause_label": clause.label if clause else "",
                    "where_anchor": where.anchor if where else "",
                    "where_label": (where.label or where.text[:20]) if where else "",
                    "kind": disposition.kind,
                    "kind_label": str(disposition.get_kind_display()),
                    "summary": mask_personal_data(disposition.summary),
                    "reason": mask_personal_data(disposition.reason),
                    "numbers": [numbers.get(c.pk, 0) for c in on_clause],
                    "comments": [mask_personal_data(c.body) for c in on_clause],
                    "_order": (
                        clause.sort_order if clause else -1,
                        numbers.get(on_clause[0].pk, 0),
                    ),
                }
            )
    items.sort(key=lambda item: item.pop("_order"))
    return {
        "published_at": record.published_at,
        "summary": mask_personal_data(record.summary),
        "comment_count": comment_count(consultation),
        "totals": totals,
        "items": items,
    }


def totals(feedback: dict) -> list[dict]:
    """The feedback's totals as labelled rows, in the order of the dispositions."""
    return [
        {"kind": kind, "label": str(label), "count": feedback["totals"].get(kind, 0)}
        for kind, label in Disposition.Kind.choices
    ]


def detail(consultation: ConsultationPage, request=None) -> dict:
    """A consultation with its 起草说明, clauses, channels, counts, feedback and policy."""
    return {
        **summary(consultation, request),
        "background": consultation.background,
        "basis": consultation.basis,
        "main_content": consultation.main_content,
        "clauses": clauses(consultation),
        "channels": {
            "email": consultation.channel_email,
            "post": consultation.channel_post,
            "phone": consultation.channel_phone,
        },
        "feedback": feedback(consultation),
        "final_policy": final_policy(consultation, request),
    }


# What the commenter is told of their comment (``track_item``): its state as they see it.
TRACK_STATES = {
    "held": pgettext_lazy("tracked comment", "Under moderation"),
    "received": pgettext_lazy("tracked comment", "Received; the feedback is not yet published"),
    "answered": pgettext_lazy("tracked comment", "Answered in the published feedback"),
    "rejected": pgettext_lazy("tracked comment", "Not accepted as a comment on the draft"),
}


def tracked_comment(code) -> Comment | None:
    """The comment with this tracking code; one answer for every code that finds none,
    malformed or unknown alike."""
    code = str(code or "").strip().upper()[:32]
    if not code:
        return None
    return (
        Comment.objects.select_related("consultation", "clause", "disposition__clause")
        .filter(tracking_code=code)
        .first()
    )


def track_item(comment: Comment, request=None) -> dict:
    """The commenter's view of their comment, by its tracking code: where it stands and,
    once the feedback is published, its number and answer as the feedback shows them.

    Never the name or contact; the text masked as in the feedback (a code can be passed
    on). The consultation is named only while the public may see it, and the answer only
    when it is published there."""
    consultation = public_consultations().filter(pk=comment.consultation_id).first()
    published = (
        consultation is not None
        and Feedback.objects.filter(consultation=consultation, published_at__isnull=False).exists()
    )
    disposition = comment.disposition
    answered = (
        published
        and comment.state == Comment.State.ACCEPTED
        and disposition is not None
        and disposition.state == Disposition.State.APPROVED
    )
    if comment.state == Comment.State.HELD:
        state = "held"
    elif comment.state == Comment.State.REJECTED:
        state = "rejected"
    else:
        state = "answered" if answered else "received"
    clause = comment.clause
    answer = None
    if answered:
        where = disposition.clause
        answer = {
            "kind": disposition.kind,
            "kind_label": str(disposition.get_kind_display()),
            "reason": mask_personal_data(disposition.reason),
            "summary": mask_personal_data(disposition.summary),
            "where_label": (where.label or where.text[:20]) if where else "",
        }
    return {
        "tracking_code": comment.tracking_code,
        "consultation": (
            {
                "id": consultation.pk,
                "title": consultation.title,
                "url": consultation.get_url(request),
                "phase": str(consultation.phase().value),
                "phase_label": str(consultation.phase().label),
            }
            if consultation is not None
            else None
        ),
        "clause_label": (clause.label or clause.text[:20]) if clause else "",
        "body": mask_personal_data(comment.body),
        "received_at": comment.received_at,
        "state": state,
        "state_label": str(TRACK_STATES[state]),
        "number": comment_numbers(comment.consultation).get(comment.pk) if answered else None,
        "answer": answer,
    }
