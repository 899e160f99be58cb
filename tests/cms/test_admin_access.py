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
