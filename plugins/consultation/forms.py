"""The public comment form; its checks are the API's (intake.clean)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.plugin_api import captcha_field
from plugins.consultation import conf, intake


class CommentForm(forms.Form):
    clause = forms.ChoiceField(label=_("Clause"), required=False)
    body = forms.CharField(
        label=_("Your comment"),
        max_length=intake.LIMITS["body"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=intake.LIMITS["name"],
        help_text=pgettext_lazy("consultation", "Not shown to the public."),
    )
    contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=intake.LIMITS["contact"],
        help_text=_("Not shown to the public; the drafting division may contact you."),
    )
    # The honeypot: hidden from people, filled in by robots.
    website = forms.CharField(required=False, label="Website")

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
