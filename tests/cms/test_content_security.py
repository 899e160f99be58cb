"""The Content Security Policy on what the server sends: strict on the public pages and
the admin's login, loosened only inside the admin (its widgets' inline scripts). The
browser tests check that no page breaks it (tests/e2e/conftest.new_page)."""

import pytest


def directives(response) -> dict[str, set[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: set(values)
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["policy", "search", "login"])
def test_public_pages_and_the_login_allow_no_inline_script_or_style(client, publish_policy, path):
    policy = publish_policy("关于统计执法检查的通知")
    url = {"policy": policy.url, "search": "/search/?q=统计", "login": "/admin/login/"}[path]
    response = client.get(url)
    assert response.status_code == 200
    policy_of = directives(response)
    assert policy_of["script-src"] == {"'self'"}
    assert policy_of["style-src"] == {"'self'"}
    assert policy_of["object-src"] == {"'none'"}
    assert policy_of["frame-ancestors"] == {"'self'"}


def test_inside_the_admin_inline_scripts_are_allowed_and_nothing_else(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    policy_of = directives(response)
    assert policy_of["script-src"] == {"'self'", "'unsafe-inline'"}
    assert policy_of["style-src"] == {"'self'", "'unsafe-inline'"}
    assert policy_of["default-src"] == {"'self'"}
    assert policy_of["object-src"] == {"'none'"}


def test_the_object_store_may_serve_images(monkeypatch):
    from policy_cms.settings.base import content_security_policy

    monkeypatch.setenv("S3_ENDPOINT_URL", "https://oss.example.gov.cn")
    policy = content_security_policy()["DIRECTIVES"]
    assert "https://oss.example.gov.cn" in policy["img-src"]
    assert "https://oss.example.gov.cn" not in policy["script-src"]
