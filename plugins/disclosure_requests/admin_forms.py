"""The forms of the request page, one per step of ``states``, and how each calls its step.

A form only reads and checks what the office or the division typed; the step itself (and
every rule of the regulation) is ``states``'. ``ACTIONS`` maps an action to its form and
to the call; the request page and the listing post to the same view with it.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.widgets import AdminDateInput

from cms.plugin_api import Division
from plugins.disclosure_requests import outcomes, states, uploads
from plugins.disclosure_requests.forms import MultipleFileField, MultipleFileInput
from plugins.disclosure_requests.models import Attachment, DisclosureRequest, FeeNotice

PROVIDED_ACCEPT = ".pdf,.ofd,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png,.zip"


def _date(label, required=False, help_text=""):
    return forms.DateField(
        label=label, required=required, widget=AdminDateInput, help_text=help_text
    )


def _text(label, max_length=2000, required=True, rows=3):
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def find_by_reference(reference: str, visible) -> DisclosureRequest | None:
    """The request a reference such as 2026-00012 names, among ``visible``."""
    _year, _dash, number = (reference or "").strip().rpartition("-")
    if not number.isdigit():
        return None
    found = visible.filter(pk=int(number)).first()
    return found if found is not None and found.reference == reference.strip() else None


class StepForm(forms.Form):
    """A step's form: it knows the request and the requests the user may see (a chooser
    by reference looks there, never beyond)."""

    def __init__(self, *args, request_obj: DisclosureRequest, visible, **kwargs):
        super().__init__(*args, **kwargs)
        self.request_obj, self.visible = request_obj, visible
        if "division" in self.fields:
            self.fields["division"].queryset = Division.objects.filter(
                agency_id=request_obj.agency_id
            ).select_related("agency")

    def _reference(self, name: str) -> DisclosureRequest | None:
        reference = self.cleaned_data.get(name, "")
        if not reference:
            return None
        found = find_by_reference(reference, self.visible)
        if found is None:
            raise forms.ValidationError(
                _("No request numbered %(reference)s.") % {"reference": reference}
            )
        return found


class ConfirmForm(StepForm):
    received_on = _date(
        _("Received on"),
        help_text=_("For a letter, the day the agency signed for it; empty: today."),
    )
    division = forms.ModelChoiceField(
        Division.objects.none(),
        label=_("Assign to"),
        required=False,
        help_text=_("The division holding the information; it may also be assigned later."),
    )


class ReasonForm(StepForm):
    reason = _text(_("Reason"), max_length=300, rows=2)


class OptionalReasonForm(StepForm):
    reason = _text(_("Reason"), max_length=300, required=False, rows=2)


class MergeForm(StepForm):
    into = forms.CharField(
        label=_("Merge into request"),
        max_length=20,
        help_text=_("Its reference, e.g. 2026-00012: a request of the same applicant."),
        widget=forms.TextInput(attrs={"list": "disclosure-same-applicant"}),
    )

    def clean_into(self):
        return self._reference("into")


class SupplementForm(StepForm):
    text = _text(_("What the applicant must supplement"), rows=4)


class SuppliedForm(StepForm):
    answer = _text(_("The supplement"), max_length=4000, rows=4)
    answered_on = _date(_("Arrived on"), help_text=_("Empty: today."))
    file = forms.FileField(
        label=_("Scanned papers"), required=False, help_text=_("PDF, JPEG or PNG.")
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        problem = uploads.problem([upload]) if upload else None
        if problem:
            raise forms.ValidationError(problem)
        return upload


class AssignForm(StepForm):
    division = forms.ModelChoiceField(Division.objects.none(), label=_("Division"))
    due_on = _date(
        _("Division's deadline"),
        help_text=_("Empty: the configured working days, never after the reply's deadline."),
    )


class ReassignForm(StepForm):
    division = forms.ModelChoiceField(Division.objects.none(), label=_("Division"))
    reason = _text(_("Reason"), max_length=300, rows=2)


class ConsultForm(StepForm):
    party = forms.CharField(label=_("Third party"), max_length=200)
    note = _text(_("Note"), required=False, rows=2)


class ConsultedForm(StepForm):
    opinion = _text(_("The third party's opinion"), required=False, rows=3)
    on = _date(_("Received on"), help_text=_("Empty: today."))


class FeeForm(StepForm):
    basis = forms.ChoiceField(label=_("Basis"), choices=FeeNotice.Basis.choices)
    pages = forms.IntegerField(
        label=pgettext_lazy("disclosure request", "Pages"),
        min_value=1,
        required=False,
        help_text=_("Only for a fee by pages."),
    )


class PaidForm(StepForm):
    paid_on = _date(_("Paid on"), help_text=_("Empty: today."))


class ExtendForm(StepForm):
    days = forms.IntegerField(label=_("Working days"), min_value=1)
    reason = _text(_("Reason"), max_length=300, rows=2)


def outcome_choices():
    """The outcomes a division may choose, grouped under the annual report's headings."""
    labels = dict(outcomes.Outcome.choices)
    grouped = []
    for group, heading in outcomes.Group.choices:
        chosen = [(o, labels[o]) for o in outcomes.outcomes_in(group) if o in outcomes.CHOSEN]
        if chosen:
            grouped.append((heading, chosen))
    return [("", "---------"), *grouped]


def _provided_field():
    return MultipleFileField(
        label=_("Government information provided"),
        widget=MultipleFileInput(attrs={"accept": PROVIDED_ACCEPT}),
        help_text=_(
            "For 予以公开 and 部分公开: the files given to the applicant (PDF, OFD, Word, "
            "Excel, JPEG, PNG or zip), listed in the letter and downloadable by the "
            "applicant once the letter is served, when they chose the website or e-mail."
        ),
    )


class ProvidedFilesMixin:
    """The files of government information provided, checked by ``uploads``."""

    def clean_provided(self):
        files = self.cleaned_data.get("provided") or []
        problem = uploads.problem(files, provided=True) if files else None
        if problem:
            raise forms.ValidationError(problem)
        return files


class DraftForm(ProvidedFilesMixin, StepForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=outcome_choices)
    text = _text(_("Text of the reply"), max_length=10000, rows=8)
    reason = _text(_("Reason for not disclosing"), max_length=4000, required=False)
    responsible_agency = forms.CharField(
        label=_("Responsible agency"),
        max_length=200,
        required=False,
        help_text=_("When the information is held by another agency: its name."),
    )
    responsible_contact = forms.CharField(label=_("Its contact"), max_length=200, required=False)
    earlier_request = forms.CharField(
        label=_("Earlier request"),
        max_length=20,
        required=False,
        help_text=_("For a repeated application: the reference of the request it repeats."),
    )

    provided = _provided_field()

    def clean_earlier_request(self):
        return self._reference("earlier_request")


class NoteForm(StepForm):
    note = _text(_("What must change"), max_length=1000, rows=3)


class LetterTextForm(StepForm):
    """Review and approval: the office may correct the letter's text before it is final."""

    text = _text(_("Text of the reply"), max_length=10000, rows=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        letter = getattr(self.request_obj, "letter", None)
        if letter is not None and not self.is_bound:
            self.fields["text"].initial = letter.text


class ReviewForm(ProvidedFilesMixin, LetterTextForm):
    """The review: the office may add files of the information provided."""

    provided = _provided_field()


class SendForm(StepForm):
    sent_on = _date(_("Served on"), help_text=_("Empty: today."))
    way = forms.CharField(
        label=_("Served by"),
        max_length=100,
        help_text=_("E.g. by post (tracking number), by e-mail."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.fields["way"].initial = self.request_obj.get_way_display()


class EmptyForm(StepForm):
    pass


def _supplied(r, u, d):
    result = states.supplied(r, u, d["answer"], d["answered_on"])
    if d.get("file"):
        uploads.attach(r, d["file"], kind="supplement")
    return result


def _with_provided(step):
    """A step that also stores the files of information provided, in its transaction: a
    refused step keeps none of them."""

    def run(r, u, d):
        with transaction.atomic():
            result = step(r, u, d)
            for upload in d.get("provided") or []:
                uploads.attach(r, upload, kind=Attachment.Kind.PROVIDED)
        return result

    return run


# action → (form, the call of its step with the request, the user and the cleaned data)
ACTIONS = {
    "confirm": (ConfirmForm, lambda r, u, d: states.confirm(r, u, d["received_on"], d["division"])),
    "discard": (ReasonForm, lambda r, u, d: states.discard(r, u, d["reason"])),
    "merge": (MergeForm, lambda r, u, d: states.merge(r, u, d["into"])),
    "ask_supplement": (SupplementForm, lambda r, u, d: states.ask_supplement(r, u, d["text"])),
    "supplied": (SuppliedForm, _supplied),
    "abandon": (EmptyForm, lambda r, u, d: states.abandon(r, u)),
    "assign": (AssignForm, lambda r, u, d: states.assign(r, u, d["division"], d["due_on"])),
    "reassign": (
        ReassignForm,
        lambda r, u, d: states.reassign(r, u, d["division"], d["reason"]),
    ),
    "consult": (ConsultForm, lambda r, u, d: states.consult(r, u, d["party"], d["note"])),
    "consulted": (ConsultedForm, lambda r, u, d: states.consulted(r, u, d["opinion"], d["on"])),
    "notify_fee": (FeeForm, lambda r, u, d: states.notify_fee(r, u, d["basis"], d["pages"])),
    "fee_paid": (PaidForm, lambda r, u, d: states.fee_paid(r, u, d["paid_on"])),
    "fee_unpaid": (EmptyForm, lambda r, u, d: states.fee_unpaid(r, u)),
    "extend": (ExtendForm, lambda r, u, d: states.extend(r, u, d["days"], d["reason"])),
    "draft": (
        DraftForm,
        _with_provided(
            lambda r, u, d: states.draft(
                r,
                u,
                d["outcome"],
                d["text"],
                d["reason"],
                d["responsible_agency"],
                d["responsible_contact"],
                d["earlier_request"],
            )
        ),
    ),
    "return_reply": (NoteForm, lambda r, u, d: states.return_reply(r, u, d["note"])),
    "review": (ReviewForm, _with_provided(lambda r, u, d: states.review(r, u, d["text"]))),
    "approve": (LetterTextForm, lambda r, u, d: states.approve(r, u, d["text"])),
    "send": (SendForm, lambda r, u, d: states.send(r, u, d["way"], d["sent_on"])),
    "withdraw": (OptionalReasonForm, lambda r, u, d: states.withdraw(r, u, d["reason"])),
}

# Steps that end or set aside a request: their buttons are drawn as warnings.
WARNING_ACTIONS = frozenset({"discard", "abandon", "fee_unpaid", "withdraw", "merge"})
