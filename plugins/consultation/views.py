"""The consultations' public pages: the list at /consultations/, a comment sent from a
consultation's page, the confirmation with its tracking code, and the page where the
commenter follows the comment by that code (/consultations/track/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from cms.plugin_api import check_rate, limit_error, retry_later, stamp_of, tracking_page
from plugins.consultation import conf, intake, limits, public
from plugins.consultation.forms import CommentForm, TrackForm
from plugins.consultation.models import Phase

SESSION_KEY = "consultation_tracking_code"
PAGE_KEY = "consultation_page"
LISTED = [Phase.OPEN, Phase.UPCOMING, Phase.CLOSED, Phase.CONCLUDED]


def _too_many_comments(request, consultation, form):
    """The page again with the comment as typed, the limit as the form's error: the
    commenter waits and sends it again, nothing is lost."""
    limit_error(form)
    return retry_later(consultation.serve(request, form=form, status=429))


def consultation_list(request):
    """Open consultations, those not yet open, those awaiting feedback and concluded ones,
    each a page long; ``?phase=`` lists one phase page by page."""
    size = conf.get("CONSULTATION_PAGE_SIZE")
    chosen = request.GET.get("phase", "")
    sections, page_obj = [], None
    stamp = stamp_of(request)
    for phase in [Phase(chosen)] if chosen in Phase.values else LISTED:
        consultations = public.by_phase(phase, stamp=stamp)
        if chosen:
            page_obj = Paginator(consultations, size).get_page(request.GET.get("page"))
            rows, more = page_obj.object_list, False
        else:
            rows = list(consultations[: size + 1])
            rows, more = rows[:size], len(rows) > size
        items = [public.summary(c, request) for c in rows]
        sections.append({"phase": phase, "items": items, "more": more})
    name = _("Consultations")
    # The list's page tags (网页标签): a column of the site's 互动交流.
    column = {"ColumnName": name, "ColumnKeywords": [name], "ColumnType": "互动交流"}
    context = {
        "sections": sections,
        "page_obj": page_obj,
        "phase": chosen if page_obj else "",
        "column_tags": column,
    }
    response = TemplateResponse(request, "consultation/consultations.html", context)
    # A consultation opens and closes at its times, not when the publication stamp moves:
    # no ETag from the stamp (cms.public.conditional), every view built afresh.
    add_never_cache_headers(response)
    return response


def comment_posted(request, consultation):
    """A comment sent from the consultation's page: stored and confirmed, or the page again
    with the form's errors, or the reason it takes no comments now."""
    form = CommentForm(consultation, request.POST)
    if check_rate(request) is not None:
        return _too_many_comments(request, consultation, form)
    if form.is_robot():
        request.session[SESSION_KEY] = "—"
        return redirect("consultation:received")
    try:
        intake.check_open(consultation)
    except intake.NotOpen as error:
        return consultation.serve(request, form=form, refusal=str(error), status=400)
    if not form.is_valid():
        form.focus_first_error()
        return consultation.serve(request, form=form, status=400)
    if limits.intake(request) is not None:
        return _too_many_comments(request, consultation, form)
    comment = intake.store(form.fields_to_store)
    request.session[SESSION_KEY] = comment.tracking_code
    request.session[PAGE_KEY] = consultation.pk
    return redirect("consultation:received")


@never_cache
def received(request):
    """The tracking code, shown once after the comment was sent."""
    code = request.session.pop(SESSION_KEY, None)
    if code is None:
        return redirect("consultation:list")
    consultation = intake.public_consultation(request.session.pop(PAGE_KEY, None) or 0)
    context = {"code": code, "consultation": consultation}
    return TemplateResponse(request, "consultation/received.html", context)


@never_cache
def track(request):
    """The commenter follows their comment by its code: received, under moderation or
    answered, and the answer once the feedback is published. A code that finds nothing
    gets one answer only; lookups count against the address's rate limit."""
    return tracking_page(
        request,
        "consultation/track.html",
        TrackForm,
        lambda form: public.tracked_comment(form.data.get("code", "")),
        lambda request, comment: {"item": public.track_item(comment, request)},
        not_found=_("No comment matches this tracking code."),
    )
