"""The public forms: the application, tracking, a supplement and a withdrawal. Their checks
are the API's (``intake.clean``): the fields here only render and carry the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from cms.plugin_api import Agency, PublicTextField, captcha_field, kept_for_stamp
from plugins.disclosure_requests import conf, intake, public
from plugins.disclosure_requests.models import DisclosureRequest, Supplement

R = DisclosureRequest


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; checked by ``uploads.problem``, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, required=False, **kwargs)

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


def _text(label, limit, help_text="", rows=0, **attrs):
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    if not rows:  # tel, email: the phone's keyboard for it
        widget.input_type = attrs.pop("type", "text")
    widget.attrs.update({"maxlength": limit, **attrs})
    return PublicTextField(label=label, required=False, help_text=help_text, widget=widget)


def _choices(label, choices, radio=True):
    widget = forms.RadioSelect if radio else forms.Select
    return forms.ChoiceField(label=label, choices=choices, required=False, widget=widget)


class FilesChosenAgain:
    """A form with an ``attachments`` file input, shown again after an error: no browser
    keeps a file chosen, so the input comes back empty, and a note beside it says so
    (field.html shows ``attachments_note``) rather than losing the files without a word."""

    attachments_note = ""

    def ask_for_files_again(self) -> None:
        """Call when the form is shown again with errors; a note only if files were sent."""
        if not any(self.files.getlist("attachments")):
            return
        self.attachments_note = pgettext(
            "disclosure request",
            "Please choose the files to upload again (for security reasons, browsers "
            "do not keep the files chosen).",
        )
        field = self["attachments"]
        described = [f"{field.auto_id}_helptext"] if field.help_text else []
        self.fields["attachments"].widget.attrs["aria-describedby"] = " ".join(
            [*described, f"{field.auto_id}_note"]
        )


class PublicForm(forms.Form):
    """What the public forms share: every field in error marked for assistive technology;
    the error summary above the form takes the focus (errors.html), so that a reader
    starts at the list of what to correct, not at a field half-way down."""

    def focus_first_error(self) -> None:
        for name in self.fields:
            if name in self.errors:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def error_summary(self) -> list[dict]:
        """Each error with its field's label and id, for the list above the form."""
        items = [{"label": "", "id": "", "text": str(e)} for e in self.non_field_errors()]
        for name in self.fields:
            errors = self.errors.get(name)
            if errors:
                field = self[name]
                anchor = field.auto_id if name not in self.RADIOS else f"{field.auto_id}_0"
                items += [{"label": field.label, "id": anchor, "text": str(e)} for e in errors]
        return items

    RADIOS: tuple = ()


LIMITS = intake.LIMITS
# Required fields, marked in the form (intake decides; these are always required, the
# others depend on the applicant type or the way to obtain).
REQUIRED = ("applicant_type", "name", "id_type", "id_number", "information", "form", "way")


class ApplicationForm(FilesChosenAgain, PublicForm):
    RADIOS = ("applicant_type", "form", "way")
    # The page's order (apply.html), which the error summary follows.
    field_order = [
        "policy",
        "applicant_type",
        "name",
        "contact_person",
        "id_type",
        "id_number",
        "attachments",
        "phone",
        "email",
        "address",
        "postcode",
        "agency",
        "information",
        "doc_number",
        "purpose",
        "form",
        "way",
        "captcha",
    ]

    agency = forms.ChoiceField(
        label=pgettext_lazy("disclosure request", "Agency asked"), required=False, choices=()
    )
    policy = forms.CharField(required=False, widget=forms.HiddenInput)
    applicant_type = _choices(
        pgettext_lazy("disclosure request", "Applicant"), R.ApplicantType.choices
    )
    name = _text(
        pgettext_lazy("disclosure request", "Name or organisation name"),
        LIMITS["name"],
        autocomplete="name",
    )
    contact_person = _text(
        pgettext_lazy("disclosure request", "Legal representative or contact person"),
        LIMITS["contact_person"],
        _("Organisations only."),
    )
    id_type = _choices(
        pgettext_lazy("disclosure request", "Identity document"), R.IdType.choices, radio=False
    )
    id_number = _text(
        pgettext_lazy("disclosure request", "Identity document number"),
        LIMITS["id_number"],
        _("An organisation gives its unified social credit code."),
        autocomplete="off",
        spellcheck="false",
    )
    phone = _text(
        pgettext_lazy("disclosure request", "Phone"),
        LIMITS["phone"],
        _("A mobile or a landline with its area code."),
        type="tel",
        autocomplete="tel",
    )
    email = _text(
        pgettext_lazy("disclosure request", "E-mail"),
        LIMITS["email"],
        type="email",
        autocomplete="email",
    )
    address = _text(
        pgettext_lazy("disclosure request", "Postal address"),
        LIMITS["address"],
        _("Required when the information is posted."),
        autocomplete="street-address",
    )
    postcode = _text(
        pgettext_lazy("disclosure request", "Postcode"),
        LIMITS["postcode"],
        inputmode="numeric",
        autocomplete="postal-code",
    )
    information = _text(
        pgettext_lazy("disclosure request", "Information sought"),
        LIMITS["information"],
        _("The title of the document or a description precise enough to find it."),
        rows=5,
    )
    doc_number = _text(
        pgettext_lazy("disclosure request", "Document number of the information"),
        LIMITS["doc_number"],
    )
    purpose = _text(
        pgettext_lazy("disclosure request", "Other features or purpose"), LIMITS["purpose"], rows=3
    )
    form = _choices(pgettext_lazy("disclosure request", "Form of provision"), R.Form.choices)
    way = _choices(pgettext_lazy("disclosure request", "Way to obtain"), R.Way.choices)
    attachments = MultipleFileField(
        label=pgettext_lazy("disclosure request", "Copy of the identity document"),
        help_text=_("Optional: PDF, JPEG or PNG, at most %(count)d files of %(mb)d MB each."),
    )
    # The honeypot: hidden from people, filled in by robots.
    website = forms.CharField(
        required=False, label=pgettext_lazy("disclosure request", "Leave this field empty")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = list(agency_choices())
        if len(agencies) > 1:
            self.fields["agency"].choices = [("", "—"), *agencies]
        else:  # the only agency is the one asked
            del self.fields["agency"]
        attachments = self.fields["attachments"]
        attachments.help_text = attachments.help_text % {
            "count": conf.get("DISCLOSURE_MAX_ATTACHMENTS"),
            "mb": conf.get("DISCLOSURE_MAX_ATTACHMENT_MB"),
        }
        if conf.get("DISCLOSURE_CAPTCHA"):
            # A form shown to be read writes no challenge; one sent back with errors does.
            self.fields["captcha"] = captcha_field(
                label=pgettext_lazy("disclosure request", "Verification code"),
                lazy=not self.is_bound,
            )

    def focus_first_error(self) -> None:
        super().focus_first_error()
        self.ask_for_files_again()

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        policy = public.policy_from_token(self.data.get("policy"))
        raw = {name: self.data.get(name, "") for name in self.fields if name != "attachments"}
        raw["policy"] = policy.pk if policy else None
        try:
            self.intake = intake.clean(raw, data.get("attachments") or [])
        except intake.IntakeError as error:
            for field, message in error.errors.items():
                if field not in self.errors:
                    self.add_error(field if field in self.fields else None, message)
        return data


@kept_for_stamp
def agency_choices() -> tuple[tuple[int, str], ...]:
    """(id, name) of every agency, by name, for the application's choice: read once per
    publication stamp (saving or deleting an agency moves it, cms.signals)."""
    return tuple(Agency.objects.order_by("name").values_list("pk", "name"))


class TrackForm(PublicForm):
    # Wide enough for the 20 characters of a code on a phone, typed as is.
    code = forms.CharField(
        label=pgettext_lazy("disclosure request", "Tracking code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": "tracking-input",
                "size": 24,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    contact = forms.CharField(
        label=pgettext_lazy("disclosure request", "Phone or e-mail given in the application"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class SupplementForm(FilesChosenAgain, forms.Form):
    answer = forms.CharField(
        label=pgettext_lazy("disclosure request", "Your supplement"),
        max_length=Supplement._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=pgettext_lazy("disclosure request", "Files"))


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(label=_("I withdraw this application."))
    reason = forms.CharField(
        label=pgettext_lazy("disclosure request", "Reason (optional)"),
        required=False,
        max_length=300,
        widget=forms.TextInput,
    )
