"""The proxy's cache is purged of what a publication or withdrawal changed
(cms/operations/purge.py): through the real publish and withdraw paths, with a frontend-cache
backend that records the URLs it is asked to purge, and the refresh backend against a
real HTTP server through the outbound guard."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from cms.models import PolicyPage
from cms.operations.purge import REFRESH_HEADER, RefreshBackend
from cms.review.bundle import withdraw_bundle
from tests.conftest import publish_reviewed

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    def purge(self, url):
        PURGED.append(url)


@pytest.fixture
def recorded(settings):
    settings.WAGTAILFRONTENDCACHE = {
        "test": {"BACKEND": "tests.cms.test_proxy_purge.RecordingBackend"}
    }
    PURGED.clear()
    yield PURGED
    PURGED.clear()


def expected_urls(policy, interpretation) -> set[str]:
    base = "http://testserver"
    library = policy.get_parent()
    home = library.get_parent()
    return {
        base + policy.url,
        base + interpretation.url,
        base + library.url,
        base + home.url,
        base + "/catalogue/",
        base + "/feeds/policies.rss",
        base + "/feeds/policies.atom",
        base + f"/feeds/agencies/{policy.agency_id}.rss",
        base + "/sitemap.xml",
        base + "/sitemap-policies.xml",
    }


def test_publishing_a_reviewed_bundle_purges_its_pages_and_the_listings(
    recorded, bundle, drafter, reviewers, django_capture_on_commit_callbacks
):
    policy, interpretation = bundle
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_reviewed(policy, drafter, reviewers)
    assert policy.live
    interpretation.refresh_from_db()
    assert interpretation.live
    assert expected_urls(policy, interpretation) <= set(recorded), set(recorded)
    # Nothing of the admin or the API, and each URL once.
    assert not [url for url in recorded if "/admin/" in url or "/api/" in url]
    assert len(recorded) == len(set(recorded))


def test_nothing_is_purged_before_the_commit(
    recorded, bundle, drafter, reviewers, django_capture_on_commit_callbacks
):
    policy, _interpretation = bundle
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        publish_reviewed(policy, drafter, reviewers)
    assert recorded == []
    for callback in callbacks:
        callback()
    assert recorded


@pytest.mark.parametrize("how", ["withdraw_bundle", "unpublish"])
def test_withdrawing_purges_the_withdrawn_pages_and_the_listings(
    recorded, bundle, drafter, reviewers, django_capture_on_commit_callbacks, how
):
    policy, interpretation = bundle
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_reviewed(policy, drafter, reviewers)
    interpretation.refresh_from_db()
    urls = expected_urls(policy, interpretation)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        if how == "withdraw_bundle":
            withdraw_bundle(PolicyPage.objects.get(pk=policy.pk))
        else:  # the admin's unpublish, a script: cms.signals.withdraw_with_policy
            PolicyPage.objects.get(pk=policy.pk).unpublish()
    assert not PolicyPage.objects.get(pk=policy.pk).live
    assert urls <= set(recorded), set(recorded)


def test_without_a_frontend_cache_nothing_is_asked(
    settings, bundle, drafter, reviewers, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = None
    PURGED.clear()
    policy, _ = bundle
    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(policy, drafter, reviewers)
    assert PURGED == []


@pytest.fixture
def refresh_server(settings):
    """nginx's refresh server as the site sees it: records each GET."""
    seen: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append({"path": self.path, "headers": dict(self.headers)})
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], seen
    server.shutdown()
    server.server_close()


def test_the_refresh_backend_asks_nginx_with_the_secret_through_the_guard(settings, refresh_server):
    port, seen = refresh_server
    backend = RefreshBackend({"LOCATION": f"http://127.0.0.1:{port}", "SECRET": "s3cret"})
    # The refresh server is on loopback: refused until the operator allows it.
    settings.OUTBOUND_ALLOWED_DESTINATIONS = []
    backend.purge_batch(["https://www.example.gov.cn/zhengce/a/"])
    assert seen == []
    settings.OUTBOUND_ALLOWED_DESTINATIONS = [f"127.0.0.1:{port}"]
    backend.purge_batch(
        ["https://www.example.gov.cn/zhengce/a/", "https://www.example.gov.cn/catalogue/?p=2"]
    )
    assert [request["path"] for request in seen] == ["/zhengce/a/", "/catalogue/?p=2"]
    headers = seen[0]["headers"]
    assert headers["Host"] == "www.example.gov.cn"
    assert headers[REFRESH_HEADER] == "s3cret"
    assert headers["X-Forwarded-Proto"] == "https"
