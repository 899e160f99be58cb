"""The form's CAPTCHA without a row per page view: a policy page shows the form to every
reader, and django-simple-captcha writes a challenge each time it renders one. Here an
unsent form renders no challenge; its script asks /captcha/refresh/ (limited per
address) when the reader starts on the form. A form sent without one (no script) comes
back with a challenge made then."""

from __future__ import annotations

from captcha.fields import CaptchaTextInput
from django.forms import MultiWidget
from django.urls import reverse


class LazyCaptchaInput(CaptchaTextInput):
    template_name = "messageboard/includes/captcha_widget.html"

    def __init__(self, *args, lazy: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.lazy = lazy

    def render(self, name, value, attrs=None, renderer=None):
        if not self.lazy:
            return super().render(name, value, attrs, renderer)
        self._key, self._value = "", ["", ""]
        self.id_ = self.build_attrs(attrs or {}).get("id")
        return MultiWidget.render(self, name, self._value, attrs, renderer)

    def get_context(self, name, value, attrs):
        context = MultiWidget.get_context(self, name, value, attrs)
        context["image"] = self.image_url() if self._key else ""
        context["refresh"] = reverse("captcha-refresh")
        return context
