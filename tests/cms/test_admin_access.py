"""The admin only from the agency's networks when ADMIN_ALLOWED_NETWORKS lists them."""


def test_the_admin_answers_only_inside_the_listed_networks(client, db, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8", "192.168.10.7"]
    outside = client.get("/admin/login/", REMOTE_ADDR="203.0.113.9")
    assert outside.status_code == 403 and "内网" in outside.content.decode()
    assert client.get("/admin/login/", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.get("/admin/login/", REMOTE_ADDR="192.168.10.7").status_code == 200
    assert client.get("/api/v1/policies", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_behind_a_proxy_the_address_it_saw_counts(client, db, settings):
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    settings.NINJA_NUM_PROXIES = 1
    proxy = {"REMOTE_ADDR": "172.18.0.5"}
    inside = client.get("/admin/login/", HTTP_X_FORWARDED_FOR="10.9.9.9", **proxy)
    assert inside.status_code == 200
    # A client cannot pretend by sending its own X-Forwarded-For: the proxy appends.
    forged = client.get("/admin/login/", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.9", **proxy)
    assert forged.status_code == 403


def test_without_the_setting_the_admin_answers_from_anywhere(client, db, settings):
    settings.ADMIN_ALLOWED_NETWORKS = []
    assert client.get("/admin/login/", REMOTE_ADDR="203.0.113.9").status_code == 200


def test_every_login_path_answers_only_inside_the_listed_networks(
    client, db, settings, django_user_model
):
    """Wagtail's page-privacy login (/_util/login/) logs accounts in as the admin's does,
    so the same networks rule applies to it (issue 25.9)."""
    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    django_user_model.objects.create_user("editor", password="right-password-2026")
    credentials = {"username": "editor", "password": "right-password-2026"}
    for path in ("/_util/login/", "/admin/login/"):
        outside = client.get(path, REMOTE_ADDR="203.0.113.9")
        assert outside.status_code == 403 and "内网" in outside.content.decode(), path
        posted = client.post(path, credentials, REMOTE_ADDR="203.0.113.9")
        assert posted.status_code == 403, path
        assert "_auth_user_id" not in client.session, path
    assert client.get("/_util/login/", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert client.post("/_util/login/", credentials, REMOTE_ADDR="10.1.2.3").status_code == 302
    assert "_auth_user_id" in client.session


def test_no_login_path_authenticates_from_outside(db, settings, django_user_model, rf):
    """A login view the middleware does not know (a plugin's, a later one) still cannot
    log an account in from outside: authentication itself refuses."""
    from django.contrib.auth import authenticate

    settings.ADMIN_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    user = django_user_model.objects.create_user("editor", password="right-password-2026")
    credentials = {"username": "editor", "password": "right-password-2026"}
    outside = rf.post("/somewhere/login/", REMOTE_ADDR="203.0.113.9")
    inside = rf.post("/somewhere/login/", REMOTE_ADDR="10.1.2.3")
    assert authenticate(outside, **credentials) is None
    assert authenticate(inside, **credentials) == user
    settings.ADMIN_ALLOWED_NETWORKS = []
    assert authenticate(outside, **credentials) == user
