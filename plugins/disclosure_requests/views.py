"""The public pages: the guide and application form at /disclosure-requests/, the receipt,
and following a request with its tracking code and the contact given (answering a
supplement, withdrawing, downloading the reply letter)."""

from __future__ import annotations

import os

from django.db import transaction
from django.http import FileResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cms.plugin_api import check_rate, clean_text, too_many, tracking_lookup
from plugins.disclosure_requests import conf, intake, limits, public, states, uploads
from plugins.disclosure_requests.forms import (
    ApplicationForm,
    SupplementForm,
    TrackForm,
    WithdrawForm,
)
from plugins.disclosure_requests.models import Attachment, new_tracking_code

SESSION_KEY = "disclosure_requests_receipt"


def apply(request):
    """A short guide and the application form; a link from a document's page names it."""
    if request.method == "POST":
        if check_rate(request) is not None:
            return too_many(request)
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_robot():  # a receipt that looks real, for a request never stored
            request.session[SESSION_KEY] = {"code": new_tracking_code(), "reference": "—"}
            return redirect("disclosure_requests:received")
        if form.is_valid():
            if limits.intake(request) is not None:
                return too_many(request)
            made = intake.store(form.intake, form.cleaned_data["attachments"])
            request.session[SESSION_KEY] = {
                "code": made.tracking_code,
                "reference": made.reference,
            }
            return redirect("disclosure_requests:received")
        form.focus_first_error()
        policy = public.policy_from_token(request.POST.get("policy"))
    else:
        policy = public.policy_from_token(request.GET.get("policy"))
        initial = {}
        if policy is not None:
            initial = {
                "policy": public.policy_token(policy.pk),
                "information": f"《{policy.title}》",
                "doc_number": policy.doc_number,
            }
        form = ApplicationForm(initial=initial)
    name = _("Apply for government information")
    context = {
        "form": form,
        "policy": policy,
        "reply_days": conf.get("DISCLOSURE_REPLY_DAYS"),
        # The column's page tags (网页标签): a column of the site's 办事服务.
        "column_tags": {"ColumnName": name, "ColumnKeywords": [name], "ColumnType": "办事服务"},
    }
    return TemplateResponse(request, "disclosure_requests/public/apply.html", context)


@never_cache
def received(request):
    """The receipt: the tracking code and the reference, shown once after sending."""
    receipt = request.session.pop(SESSION_KEY, None)
    if receipt is None:
        return redirect("disclosure_requests:apply")
    context = {**receipt, "reply_days": conf.get("DISCLOSURE_REPLY_DAYS")}
    return TemplateResponse(request, "disclosure_requests/public/received.html", context)


def _private(response):
    """The applicant's own page or file: never kept by a browser's or a proxy's cache."""
    response["Cache-Control"] = "private, no-store"
    return response


def _lookup(request):
    """(form, the request found or None, the response when refused); every action of the
    tracking page looks the request up anew with the code and contact it carries."""
    return tracking_lookup(request, TrackForm, _find, request.POST, limit=limits.tracking)


def _find(form):
    if not form.is_valid():
        return None
    return public.find(form.data.get("code"), form.data.get("contact"))


def _page(request, form, found, status=200, **context):
    context = {
        "form": form,
        "item": public.track_item(found) if found else None,
        "not_found": found is None and form.is_bound and form.is_valid(),
        "code": form.data.get("code", "") if found else "",
        "contact": form.data.get("contact", "") if found else "",
        "supplement_form": SupplementForm(),
        "withdraw_form": WithdrawForm(),
        **context,
    }
    if form.is_bound:
        form.focus_first_error()
    if context["supplement_form"].is_bound and context["supplement_form"].errors:
        context["supplement_form"].ask_for_files_again()
    response = TemplateResponse(
        request, "disclosure_requests/public/track.html", context, status=status
    )
    return _private(response)


@never_cache
def track(request):
    """The applicant follows the request; a wrong code or contact gets the unknown code's
    answer. A GET only shows the form (the receipt's link fills in the code)."""
    if request.method != "POST":
        form = TrackForm(initial={"code": request.GET.get("code", "")[:40]})
        return _page(request, form, None)
    form, found, refused = _lookup(request)
    if refused is not None:
        return refused
    action = request.POST.get("action", "")
    if found is None or action not in ("supplement", "withdraw"):
        return _page(request, form, found)
    if action == "supplement":
        return _supplement(request, form, found)
    return _withdraw(request, form, found)


def _supplement(request, form, found):
    """The applicant answers the supplement request online, with files: the clock starts
    again from today (states.supplied)."""
    answer = SupplementForm(request.POST, request.FILES)
    if not answer.is_valid():
        return _page(request, form, found, supplement_form=answer)
    text = clean_text(answer.cleaned_data["answer"])
    files = answer.cleaned_data["attachments"]
    problem = uploads.problem(files)
    if problem:
        answer.add_error("attachments", problem)
        return _page(request, form, found, supplement_form=answer)
    try:
        with transaction.atomic():
            found = states.supplied(found, None, text)
            for upload in files:
                uploads.attach(found, upload, kind=Attachment.Kind.SUPPLEMENT)
    except states.TransitionError as error:
        return _page(request, form, found, error=str(error))
    return _page(request, form, found, done=_("Your supplement was received."))


def _withdraw(request, form, found):
    confirm = WithdrawForm(request.POST)
    if not confirm.is_valid():
        return _page(request, form, found, withdraw_form=confirm)
    reason = intake.one_line(confirm.cleaned_data["reason"])
    try:
        found = states.withdraw(found, None, reason)
    except states.TransitionError as error:
        return _page(request, form, found, error=str(error))
    return _page(request, form, found, done=_("Your application was withdrawn."))


@never_cache
@require_POST
def letter(request):
    """The reply letter as served, to the applicant only: the code and the contact are
    checked again (a POST, never a link to guess or to keep)."""
    form, found, refused = _lookup(request)
    if refused is not None:
        return refused
    item = public.track_item(found) if found else None
    if item is None or not (item["letter"] and item["letter"]["download"]):
        return _page(request, form, None if found is None else found)
    stored = found.letter.file
    extension = os.path.splitext(stored.name)[1] or ".docx"
    name = _("Reply letter %(reference)s") % {"reference": found.reference} + extension
    response = FileResponse(stored.open("rb"), as_attachment=True, filename=name)
    return _private(response)


@never_cache
@require_POST
def provided(request):
    """A file of the information provided, to the applicant only, like the letter: the
    code and the contact are checked again, and the file must be this request's."""
    form, found, refused = _lookup(request)
    if refused is not None:
        return refused
    file_id = str(request.POST.get("file", ""))
    attachment = (
        public.provided_files(found).filter(pk=int(file_id)).first()
        if found is not None and file_id.isdigit()
        else None
    )
    if attachment is None:
        return _page(request, form, found, status=404 if found else 200)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return _private(response)
