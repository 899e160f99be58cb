"""The consultations' admin views: the list, one consultation's comment inbox with its
answers and feedback, and the spreadsheet (thin: every step is a function of ``handling``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from wagtail.models import ModelLogEntry, PageLogEntry

from cms.plugin_api import id_param
from plugins.consultation import export, handling, inbox
from plugins.consultation.models import (
    Clause,
    Comment,
    Disposition,
    Phase,
    comment_numbers,
)


class AnswerForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("disposition", "disposition"),
        choices=Disposition.Kind.choices,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=pgettext_lazy("consultation", "Reason"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when not adopted."),
    )
    clause = forms.ModelChoiceField(
        Clause.objects.none(),
        label=gettext_lazy("Where provided for (clause)"),
        required=False,
        help_text=gettext_lazy("Required for “already provided for”."),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary of the comments"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("For merged comments: the point they make, without names."),
    )
    replace = forms.BooleanField(
        label=pgettext_lazy("consultation", "Replace the drafted answers of the chosen comments"),
        required=False,
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = consultation.clauses.order_by("sort_order", "pk")


class ReviseForm(AnswerForm):
    """An answer's own form: it keeps its comments, so there is nothing to replace."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["replace"]


class RegisterForm(forms.Form):
    """登记来信意见: a comment received by e-mail, by post or otherwise."""

    channel = forms.ChoiceField(
        label=pgettext_lazy("consultation", "Received by"),
        choices=[c for c in Comment.Channel.choices if c[0] != Comment.Channel.ONLINE],
        widget=forms.RadioSelect,
    )
    # The browser's own date field: the admin's date picker put today in place of a day
    # it could not read (validateOnBlur), and the comment was stored as received today.
    received_on = forms.DateField(
        label=pgettext_lazy("consultation", "Day received"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    clause = forms.ModelChoiceField(
        Clause.objects.none(),
        label=gettext_lazy("Clause"),
        required=False,
        empty_label=gettext_lazy("The draft as a whole"),
    )
    body = forms.CharField(
        label=pgettext_lazy("consultation", "Comment"),
        max_length=handling.REGISTER_LIMITS["body"],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    name = forms.CharField(
        label=pgettext_lazy("consultation", "Name"),
        max_length=handling.REGISTER_LIMITS["name"],
        required=False,
        help_text=gettext_lazy("Optional; never public."),
    )
    contact = forms.CharField(
        label=gettext_lazy("Contact"),
        max_length=handling.REGISTER_LIMITS["contact"],
        required=False,
        help_text=gettext_lazy("Optional; never public."),
    )

    def __init__(self, *args, consultation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = consultation.current_clauses()


class NoteForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Why it is returned"), max_length=200)


def _errors(form) -> str:
    """The form's errors, each after its field's label (not its name)."""
    return "；".join(
        f"{form.fields[name].label if name in form.fields else ''}：{'，'.join(errors)}"
        for name, errors in form.errors.items()
    )


def _visible(request, consultation_id):
    if not handling.may_use(request.user):
        raise PermissionDenied
    return get_object_or_404(inbox.consultations_of(request.user), pk=consultation_id)


def consultation_list(request):
    """The consultations this user handles, with their comments and feedback."""
    if not handling.may_use(request.user):
        raise PermissionDenied
    page = Paginator(inbox.listing(request.user), 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "consultation/admin/list.html",
        {"page_obj": page, "due": inbox.feedback_due(request.user)[:50], "today": inbox.today()},
    )


def consultation_inbox(request, consultation_id):
    """One consultation's comments, filtered by clause, answer and moderation state; its
    answers with their next steps, and the feedback."""
    consultation = _visible(request, consultation_id)
    if request.method == "POST":
        return _step(request, consultation)
    return _inbox_page(request, consultation)


def _inbox_page(request, consultation, register_form=None, status=200):
    """The inbox; ``register_form``: a refused letter's form, shown open with its errors."""
    clause, answer, state = (request.GET.get(k, "") for k in ("clause", "answer", "state"))
    listed = inbox.comments(consultation, clause, answer, state)
    page = Paginator(listed, 100).get_page(request.GET.get("p"))
    numbers = comment_numbers(consultation)
    for comment in page:
        comment.number = numbers.get(comment.pk)  # none while held or rejected
    user = request.user
    dispositions = consultation.dispositions.select_related(
        "clause", "answered_by", "approved_by"
    ).prefetch_related("comments")
    feedback = handling.feedback_of(consultation)
    published = feedback is not None and feedback.published_at is not None
    closed = consultation.phase() not in (Phase.UPCOMING, Phase.OPEN)
    return TemplateResponse(
        request,
        "consultation/admin/inbox.html",
        {
            "consultation": consultation,
            "page_obj": page,
            "clauses": consultation.clauses.order_by("sort_order", "pk"),
            "filters": {"clause": clause, "answer": answer, "state": state},
            "answer_choices": [
                ("unanswered", _("Unanswered")),
                ("draft", _("Answer drafted")),
                ("submitted", _("Awaiting approval")),
                ("approved", pgettext("consultation", "Approved")),
                *Disposition.Kind.choices,
            ],
            "state_choices": Comment.State.choices,
            "can_answer": handling.works_for(user, consultation) and closed and not published,
            "answer_note": (
                ""
                if not handling.works_for(user, consultation)
                else _("The feedback is published; its answers can no longer change.")
                if published
                else ""
                if closed
                else _("Comments are answered after the consultation closes.")
            ),
            "can_moderate": handling.is_moderator(user),
            "can_approve": handling.heads(user, consultation),
            "can_register": handling.registers(user, consultation) and not published,
            "register_form": register_form
            or RegisterForm(consultation=consultation, prefix="register"),
            "register_open": register_form is not None,
            "answer_form": AnswerForm(consultation=consultation, prefix="answer"),
            "answers": [
                _answer_row(d, user, consultation, published, numbers) for d in dispositions
            ],
            "history": _history(consultation),
            "note_form": NoteForm(prefix="return"),
            "feedback": feedback,
            "overdue": feedback is not None and inbox.is_overdue(feedback),
            "blockers": handling.publish_blockers(consultation),
            "can_publish": handling.heads(user, consultation) and not published,
            "counts": inbox.answer_counts(consultation),
            "labels": handling.ACTION_LABELS,
        },
        status=status,
    )


def _answer_row(disposition, user, consultation, published: bool, numbers: dict) -> dict:
    """One answer with the steps this user may take, and its form to revise it."""
    actions = handling.allowed_actions(disposition, user, published)
    form = None
    if "revise" in actions:
        form = ReviseForm(
            consultation=consultation,
            prefix="answer",
            auto_id=f"id_answer{disposition.pk}_%s",
            initial={
                "kind": disposition.kind,
                "reason": disposition.reason,
                "clause": disposition.clause_id,
                "summary": disposition.summary,
            },
        )
    return {
        "disposition": disposition,
        "actions": [(a, handling.ACTION_LABELS[a]) for a in actions if a not in ("revise",)],
        "form": form,
        "comments": sorted(numbers[c.pk] for c in disposition.comments.all() if c.pk in numbers),
    }


def _history(consultation) -> list:
    """The consultation's steps (moderation, publication, reminders) and its answers',
    newest first: the audit log, as the message board shows a message's."""
    answers = [str(pk) for pk in consultation.dispositions.values_list("pk", flat=True)]
    entries = [
        *PageLogEntry.objects.filter(
            page=consultation, action__startswith="consultation."
        ).select_related("user")[:100],
        *ModelLogEntry.objects.filter(
            content_type__app_label="consultation",
            content_type__model="disposition",
            object_id__in=answers,
        ).select_related("user")[:200],
    ]
    return sorted(entries, key=lambda entry: entry.timestamp, reverse=True)[:200]


def _step(request, consultation):
    action = request.POST.get("action", "")
    try:
        if action == "answer":
            _answer(request, consultation)
        elif action == "register":
            refused = _register(request, consultation)
            if refused is not None:
                return refused
        elif action in handling.COMMENT_TRANSITIONS:
            comment = get_object_or_404(
                consultation.comments, pk=id_param(request.POST.get("comment", "")) or 0
            )
            handling.moderate(
                comment, request.user, action == "accept_comment", request.POST.get("note", "")
            )
        elif action == "submit_all":
            handling.submit_all(consultation, request.user)
        elif action == "approve_all":
            handling.approve_all(consultation, request.user)
        elif action == "publish":
            handling.publish(consultation, request.user, request.POST.get("summary"))
        elif action in handling.TRANSITIONS:
            _disposition_step(request, consultation, action)
        else:
            raise PermissionDenied
    except handling.HandlingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Done: %s") % handling.ACTION_LABELS[action])
    return redirect(f"{request.path}?{request.GET.urlencode()}" if request.GET else request.path)


def _answer(request, consultation):
    form = AnswerForm(request.POST, consultation=consultation, prefix="answer")
    if not form.is_valid():
        raise handling.HandlingError(pgettext("consultation", "Check the form: %s") % _errors(form))
    ids = [i for i in map(id_param, request.POST.getlist("comments")) if i is not None]
    comments = list(Comment.objects.filter(consultation=consultation, pk__in=ids))
    if not comments:
        raise handling.HandlingError(_("Choose the comments to answer."))
    data = form.cleaned_data
    handling.answer(
        consultation,
        comments,
        request.user,
        data["kind"],
        data["reason"],
        data["clause"],
        data["summary"],
        replace=data["replace"],
    )


def _register(request, consultation):
    """Registers the letter; a refused one comes back as the inbox with its form open,
    what was typed kept and the errors beside their fields (nothing stored)."""
    form = RegisterForm(request.POST, consultation=consultation, prefix="register")
    if form.is_valid():
        data = form.cleaned_data
        try:
            handling.register_comment(
                consultation,
                request.user,
                data["channel"],
                data["received_on"],
                data["body"],
                clause=data["clause"],
                name=data["name"],
                contact=data["contact"],
            )
            return None
        except handling.RegisterError as error:
            form.add_error(error.field, str(error))
    messages.error(request, pgettext("consultation", "Check the form: %s") % _errors(form))
    return _inbox_page(request, consultation, register_form=form, status=400)


def _disposition_step(request, consultation, action):
    disposition_id = id_param(request.POST.get("disposition", ""))
    disposition = get_object_or_404(consultation.dispositions, pk=disposition_id or 0)
    user = request.user
    if action == "submit":
        handling.submit(disposition, user)
    elif action == "approve":
        handling.approve(disposition, user)
    elif action == "return":
        handling.return_answer(disposition, user, request.POST.get("return-note", ""))
    else:  # revise
        form = ReviseForm(request.POST, consultation=consultation, prefix="answer")
        if not form.is_valid():
            raise handling.HandlingError(
                pgettext("consultation", "Check the form: %s") % _errors(form)
            )
        data = form.cleaned_data
        handling.revise(
            disposition, user, data["kind"], data["reason"], data["clause"], data["summary"]
        )


def comments_export(request, consultation_id):
    """The comments and their answers as XLSX for those who see this consultation; names
    and contacts only for its drafting division (its head included), who work with them."""
    consultation = _visible(request, consultation_id)
    listed = inbox.comments(consultation)
    personal = handling.works_for(request.user, consultation)
    content = export.xlsx_bytes(
        consultation, listed, comment_numbers(consultation), personal=personal
    )
    response = HttpResponse(content, content_type=export.XLSX)
    name = f"consultation-{consultation.pk}-comments.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
