"""The board's admin views: the inbox, and one page to handle a message (thin: every step
is a function of ``states``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.models import ModelLogEntry

from cms.plugin_api import Division
from plugins.messageboard import conf, faq, inbox, states
from plugins.messageboard.models import Message
from plugins.messageboard.protection import highlighted


class AcceptForm(forms.Form):
    division = forms.ModelChoiceField(
        Division.objects.select_related("agency"),
        label=gettext_lazy("Assign to"),
        required=False,
        help_text=gettext_lazy("Defaults to the policy's drafting division."),
    )


class RejectForm(forms.Form):
    reason = forms.ChoiceField(
        label=pgettext_lazy("message board", "Reason"), choices=Message.RejectReason.choices
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


class TransferForm(forms.Form):
    division = forms.ModelChoiceField(
        Division.objects.select_related("agency"), label=gettext_lazy("Transfer to")
    )
    reason = forms.CharField(label=pgettext_lazy("message board", "Reason"), max_length=200)


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=gettext_lazy("Working days"), min_value=1)
    reason = forms.CharField(label=pgettext_lazy("message board", "Reason"), max_length=200)


class AnswerForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Reply"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), max_length=200, required=False)


# action → (form, how to call the step with the form's data)
ACTIONS = {
    "accept": (AcceptForm, lambda m, u, d: states.accept(m, u, d["division"])),
    "reject": (RejectForm, lambda m, u, d: states.reject(m, u, d["reason"], d["note"])),
    "spam": (None, lambda m, u, d: states.mark_spam(m, u)),
    "assign": (AcceptForm, lambda m, u, d: states.assign(m, u, d["division"])),
    "transfer": (
        TransferForm,
        lambda m, u, d: states.transfer(m, u, d["division"], d["reason"]),
    ),
    "extend": (ExtendForm, lambda m, u, d: states.extend(m, u, d["days"], d["reason"])),
    "answer": (AnswerForm, lambda m, u, d: states.answer(m, u, d["text"])),
    "return_reply": (NoteForm, lambda m, u, d: states.return_reply(m, u, d["note"])),
    "approve": (None, lambda m, u, d: states.approve(m, u)),
    "hide": (NoteForm, lambda m, u, d: states.hide(m, u, d["note"])),
    "reopen": (None, lambda m, u, d: states.reopen(m, u)),
}


COUNTED = {
    "received": gettext_lazy("Received in %(year)s (counted by the website annual report)"),
    "answered": gettext_lazy("Answered in %(year)s (counted by the website annual report)"),
    "published": gettext_lazy(
        "Replies published in %(year)s (counted by the website annual report)"
    ),
}


def message_inbox(request):
    """The messages this user handles, by tab: to review, open, overdue …"""
    if not states.may_use_board(request.user):
        raise PermissionDenied
    tab = request.GET.get("tab", "open")
    listed = inbox.filtered(request.user, tab).order_by("due_on", "-received_at")
    # From a cell of the website annual report: the messages it counted.
    what, year, counted_in = request.GET.get("counted", ""), request.GET.get("year", ""), ""
    if what in COUNTED and year.isdigit() and len(year) == 4:
        listed = inbox.counted(listed, what, int(year))
        counted_in = COUNTED[what] % {"year": year}
    page = Paginator(listed, 50).get_page(request.GET.get("p"))
    tabs = [
        ("received", _("To review")),
        ("open", _("Being handled")),
        ("answered", _("Replies to approve")),
        ("overdue", _("Overdue")),
        ("published", pgettext("message state", "Published")),
        ("closed", _("Rejected and hidden")),
        ("all", _("All")),
    ]
    return TemplateResponse(
        request,
        "messageboard/admin/inbox.html",
        {
            "page_obj": page,
            "tab": tab,
            "tabs": tabs,
            "today": inbox.today(),
            "is_moderator": states.is_moderator(request.user),
            "counted_in": counted_in,
            "query": f"&counted={what}&year={year}" if counted_in else "",
        },
    )


def handle_message(request, message_id):
    """One message: what it says (sensitive words marked), its history, and the steps
    this user may take now."""
    message = get_object_or_404(inbox.visible_to(request.user), pk=message_id)
    allowed = states.allowed_actions(message, request.user)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "faq":
            return _promote(request, message)
        if action not in ACTIONS:
            raise PermissionDenied
        form_class, step = ACTIONS[action]
        form = form_class(request.POST, prefix=action) if form_class else None
        if form is not None and not form.is_valid():
            messages.error(request, _("Check the form: %s") % form.errors.as_text())
        else:
            try:
                step(message, request.user, form.cleaned_data if form else {})
            except states.TransitionError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Done: %s") % states.ACTION_LABELS[action])
        return redirect("messageboard_admin:handle", message.pk)
    forms_by_action = {
        action: (ACTIONS[action][0](prefix=action) if ACTIONS[action][0] else None)
        for action in allowed
    }
    if "accept" in forms_by_action and message.policy_id:
        forms_by_action["accept"].initial = {"division": message.policy.division_id}
    history = ModelLogEntry.objects.filter(
        content_type__app_label="messageboard", object_id=str(message.pk)
    ).select_related("user")
    return TemplateResponse(
        request,
        "messageboard/admin/handle.html",
        {
            "message": message,
            "body": highlighted(message.body),
            "subject": highlighted(message.subject),
            "replies": message.replies.select_related("author", "approved_by", "division"),
            "actions": [(a, states.ACTION_LABELS[a], f) for a, f in forms_by_action.items()],
            "can_promote": states.is_moderator(request.user)
            and message.state == Message.State.PUBLISHED,
            "history": history.order_by("-timestamp"),
            "max_extension": conf.get("MESSAGEBOARD_MAX_EXTENSION_DAYS"),
        },
    )


def _promote(request, message):
    if not states.is_moderator(request.user):
        raise PermissionDenied
    try:
        entry = faq.promote(message, request.user)
    except faq.FaqError as error:
        messages.error(request, str(error))
        return redirect("messageboard_admin:handle", message.pk)
    messages.success(request, _("Added to the FAQ; edit its wording if needed."))
    return redirect("wagtailsnippets_messageboard_faqentry:edit", entry.pk)
