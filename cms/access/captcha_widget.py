"""A public form's CAPTCHA without a row per page view: a policy page shows a form to every
reader, and django-simple-captcha writes a challenge each time it renders one. Here an
unsent form renders no challenge; its script (cms/static/cms/captcha.js) asks
/captcha/refresh/ (limited per address by the plugin that serves it) when the reader
starts on the form. A form sent without one (no script) comes back with a challenge made
then.

Imports django-simple-captcha's models: imported only by ``public_forms.captcha_field``,
which runs only while a plugin that lists ``captcha`` in its REQUIRED_APPS has it on.
"""

from __future__ import annotations

from captcha.fields import CaptchaTextInput
from django.forms import MultiWidget
from django.urls import reverse


class LazyCaptchaInput(CaptchaTextInput):
    template_name = "cms/includes/captcha_widget.html"

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
