"""The office's and the divisions' admin views: the listing, one page per request with a
form for each step this user may take now, and the downloads of its private files.

Thin: who sees what is ``access``'s, every step is a function of ``states`` (through
``admin_forms.ACTIONS``); a refused step shows its Chinese message and changes nothing.
A request the user may not see answers 404, its files too.
"""

from __future__ import annotations

import re

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from cms.plugin_api import WordTemplateError, today
from plugins.disclosure_requests import intake, outcomes, states
from plugins.disclosure_requests.access import may_use, visible_requests
from plugins.disclosure_requests.admin_forms import ACTIONS, WARNING_ACTIONS
from plugins.disclosure_requests.models import DisclosureRequest
from plugins.disclosure_requests.overview import ListingFilters, clock_of, listed


def request_list(request):
    """The requests this user sees, overdue first, filterable; the office confirms a new
    request from here too."""
    if not may_use(request.user):
        raise PermissionDenied
    filters = ListingFilters(request.GET or None)
    page = Paginator(listed(request.user, filters), 50).get_page(request.GET.get("p"))
    on = today()
    office = states.is_office(request.user)
    rows = [
        (item, clock_of(item, on), office and item.state == DisclosureRequest.State.SUBMITTED)
        for item in page
    ]
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(
        request,
        "disclosure_requests/admin/index.html",
        {
            "page_obj": page,
            "rows": rows,
            "filters": filters,
            "query": query.urlencode(),
            "is_office": office,
            "here": request.get_full_path(),
        },
    )


def _next_url(request, item) -> str:
    """Back where the form was (the listing's own action posts ``next``), or the request."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("disclosure_requests_admin:detail", args=[item.pk])


def _take_step(request, item, visible):
    """Run the posted step; every outcome is a message on the next page."""
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, _("Unknown step."))
        return
    if action not in states.allowed_actions(item, request.user):
        # The user's right, the state or four eyes, as the step words it (您无权… for a
        # step that is not theirs); a precondition alone lets the step itself say why.
        refusal = states.refusal(item, action, request.user)
        if refusal:
            messages.error(request, refusal)
            return
    form_class, step = ACTIONS[action]
    form = form_class(request.POST, request.FILES, prefix=action, request_obj=item, visible=visible)
    if not form.is_valid():
        problems = intake.sentences(
            f"{form.fields[name].label if name in form.fields else ''}：{''.join(errors)}"
            for name, errors in form.errors.items()
        )
        messages.error(request, _("Check the form: %s") % problems)
        return
    try:
        step(item, request.user, form.cleaned_data)
    except (states.TransitionError, WordTemplateError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: %s") % states.ACTION_LABELS[action])


def outcome_label(outcome: str) -> str:
    """The outcome as the request page names it: 部分公开, or for an outcome among others
    of its group the group's short name first (不予公开 · 属于四类过程性信息), never the
    report's numbering or its footnote."""
    label = str(outcomes.Outcome(outcome).label)
    group = outcomes.group_of(outcome)
    if len(outcomes.outcomes_in(group)) == 1:
        return label
    heading = str(outcomes.Group(group).label)
    heading = re.sub(r"^\s*[（(][^）)]*[）)]\s*", "", heading)  # （三）
    heading = re.split(r"[（(]", heading, maxsplit=1)[0].strip()  # a footnote
    return f"{heading} · {label}" if heading else label


def return_note(item, history):
    """The office's note on a returned draft: its latest return_reply entry, while the
    draft it returned is the one on the page (a new draft answers it)."""
    letter = getattr(item, "letter", None)
    if letter is None or item.state != DisclosureRequest.State.ASSIGNED:
        return None
    entry = history.filter(action="disclosure_requests.return_reply").order_by("-timestamp").first()
    if entry is None or entry.timestamp < letter.drafted_at:
        return None
    return {
        "note": (entry.data or {}).get("note", ""),
        "timestamp": entry.timestamp,
        "user": entry.user,
    }


def request_detail(request, request_id):
    """One request: its facts, applicant, files, clock, letter and history, and a form
    for each step this user may take now."""
    visible = visible_requests(request.user)
    item = get_object_or_404(visible, pk=request_id)
    if request.method == "POST":
        _take_step(request, item, visible)
        return redirect(_next_url(request, item))
    forms = [
        (
            action,
            states.ACTION_LABELS[action],
            ACTIONS[action][0](prefix=action, request_obj=item, visible=visible),
            action in WARNING_ACTIONS,
        )
        for action in states.allowed_actions(item, request.user)
    ]
    # The steps' widgets (the date chooser) bring their scripts, loaded before the forms.
    media = sum((form.media for _action, _label, form, _warning in forms), django_forms.Media())
    letter = getattr(item, "letter", None)
    history = ModelLogEntry.objects.filter(
        content_type__app_label="disclosure_requests", object_id=str(item.pk)
    ).select_related("user")
    same_applicant = (
        visible.filter(applicant_key=item.applicant_key)
        .exclude(pk=item.pk)
        .order_by("-submitted_at")[:20]
        if item.applicant_key
        else []
    )
    return TemplateResponse(
        request,
        "disclosure_requests/admin/request.html",
        {
            "item": item,
            "clock": clock_of(item),
            "attachments": item.attachments.all(),
            "pauses": item.pauses.all(),
            "supplement": getattr(item, "supplement", None),
            "fee": getattr(item, "fee", None),
            "letter": letter,
            "article": outcomes.article_of(letter.outcome) if letter else "",
            "outcome_label": outcome_label(letter.outcome) if letter else "",
            "return_note": return_note(item, history),
            "history": history.order_by("-timestamp", "-pk"),
            "actions": forms,
            "media": media,
            "same_applicant": same_applicant,
        },
    )


def _private_file(field, name: str):
    """A private file for a user who may see it: never cached by a shared cache."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=name)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def attachment_download(request, request_id, attachment_id):
    """An attachment of a request the user may see (404 otherwise)."""
    item = get_object_or_404(visible_requests(request.user), pk=request_id)
    attachment = get_object_or_404(item.attachments, pk=attachment_id)
    return _private_file(attachment.file, attachment.name)


def letter_download(request, request_id):
    """The letter's Word file as approved (and served), for the office and the division."""
    item = get_object_or_404(visible_requests(request.user), pk=request_id)
    letter = getattr(item, "letter", None)
    if letter is None or not letter.file:
        raise Http404
    return _private_file(letter.file, _("Reply %(number)s.docx") % {"number": letter.number})
