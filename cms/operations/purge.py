"""Purging the proxy's cached pages when a publication changes them.

deploy/nginx caches anonymous visitors' public pages for ``PUBLIC_PAGE_PROXY_MAX_AGE``
seconds (the ``s-maxage`` of cms.public.conditional). A bundle published or withdrawn
changes its own pages and every page that lists it, so after the commit those URLs are
handed to Wagtail's frontend-cache invalidation (``wagtail.contrib.frontend_cache``,
configured by ``WAGTAILFRONTENDCACHE``): nothing happens while no backend is configured.
A page published or withdrawn outside a bundle (an annual report, the website report,
the home page, a column, a plugin's page, an interpretation on its own, the importer)
has its own URL and those of the pages above it purged the same way
(``purge_page_after_commit``, from cms.signals); the URLs of one transaction go once.

The nginx packaged here has no purge module (ngx_cache_purge is not in nginx-light), so
``RefreshBackend`` asks nginx's refresh server (deploy/nginx, loopback or the compose
network only, with a shared secret) for each URL: the refresh server skips the cached
copy (``proxy_cache_bypass``), fetches the page anew and stores it under the same key,
including a withdrawn page's 404. Its requests go through the outbound guard
(cms.operations.outbound), like every request the site makes on its own.
"""

from __future__ import annotations

import logging
import threading
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page

from cms.operations.outbound import RefusedDestination, sync_client

logger = logging.getLogger(__name__)

REFRESH_HEADER = "X-Cache-Refresh"
USER_AGENT = "policy-cms-cache-refresh/1"
# Pages outside the page tree that list policies; those a plugin does not serve are left
# out (each is checked against the URL configuration).
LISTINGS = (
    "/catalogue/",
    "/feeds/policies.rss",
    "/feeds/policies.atom",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-policies.xml",
    "/sitemap-interpretations.xml",
)


class RefreshBackend(BaseBackend):
    """Refresh each URL in nginx's cache: a GET with the shared secret to the refresh
    server, which fetches the page from the site and stores it in place of the old copy.

    Settings: ``LOCATION`` (the refresh server, e.g. ``http://127.0.0.1:8081``),
    ``SECRET`` (nginx's ``CACHE_REFRESH_SECRET``), ``TIMEOUT`` (seconds per URL)."""

    def __init__(self, params):
        super().__init__(params)
        self.location = params["LOCATION"].rstrip("/")
        self.secret = params["SECRET"]
        self.timeout = float(params.get("TIMEOUT", 10))

    def purge(self, url) -> None:
        self.purge_batch([url])

    def purge_batch(self, urls) -> None:
        with sync_client(timeout=self.timeout, user_agent=USER_AGENT) as http:
            for url in urls:
                parts = urlsplit(url)
                target = self.location + (parts.path or "/")
                if parts.query:
                    target += "?" + parts.query
                headers = {
                    "Host": parts.netloc,
                    "X-Forwarded-Proto": parts.scheme or "https",
                    REFRESH_HEADER: self.secret,
                }
                try:
                    answer = http.get(target, headers=headers)
                except (httpx.HTTPError, RefusedDestination) as error:
                    logger.error("could not refresh %s in the proxy's cache: %s", url, error)
                    continue
                if answer.status_code >= 500 or answer.status_code == 403:
                    logger.error(
                        "could not refresh %s in the proxy's cache: %s", url, answer.status_code
                    )


def _base() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _path(page: Page) -> str | None:
    url = page.get_url()
    return urlsplit(url).path if url else None


def publication_urls(policy) -> list[str]:
    """The public URLs a publication or withdrawal of ``policy``'s bundle changes: the
    policy and its interpretations, every page above it (the library or column listing
    it, the home page), the catalogue, the feeds and the sitemap."""
    paths = []
    policy = Page.objects.filter(pk=policy.pk).first()
    if policy is None:
        return []
    for page in [policy, *policy.get_children(), *policy.get_ancestors().filter(depth__gt=1)]:
        path = _path(page)
        if path:
            paths.append(path)
    agency_id = getattr(policy.specific_deferred, "agency_id", None)
    listings = [*LISTINGS]
    if agency_id:
        listings += [f"/feeds/agencies/{agency_id}.rss", f"/feeds/agencies/{agency_id}.atom"]
    return _absolute(paths, listings)


def purge_publication(policy_id: int) -> None:
    """Purge what the publication or withdrawal of the policy ``policy_id`` changed;
    a failing proxy is logged, never raised: the publication stands."""
    if not get_backends():
        return
    from cms.models import PolicyPage

    policy = PolicyPage.objects.filter(pk=policy_id).first()
    if policy is None:
        return
    try:
        PurgeBatch(publication_urls(policy)).purge()
    except Exception:
        logger.exception("could not purge the proxy's cache for policy %s", policy_id)


# The sitemap lists every page; the others are listed by the pages above them.
PAGE_LISTINGS = ("/sitemap.xml", "/sitemap-pages.xml")


def page_urls(page: Page) -> list[str]:
    """The public URLs a page published or withdrawn on its own changes: a policy's or its
    interpretation's are the policy's publication's (``publication_urls``); any other
    page's are the page, every page above it (the index or column that lists it, the home
    page) and the sitemap."""
    from cms.models import PolicyPage

    page = Page.objects.filter(pk=page.pk).first() if page.pk else None
    if page is None:
        return []
    if page.specific_class is PolicyPage:
        return publication_urls(page)
    parent = page.get_parent()
    if parent is not None and parent.specific_class is PolicyPage:
        return publication_urls(parent)
    paths = [_path(p) for p in [page, *page.get_ancestors().filter(depth__gt=1)]]
    return _absolute(paths, PAGE_LISTINGS)


def _absolute(paths, listings) -> list[str]:
    """The full URLs of ``paths`` (empty ones left out) and of the ``listings`` this site
    serves (a plugin's feed is gone when the plugin is off), each once, in order."""
    served = []
    for path in listings:
        try:
            resolve(path)
        except Resolver404:
            continue
        served.append(path)
    base = _base()
    return list(dict.fromkeys(base + path for path in [*paths, *served] if path))


class _Pending(threading.local):
    def __init__(self):
        self.urls: dict[str, None] = {}


_pending = _Pending()


def purge_page_after_commit(page: Page) -> None:
    """Purge ``page``'s URLs (``page_urls``, read now: a page deleted before the commit
    still has them) once the transaction commits; the URLs of pages published or
    withdrawn in one transaction go in one batch, each once."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    urls = page_urls(page)
    if not urls:
        return
    connection = transaction.get_connection()
    if connection.in_atomic_block and not connection.run_on_commit:
        _pending.urls = {}  # left by a transaction that rolled back
    _pending.urls.update(dict.fromkeys(urls))
    # One callback per call, each sending whatever is pending: a callback of a savepoint
    # that rolls back is dropped, and a later one still sends its URLs.
    transaction.on_commit(_purge_pending, robust=True)


def _purge_pending() -> None:
    urls, _pending.urls = list(_pending.urls), {}
    if not urls or not get_backends():
        return
    try:
        PurgeBatch(urls).purge()
    except Exception:
        logger.exception("could not purge the proxy's cache of %d pages", len(urls))


def purge_after_commit(policy) -> None:
    """Purge once the publication or withdrawal commits: before, the proxy would fetch
    and keep the page as it was."""
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        transaction.on_commit(lambda: purge_publication(policy.pk))
