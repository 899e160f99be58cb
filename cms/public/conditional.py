"""Conditional requests and Cache-Control for the public HTML pages.

What an anonymous visitor sees of a public page changes only when something is
published, withdrawn or restricted, or when a plugin's public records change: each moves
the publication stamp (cms.models.stamps). So a page's ETag is derived from the stamp,
its URL and the deployed code, and a visitor (or a proxy) asking again with that ETag
is answered 304 from one primary-key read, before sessions, routing or the page run.

Only a page every anonymous visitor sees alike gets an ETag and ``Cache-Control:
public``: a GET answered 200 with HTML to a request without a session, that set no
cookie and used no CSRF token. A page with a form (its CSRF token is the visitor's own),
a page after a login (a session cookie), the admin and whatever a view marked itself
(``never_cache``, ``private``) is ``private, no-store`` or keeps its own header. Since a
withdrawal moves the stamp, no ETag handed out before it is answered 304 after it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from cms.models.stamps import stamp_of

# Paths that are not public pages, or that answer conditional requests themselves.
SKIPPED = ("/admin/", "/api/", "/documents/", "/captcha/", "/healthz", "/readyz")
_code: list[str] = []


def deployed_code() -> str:
    """A digest of the newest template, translation and module file of the project: a
    deployment that changes how pages look changes every page's ETag."""
    if not _code:
        root = Path(settings.BASE_DIR)
        newest = 0
        for folder in ("cms", "plugins", "search", "interpretations", "policy_cms"):
            for dirpath, _dirs, files in os.walk(root / folder):
                for name in files:
                    if name.endswith((".html", ".mo", ".py")):
                        newest = max(newest, os.stat(os.path.join(dirpath, name)).st_mtime_ns)
        _code.append(f"{newest}")
    return _code[0]


def etag_for(request, version: int, changed_us: int) -> str:
    # The query as sent, its parameters in order: the same parameters give the same page
    # (re-encoding request.GET instead cost more than the rest of the ETag).
    query = "&".join(sorted(request.META.get("QUERY_STRING", "").split("&")))
    url = f"{changed_us}|{deployed_code()}|{request.build_absolute_uri(request.path)}?{query}"
    digest = hashlib.blake2b(url.encode(), digest_size=12, salt=b"page").hexdigest()
    return f'"p{version}-{digest}"'


def _anonymous(request) -> bool:
    """Whether the request carries nothing that could make its page the visitor's own."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _follows_stamp(request, response) -> bool:
    return (
        response.status_code == 200
        and response.get("Content-Type", "").startswith("text/html")
        and "Cache-Control" not in response
        and not response.cookies
        and not response.has_header("Set-Cookie")
    )


# (max-age, s-maxage) → the Cache-Control a public page gets, and the last stamp's time →
# its Last-Modified: the same on every page until a setting or the stamp changes, where
# formatting them cost more than the rest of this middleware.
_control: dict[tuple[int, int], str] = {}
_modified: dict[int, str] = {}


def _cache_control(max_age: int, s_maxage: int) -> str:
    if (max_age, s_maxage) not in _control:
        # What patch_cache_control makes of them on a response without the header.
        response = HttpResponse()
        patch_cache_control(response, public=True, max_age=max_age, s_maxage=s_maxage)
        _control[max_age, s_maxage] = response["Cache-Control"]
    return _control[max_age, s_maxage]


def _public_headers(response, etag: str, changed_us: int) -> None:
    response["ETag"] = etag
    if changed_us not in _modified:
        _modified.clear()  # only the newest stamp's is asked for again
        _modified[changed_us] = http_date(changed_us // 1_000_000)
    response["Last-Modified"] = _modified[changed_us]
    if "Cache-Control" in response:  # not on the answers below: none has it
        patch_cache_control(
            response,
            public=True,
            max_age=settings.PUBLIC_PAGE_MAX_AGE,
            s_maxage=settings.PUBLIC_PAGE_PROXY_MAX_AGE,
        )
    else:
        response["Cache-Control"] = _cache_control(
            settings.PUBLIC_PAGE_MAX_AGE, settings.PUBLIC_PAGE_PROXY_MAX_AGE
        )


class PublicPageMiddleware:
    """ETag, Last-Modified and Cache-Control on public pages; 304 without rendering."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(SKIPPED):
            return self.get_response(request)
        files = tuple(url for url in (settings.STATIC_URL, settings.MEDIA_URL) if url)
        if files and request.path.startswith(files):
            return self.get_response(request)
        anonymous = _anonymous(request)
        etag = changed_us = None
        if anonymous:
            version, changed_us = stamp_of(request)
            etag = etag_for(request, version, changed_us)
            if "HTTP_IF_NONE_MATCH" in request.META:
                # Only an If-None-Match: an ETag is only ever handed out by a page that
                # follows the stamp, while a date alone says nothing about which page.
                answer = get_conditional_response(request, etag=etag)
                if answer is not None and answer.status_code == 304:
                    _public_headers(answer, etag, changed_us)
                    answer.public_page = True  # a page view (cms/reports/visits.py)
                    return answer
        response = self.get_response(request)
        if anonymous and _follows_stamp(request, response):
            _public_headers(response, etag, changed_us)
        elif response.status_code == 200 and "Cache-Control" not in response:
            # The visitor's own page (a form's CSRF token, a session): no shared cache.
            patch_cache_control(response, private=True, no_store=True)
        return response
