"""The production error pages (issue 25.13): Chinese, in the site's layout, under the
site's Content Security Policy; the 500 page is static and reads no database."""

import pytest
from django.db import DatabaseError


def test_an_unknown_address_is_a_chinese_page_in_the_sites_layout(client, db, make_policy):
    draft = make_policy("尚未发布的文件", live=False)
    for path in ("/no-such-page/", f"{draft.get_parent().url}{draft.slug}/"):
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 404, path
        assert "页面不存在" in html and "Not Found" not in html, path
        assert 'class="site-header"' in html and "/static/cms/site.css" in html, path
        assert 'href="/search/"' in html or 'action="/search/"' in html, path
        assert "script-src 'self'" in response["Content-Security-Policy"], path
    # The API's unknown addresses stay JSON.
    assert client.get("/api/v1/nothing")["Content-Type"].startswith("application/json")


def test_a_server_error_is_a_static_chinese_page(client, db, monkeypatch, publish_policy):
    """The database failing under a public page: the visitor gets the site's 500 page."""
    from cms.models import PolicyLibraryPage

    policy = publish_policy("会出错的文件")

    def broken(*args, **kwargs):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(PolicyLibraryPage, "get_context", broken)
    client.raise_request_exception = False
    response = client.get(policy.get_parent().url)
    html = response.content.decode()
    assert response.status_code == 500
    assert "服务器内部错误" in html or "服务暂时出错" in html
    assert "Server Error" not in html
    assert 'class="site-header"' in html and "/static/cms/site.css" in html
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_500_page_reads_no_database(rf, django_db_blocker):
    from policy_cms.urls import handler500

    with django_db_blocker.block():
        response = handler500(rf.get("/any/"))
    assert response.status_code == 500
    assert "服务" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/anything"])
def test_the_apis_server_errors_stay_json(rf, django_db_blocker, path):
    from policy_cms.urls import handler500

    with django_db_blocker.block():
        response = handler500(rf.get(path))
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
