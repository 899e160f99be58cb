"""The protection of public forms the core offers plugins (cms.access.public_forms, in the
plugin door): input as plain text, the contact pattern, per-address limits, the CAPTCHA."""

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import RequestFactory

from cms.plugin_api import (
    captcha_field,
    captcha_image_url,
    captcha_passes,
    clean_text,
    has_words,
    limited,
    new_captcha_key,
    valid_contact,
)


@pytest.fixture
def fresh_counters():
    cache.clear()
    yield
    cache.clear()


def _request(address="10.0.0.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_clean_text_leaves_plain_text():
    sent = "<b>标题</b>\u200b &amp; <script>alert(1)</script>正文\x07\n\n\n\n  第二段  "
    assert clean_text(sent) == "标题 & 正文\n\n第二段"  # a script with its content
    assert clean_text("&lt;b&gt;粗体&lt;/b&gt;") == "<b>粗体</b>"  # characters, as written
    assert clean_text(None) == ""


@pytest.mark.parametrize(
    "contact", ["13812345678", "010-12345678", "0591-1234567-123", "li.si@example.gov.cn"]
)
def test_a_phone_or_an_address_is_a_contact(contact):
    assert valid_contact(contact)


@pytest.mark.parametrize("contact", ["12812345678", "1381234567", "abc", "li@si", "", None])
def test_anything_else_is_not(contact):
    assert not valid_contact(contact)


def test_text_needs_a_word():
    assert has_words("问") and has_words("a") and has_words("1")
    assert not has_words("？！…\ufffd ") and not has_words(None)


def test_each_scope_counts_apart_per_address(fresh_counters):
    request = _request()
    results = [limited(request, scope="test_intake", rate="2/min") for _ in range(3)]
    assert results[:2] == [None, None]
    assert results[2] is not None and results[2].wait >= 1
    # Another scope, and another address, have their own counters.
    assert limited(request, scope="test_other", rate="2/min") is None
    assert limited(_request("10.0.0.2"), scope="test_intake", rate="2/min") is None


@pytest.mark.parametrize("rate", ["", None])
def test_no_rate_is_no_limit(fresh_counters, rate):
    assert all(limited(_request(), scope="test_intake", rate=rate) is None for _ in range(50))


needs_captcha = pytest.mark.skipif(
    not apps.is_installed("captcha"), reason="no enabled plugin requires the captcha app"
)


@needs_captcha
@pytest.mark.django_db
def test_a_challenge_is_answered_once():
    from captcha.models import CaptchaStore

    key = new_captcha_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    assert captcha_image_url(key) == f"/captcha/image/{key}/"
    assert not captcha_passes(key, "wrong")  # a wrong answer uses the challenge up
    key = new_captcha_key()
    answer = CaptchaStore.objects.get(hashkey=key).response
    assert captcha_passes(key, answer.upper())
    assert not captcha_passes(key, answer)
    assert not captcha_passes("", "") and not captcha_passes(None, None)


@needs_captcha
@pytest.mark.django_db
def test_the_lazy_field_writes_no_challenge_until_asked():
    from captcha.models import CaptchaStore
    from django import forms

    class Form(forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["captcha"] = captcha_field(label="验证码", lazy=not self.is_bound)

    html = Form().as_p()
    assert 'data-refresh="/captcha/refresh/"' in html and "cms/captcha.js" in html
    assert CaptchaStore.objects.count() == 0
    sent = Form({"captcha_0": "", "captcha_1": ""})
    assert not sent.is_valid()
    assert 'name="captcha_0" value="' in sent.as_p() and CaptchaStore.objects.count() == 1


@needs_captcha
@pytest.mark.django_db
def test_the_cores_captcha_urls_count_challenges_together_per_address(
    client, settings, fresh_counters
):
    """The refresh the widget asks and GET /api/v1/captcha are the core's, and every
    challenge they make counts against one limit per address."""
    from captcha.models import CaptchaStore

    settings.PUBLIC_CAPTCHA_RATE_LIMIT = "2/min"
    ajax = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"}
    assert client.get("/captcha/refresh/", **ajax).status_code == 200
    made = client.get("/api/v1/captcha").json()
    assert made["image_url"] == f"http://testserver/captcha/image/{made['key']}/"
    refused = client.get("/captcha/refresh/", **ajax)
    assert refused.status_code == 429 and refused.json()["code"] == "rate_limited"
    assert client.get("/api/v1/captcha").status_code == 429
    assert CaptchaStore.objects.count() == 2
