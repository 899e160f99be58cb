"""The CAPTCHA of the public form and the API (django-simple-captcha), switched on by
MESSAGEBOARD_CAPTCHA, and the decoy answer a robot gets from the honeypot."""

from __future__ import annotations

from captcha.fields import CaptchaField
from captcha.models import CaptchaStore
from django.core.exceptions import ValidationError
from django.urls import reverse

from plugins.messageboard.models import new_tracking_code


def new_key() -> str:
    return CaptchaStore.generate_key()


def image_url(key: str) -> str:
    return reverse("captcha-image", kwargs={"key": key})


def passes(key: str, value: str) -> bool:
    """Whether ``value`` answers the challenge ``key``; a challenge is tried once only."""
    try:
        CaptchaField().clean([key or "", value or ""])
    except ValidationError:
        return False
    return True


def decoy_code() -> str:
    """A tracking code that looks real and finds nothing: a robot learns nothing."""
    return new_tracking_code()
