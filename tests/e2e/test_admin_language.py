"""The Chinese admin speaks Chinese (issue 24.10).

Each demo role (the administrator, a drafter, the four reviewers) walks every admin page
it can reach from the dashboard, following links with Django's test client (the pages are
rendered on the server; the sidebar's and the scripts' strings are read from the JSON the
page gives them). A page with an English word outside a short allowlist fails the test.
test_admin_language_browser.py reads what the admin's scripts draw (the editor's toolbars
and side panels, the dashboard) in Chromium."""

import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tests.e2e.admin_crawl import crawl

ROLES = ["drafter11", "chuzhang", "editor", "chief", "leader", "admin"]


@pytest.mark.once
@pytest.mark.django_db
def test_every_admin_page_a_demo_role_reaches_is_in_chinese(client):
    started = time.monotonic()
    call_command("load_demo", stdout=StringIO())
    loaded = time.monotonic() - started
    User = get_user_model()
    english, visited, started, seen = {}, 0, time.monotonic(), set()
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        found, count = crawl(client, seen_patterns=seen)
        visited += count
        for url, words in found.items():
            english[f"{username} {url}"] = sorted(set(words))
        client.logout()
    assert visited > 100, visited  # the crawl really walked the admin
    assert not english, "\n".join(f"{where}: {' '.join(w)}" for where, w in english.items())
    print(f"demo loaded in {loaded:.1f} s; {visited} pages in {time.monotonic() - started:.1f} s")
