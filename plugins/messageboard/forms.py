"""The public message form; its checks are the API's (intake.clean)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cms.plugin_api import MAX_ID, PublicTextField, captcha_field
from plugins.messageboard import conf, intake
from plugins.messageboard.models import Message


class MessageForm(forms.Form):
    policy = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=MAX_ID
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Message.Category.choices,
        initial=Message.Category.CONSULTATION,
        widget=forms.RadioSelect,
    )
    subject = PublicTextField(label=_("Subject"), max_length=intake.LIMITS["subject"])
    body = PublicTextField(
        label=_("Message"),
        max_length=intake.LIMITS["body"],
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = PublicTextField(
        label=_("Your name"),
        max_length=intake.LIMITS["name"],
        help_text=_("Not shown to the public."),
    )
    contact = PublicTextField(
        label=_("Phone or e-mail"),
        max_length=intake.LIMITS["contact"],
        help_text=_("Not shown to the public; the division may call you back."),
    )
    # The honeypot: hidden from people, filled in by robots.
    website = forms.CharField(
        required=False, label=pgettext_lazy("message board", "Leave this field empty")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if conf.get("MESSAGEBOARD_CAPTCHA"):
            # A form shown to be read writes no challenge; one sent back with errors does.
            self.fields["captcha"] = captcha_field(
                label=_("Verification code"), lazy=not self.is_bound
            )

    def focus_first_error(self) -> None:
        """Mark every field in error for assistive technology, and put the cursor in the
        first, so a reader who sent the form lands on what to correct."""
        first = True
        for name in self.fields:
            if name in self.errors:
                attrs = self.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                if first and name != "captcha":
                    attrs["autofocus"] = True
                    first = False

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            intake.clean(data)
        except intake.IntakeError as error:
            for field, message in error.errors.items():
                self.add_error(field if field in self.fields else None, message)
        except intake.UnknownPolicy as error:
            self.add_error(None, str(error))
        return data


class TrackForm(forms.Form):
    # Wide enough for the 20 characters of a code on a phone (board.css), typed as is.
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=32,
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


class RatingForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("How satisfied are you with the reply?"),
        choices=Message.Rating.choices,
        widget=forms.RadioSelect,
    )
