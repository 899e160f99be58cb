"""What stands between a public form (the message board, applications for information)
and the site: its text cleaned to plain text, the patterns of a contact and of words,
per-address limits on what the form writes, and the CAPTCHA (django-simple-captcha).

The CAPTCHA belongs to the plugins that use it: each lists ``captcha`` in its
``REQUIRED_APPS`` (installed once however many do, cms.extend.plugin_manager.plugin_apps)
and switches it on by a setting of its own. The functions here import django-simple-captcha
only when called, so the core loads without the app installed.
"""

from __future__ import annotations

import re

import nh3
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle

from cms.text.sanitize import normalize_text

# ---- text -------------------------------------------------------------------------------

_SPACE = re.compile(r"[ \t\r\f\v]+")

# A mobile, a landline (with its area code, optionally an extension) or an e-mail address;
# an API's schema may carry the same pattern, so a client knows before it sends.
CONTACT_PATTERN = (
    r"^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})$"
)
_CONTACT = re.compile(CONTACT_PATTERN)
# Text needs a letter, a digit or a Chinese character: markup, blanks or replacement
# characters (U+FFFD, what undecodable bytes became) alone say nothing.
TEXT_PATTERN = r"[0-9A-Za-z\u4e00-\u9fff]"
_TEXT = re.compile(TEXT_PATTERN)


def clean_text(value: str) -> str:
    """Public input as plain text: every tag stripped, entities kept as characters, runs of
    blanks folded, at most one empty line in a row."""
    # Control, zero-width and bidi-override characters are never text (the core's rule).
    text = normalize_text(value or "")
    if "<" in text or "&" in text:  # without either there is no markup to strip
        text = nh3.clean(text, tags=set(), strip_comments=True)
        text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        text = text.replace("&quot;", '"').replace("&#39;", "'")
        text = normalize_text(text)  # what character references spelt out
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def emptied_error(raw) -> str:
    """The error for a required field left empty: when something was typed that cleaning
    removed (only markup such as ``<script>…</script>``, or only invisible characters),
    it says so, not that the field was not filled."""
    if str(raw or "").strip():
        return str(
            gettext_lazy(
                "The content cannot be only HTML code or invisible characters; "
                "write it as plain text."
            )
        )
    return str(gettext_lazy("This field is required."))


class PublicTextField(forms.CharField):
    """A public form's text field: control, zero-width and bidi characters are dropped as
    ``clean_text`` drops them, before the length is counted, not refused with Django's
    message about null characters."""

    def to_python(self, value):
        return super().to_python(normalize_text(value) if isinstance(value, str) else value)


def valid_contact(text: str) -> bool:
    """Whether ``text`` (cleaned) is a mobile, a landline or an e-mail address."""
    return bool(_CONTACT.match(text or ""))


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter, a digit or a Chinese character."""
    return bool(_TEXT.search(text or ""))


# ---- per-address limits -----------------------------------------------------------------


class _ScopedThrottle(AnonRateThrottle):
    def __init__(self, scope: str, rate: str):
        self.scope = scope  # its own counter per address
        super().__init__(rate)


def limited(request, *, scope: str, rate: str | None) -> Throttled | None:
    """The Throttled error to answer with once this address did ``scope`` more often than
    ``rate`` ("5/min"; empty or None: no limit) this period; None while within it, and
    then counted. Each scope counts apart (name it after your plugin: "messageboard_intake");
    call it only for what writes, after the input was found valid."""
    if not rate:
        return None
    throttle = _ScopedThrottle(scope, rate)
    return None if throttle.allow_request(request) else Throttled(wait=throttle.wait())


# ---- the CAPTCHA (django-simple-captcha; only while a plugin has it on) ----------------


def new_captcha_key() -> str:
    """A new challenge (one row); show ``captcha_image_url(key)`` and send the key back."""
    from captcha.models import CaptchaStore

    return CaptchaStore.generate_key()


def captcha_image_url(key: str) -> str:
    """The challenge's image, as a path (``request.build_absolute_uri`` it for an API)."""
    return reverse("captcha-image", kwargs={"key": key})


def captcha_passes(key: str, value: str) -> bool:
    """Whether ``value`` answers the challenge ``key``; a challenge is tried once only."""
    from captcha.fields import CaptchaField
    from django.core.exceptions import ValidationError

    try:
        CaptchaField().clean([key or "", value or ""])
    except ValidationError:
        return False
    return True


def captcha_field(*, label, lazy: bool = True):
    """A form's CAPTCHA field. ``lazy`` (pass ``not form.is_bound``): rendered without a
    challenge, which its script asks for when the reader starts on the form, so a page
    only read writes no row; a form sent back with errors renders one at once."""
    from captcha.fields import CaptchaField

    from cms.access.captcha_widget import LazyCaptchaInput

    return CaptchaField(label=label, widget=LazyCaptchaInput(lazy=lazy))
