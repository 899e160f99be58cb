"""The public comment form; its checks are the API's (intake.clean)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.plugin_api import PublicTextField, captcha_field
from plugins.consultation import conf, intake

TextField = PublicTextField  # lengths and characters: intake.clean checks them, as for the API


class CommentForm(forms.Form):
    clause = forms.ChoiceField(label=_("Clause"), required=False)
    body = TextField(
        label=_("Your comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = TextField(
        label=_("Your name"),
        help_text=pgettext_lazy("consultation", "Not shown to the public."),
    )
    contact = TextField(
        label=_("Phone or e-mail"),
        help_text=_("Not shown to the public; the drafting division may contact you."),
    )
    # The honeypot: hidden from people, filled in by robots.
    website = forms.CharField(
        required=False, label=pgettext_lazy("consultation", "Leave this field empty")
    )

    def __init__(self, consultation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.consultation = consultation
        self.fields["clause"].choices = [("", _("The whole draft"))] + [
            (c.anchor, f"{c.label} {c.text[:24]}".strip()) for c in consultation.current_clauses()
        ]
        self.fields["name"].required = conf.get("CONSULTATION_NAME_REQUIRED")
        self.fields["contact"].required = conf.get("CONSULTATION_CONTACT_REQUIRED")
        if conf.get("CONSULTATION_CAPTCHA"):
            # A form shown to be read writes no challenge; one sent back with errors does.
            self.fields["captcha"] = captcha_field(
                label=_("Verification code"), lazy=not self.is_bound
            )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def focus_first_error(self) -> None:
        """Mark the fields in error for assistive technology; the cursor goes to the first."""
        first = True
        for name in self.fields:
            if name in self.errors:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                if first and name != "captcha":
                    attrs["autofocus"] = True
                    first = False

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.fields_to_store = intake.clean(self.consultation, data)
        except intake.IntakeError as error:
            for field, message in error.errors.items():
                self.add_error(field if field in self.fields else None, message)
        return data


class TrackForm(forms.Form):
    # Wide enough for the 20 characters of a code on a phone, typed as is.
    code = forms.CharField(
        label=pgettext_lazy("consultation", "Tracking code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "size": 24,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
