"""The note on a final policy (hook ``policy_notes``): 本文件曾于…至…公开征求意见，共收到意见
N 条，采纳 A 条，部分采纳 P 条, linking the feedback, once the consultation it came from has
published its feedback; before that, a note in the policy's edit view only."""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cms.plugin_api import PolicyNote, kept_for_stamp, stamp_of
from plugins.consultation.models import Comment, Disposition, public_consultations

ACCEPTED = Q(comments__state=Comment.State.ACCEPTED)
APPROVED = ACCEPTED & Q(comments__disposition__state=Disposition.State.APPROVED)


def _day(moment) -> str:
    day = timezone.localdate(moment)
    return _("%(year)d-%(month)d-%(day)d") % {"year": day.year, "month": day.month, "day": day.day}


def counted_sentence(total: int, adopted: int, partly: int) -> str:
    """共收到意见 N 条，采纳 A 条，部分采纳 P 条。: in the feedback's own categories (部分采纳
    apart from 采纳, as the feedback counts them); a part that is nought is left out, but
    the sentence always says how many were adopted once any comment came."""
    parts = [pgettext("consultation note", "%(count)d comments were received") % {"count": total}]
    if total:
        if adopted or not partly:
            parts.append(pgettext("consultation note", "%(count)d adopted") % {"count": adopted})
        if partly:
            parts.append(
                pgettext("consultation note", "%(count)d partly adopted") % {"count": partly}
            )
    return "，".join(parts) + "。"


def feedback_url(consultation) -> str:
    return f"{consultation.url}#feedback"


def _note(consultation) -> PolicyNote:
    admin = reverse("consultation_admin:inbox", args=[consultation.pk])
    period = {"opens": _day(consultation.opens_at), "closes": _day(consultation.closes_at)}
    if consultation.feedback_published_at is None:
        return PolicyNote(
            _(
                "This document came from the consultation “%(title)s” (%(opens)s to %(closes)s); "
                "its feedback is not published yet."
            )
            % {"title": consultation.title, **period},
            admin_url=admin,
            admin_text=_("Open the consultation"),
            public=False,
            kind="consultation",
        )
    text = counted_sentence(consultation.total, consultation.adopted, consultation.partly)
    text = pgettext(
        "consultation note",
        "This document was published for comment from %(opens)s to %(closes)s; %(counted)s",
    ) % {**period, "counted": text}
    return PolicyNote(
        text,
        url=feedback_url(consultation),
        link_text=_("Feedback on the comments"),
        citation=_("%(title)s · feedback on the comments") % {"title": consultation.title},
        admin_url=admin,
        admin_text=_("Open the consultation"),
        kind="consultation",
    )


@kept_for_stamp
def final_policy_ids() -> frozenset[int]:
    """The policies that are some public consultation's final policy. Kept per publication
    stamp (a consultation's final policy changes with its publication, which moves it):
    most policies came from none, and their notes then cost no query."""
    finals = public_consultations().exclude(final_policy=None)
    return frozenset(finals.values_list("final_policy_id", flat=True))


def policy_notes(policies, request=None) -> dict[int, list[PolicyNote]]:
    """The notes of the policies that are some public consultation's final policy: one
    query for the whole list, none when no policy of it is one (``request``: a public
    page's, answered at its publication stamp)."""
    finals = final_policy_ids(stamp=stamp_of(request) if request is not None else None)
    ids = [policy.pk for policy in policies if policy.pk in finals]
    if not ids:
        return {}
    found = (
        public_consultations()
        .filter(final_policy__in=ids)
        .annotate(
            total=Count("comments", filter=ACCEPTED, distinct=True),
            adopted=Count(
                "comments",
                filter=APPROVED & Q(comments__disposition__kind=Disposition.Kind.ADOPTED),
                distinct=True,
            ),
            partly=Count(
                "comments",
                filter=APPROVED & Q(comments__disposition__kind=Disposition.Kind.PARTLY),
                distinct=True,
            ),
        )
        .annotate(feedback_published_at=F("feedback__published_at"))
        .order_by("closes_at", "pk")
    )
    notes: dict[int, list[PolicyNote]] = {}
    for consultation in found:
        notes.setdefault(consultation.final_policy_id, []).append(_note(consultation))
    return notes
