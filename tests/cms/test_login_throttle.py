"""Brute force on the admin login: five failures of one user name from one address lock
that pair out for a while; the editor can still log in from elsewhere."""

from datetime import timedelta

import time_machine
from django.utils import timezone


def attempt(client, password, address="203.0.113.9"):
    return client.post(
        "/admin/login/",
        {"username": "editor", "password": password},
        REMOTE_ADDR=address,
    )


def test_five_failures_lock_the_pair_out_until_the_cool_off(
    client, db, settings, django_user_model
):
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user("editor", password="right-password-2026", is_staff=True)
    for _ in range(4):
        assert attempt(client, "wrong").status_code == 200  # the form again, with an error
    locked = attempt(client, "wrong")
    assert locked.status_code == 429 and "登录失败次数过多" in locked.content.decode()
    assert attempt(client, "right-password-2026").status_code == 429  # even the right one
    assert attempt(client, "right-password-2026", address="10.1.2.3").status_code == 302

    client.logout()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert attempt(client, "right-password-2026").status_code == 302


def test_the_lockout_page_has_the_sites_policy_and_says_when_to_retry(
    client, db, settings, django_user_model
):
    """Issue 25.13: the 429 carries the Content Security Policy of every page and a
    Retry-After of the cool-off, which the page's text names too."""
    settings.AXES_ENABLED = True
    django_user_model.objects.create_user("editor", password="right-password-2026", is_staff=True)
    for _ in range(4):
        attempt(client, "wrong")
    for path in ("/admin/login/", "/_util/login/"):
        locked = client.post(
            path, {"username": "editor", "password": "wrong"}, REMOTE_ADDR="203.0.113.9"
        )
        assert locked.status_code == 429, path
        assert locked["Retry-After"] == str(15 * 60), path
        policy = locked["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
        assert "0:15:00" in locked.content.decode(), path
