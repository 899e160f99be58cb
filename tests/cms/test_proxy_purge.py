"""The proxy's cache is purged of what a publication or withdrawal changed
(cms/operations/purge.py): through the real publish and withdraw paths, with a frontend-cache
backend that records the URLs it is asked to purge, and the refresh backend against a
real HTTP server through the outbound guard."""

from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.frontend_cache.backends.base import BaseBackend

from cms.models import (
    AnnualReportPage,
    HomePage,
    PolicyLibraryPage,
    PolicyPage,
    WebsiteReportPage,
)
from cms.operations import purge
from cms.operations.purge import REFRESH_HEADER, RefreshBackend
from cms.reports import website
from cms.reports.drafts import start_draft
from cms.review.bundle import withdraw_bundle
from tests.cms import test_annual_reports as annual_tests
from tests.cms import test_website_reports as website_tests
from tests.conftest import publish_reviewed

# The report tests' fixtures: the annual report without the plugins that count its
# tables, the website report's year.
no_counting_plugins = annual_tests.no_counting_plugins
year_2025 = website_tests.year_2025

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


# --- pages published or withdrawn outside a bundle ------------------------------------


def page_and_above(page) -> set[str]:
    """The page's URL and those of the pages above it, up to the home page, and the
    sitemap's."""
    base = "http://testserver"
    pages = [page, *page.get_ancestors().filter(depth__gt=1)]
    return {base + p.url for p in pages} | {base + "/sitemap.xml", base + "/sitemap-pages.xml"}


def test_the_home_page_republished_is_purged(recorded, db, django_capture_on_commit_callbacks):
    home = HomePage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        home.save_revision().publish()
    assert set(recorded) == {"http://testserver/", *page_and_above(home)}
    assert len(recorded) == len(set(recorded))


def test_a_disclosure_annual_report_published_and_withdrawn_is_purged_with_its_column(
    recorded, agency, no_counting_plugins, django_capture_on_commit_callbacks
):
    report = annual_tests.complete(start_draft(agency, 2025))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report.save_revision().publish()
    assert recorded == []  # not before the commit
    for callback in callbacks:
        callback()
    column = report.get_parent()
    urls = page_and_above(report)
    assert {f"http://testserver{report.url}", f"http://testserver{column.url}"} <= urls
    assert set(recorded) == urls
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        AnnualReportPage.objects.get(pk=report.pk).unpublish()
    assert set(recorded) == urls  # its 404 and the column without it


def test_the_website_report_published_is_purged_with_its_column(
    year_2025, site_identity, recorded, django_capture_on_commit_callbacks
):
    """(The fixture's policies are published before the frontend cache is configured.)"""
    report = website_tests.complete(website.start_draft(year_2025, 2025))
    with django_capture_on_commit_callbacks(execute=True):
        report.save_revision().publish()
    report = WebsiteReportPage.objects.get(pk=report.pk)
    assert report.live
    assert set(recorded) == page_and_above(report)
    assert "http://testserver" + report.get_parent().url in recorded


def test_an_interpretation_published_on_its_own_purges_its_policy_and_the_listings(
    recorded, published_bundle, make_interpretation, django_capture_on_commit_callbacks
):
    policy = PolicyPage.objects.get(pk=published_bundle[0])
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        later = make_interpretation(policy, title="后续解读")  # published on its own
    assert later.live
    assert expected_urls(policy, later) <= set(recorded), set(recorded)
    assert len(recorded) == len(set(recorded))


@pytest.mark.skipif(
    not apps.is_installed("plugins.consultation"), reason="the consultation plugin is off"
)
def test_a_plugins_page_published_and_withdrawn_is_purged(
    division, recorded, django_capture_on_commit_callbacks
):
    from plugins.consultation.column import ensure_column
    from plugins.consultation.models import ConsultationPage

    with django_capture_on_commit_callbacks(execute=True):
        column = ensure_column()  # published: purged here
    page = ConsultationPage(
        title="征求意见稿",
        live=False,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=30),
        division=division,
        kind="rule",
        draft_text="第一条 为了规范统计调查，制定本办法。",
        background="现行办法施行多年。",
    )
    column.add_child(instance=page)
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert set(recorded) == page_and_above(page)
    assert "http://testserver" + column.url in recorded
    recorded.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ConsultationPage.objects.get(pk=page.pk).unpublish()
    assert set(recorded) == page_and_above(page)


def test_the_pages_of_one_transaction_are_purged_once_after_it(
    agency, recorded, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get()
    library = PolicyLibraryPage.objects.get(agency=agency)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        home.save_revision().publish()
        library.save_revision().publish()
        home.save_revision().publish()
        assert recorded == []
    assert sorted(recorded) == sorted(page_and_above(home) | page_and_above(library))


def test_a_bundles_pages_are_left_to_the_bundle(
    recorded, bundle, drafter, reviewers, django_capture_on_commit_callbacks
):
    """The members' own page_published signals add nothing to the bundle's purge."""
    policy, interpretation = bundle
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_reviewed(policy, drafter, reviewers)
    interpretation.refresh_from_db()
    assert len(recorded) == len(set(recorded))
    assert set(recorded) == set(purge.publication_urls(policy))
