"""Which consultations and comments an admin user handles, and which feedback is due (the
menu, the inbox, the export and the dashboard read the same functions)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from cms.plugin_api import id_param, today
from plugins.consultation.handling import handled_divisions
from plugins.consultation.models import Comment, ConsultationPage, Disposition, Feedback
from plugins.consultation.reminders import pending

D = Disposition.State


def consultations_of(user):
    """The consultations this user sees (drafts too): the divisions ``handled_divisions``
    names, the same rule the approval follows."""
    pages = ConsultationPage.objects.select_related("division", "division__agency")
    divisions = handled_divisions(user)
    return pages if divisions is None else pages.filter(division__in=divisions)


def listing(user):
    """The consultations with their counts of accepted comments, of those with an approved
    answer and of those held for moderation, the latest closing first."""
    accepted = Q(comments__state=Comment.State.ACCEPTED)
    return (
        consultations_of(user)
        .annotate(
            comment_count=Count("comments", filter=accepted, distinct=True),
            approved_count=Count(
                "comments",
                filter=accepted & Q(comments__disposition__state=D.APPROVED),
                distinct=True,
            ),
            held_count=Count(
                "comments", filter=Q(comments__state=Comment.State.HELD), distinct=True
            ),
        )
        .order_by("-closes_at", "-pk")
    )


# The inbox's filter by answer: a value → the comments it keeps.
ANSWER_FILTERS = {
    "unanswered": Q(disposition__isnull=True),
    "draft": Q(disposition__state__in=[D.DRAFT, D.RETURNED]),
    "submitted": Q(disposition__state=D.SUBMITTED),
    "approved": Q(disposition__state=D.APPROVED),
    **{kind: Q(disposition__kind=kind) for kind in Disposition.Kind.values},
}


def comments(consultation, clause: str = "", answer: str = "", state: str = ""):
    """The comments of one consultation, narrowed by clause (an id, or ``whole`` for the
    draft as a whole), by answer (a key of ANSWER_FILTERS) and by moderation state."""
    listed = consultation.comments.select_related("clause", "disposition", "disposition__clause")
    if clause == "whole":
        listed = listed.filter(clause__isnull=True)
    elif (clause_id := id_param(clause)) is not None:
        listed = listed.filter(clause_id=clause_id)
    if answer in ANSWER_FILTERS:
        listed = listed.filter(ANSWER_FILTERS[answer])
    if state in Comment.State.values:
        listed = listed.filter(state=state)
    return listed.order_by("received_at", "pk")


def feedback_due(user, on=None):
    """Feedback not yet published, of the consultations this user sees, soonest due first."""
    divisions = handled_divisions(user)
    due = Feedback.objects.filter(pending()).select_related("consultation__division")
    if divisions is not None:
        due = due.filter(consultation__division__in=divisions)
    return due.filter(consultation__closes_at__lte=timezone.now()).order_by("due_on")


def is_overdue(feedback, on=None) -> bool:
    return feedback.due_on is not None and feedback.due_on < (on or today())


def answer_counts(consultation) -> list[tuple[str, int]]:
    """Accepted comments by the kind of their approved answer, every kind listed."""
    rows = dict(
        consultation.comments.filter(state=Comment.State.ACCEPTED, disposition__state=D.APPROVED)
        .values_list("disposition__kind")
        .annotate(n=Count("pk"))
    )
    return [(str(label), rows.get(kind, 0)) for kind, label in Disposition.Kind.choices]
