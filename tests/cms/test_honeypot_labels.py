"""The public forms' honeypot (a field hidden from people, filled by robots) is labelled
in Chinese: a try-out read its label "Website" in English, as a screen without styles or
a reader that ignores ``aria-hidden`` shows it."""

import re

import pytest
from django.apps import apps

FORMS = [
    ("plugins.messageboard", "/messages/"),
    ("plugins.disclosure_requests", "/disclosure-requests/"),
    ("plugins.channels", "/subscribe/"),
]


@pytest.mark.parametrize(("plugin", "url"), FORMS, ids=[url for _, url in FORMS])
def test_the_honeypot_says_in_chinese_to_leave_it_empty(client, agency, plugin, url):
    if not apps.is_installed(plugin):
        pytest.skip(f"{plugin} is off")
    html = client.get(url).content.decode()
    [honeypot] = re.findall(r'<p class="honeypot"[^>]*>(.*?)</p>', html, re.S)
    assert 'name="website"' in honeypot
    assert "此项请留空" in honeypot and "Website" not in honeypot, honeypot
