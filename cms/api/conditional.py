"""Rate limit, conditional GET and caching for every public GET endpoint.

The ETag is derived from the publication stamp (cms.models.stamps) and the request's
URL, so a matching ``If-None-Match`` is answered with 304 before any policy is read,
and publishing or withdrawing anything changes every ETag at once. For the same reason
a response body never goes stale under its ETag: bodies are kept in the cache by ETag
(``API_RESPONSE_CACHE_SECONDS``), and a publication simply makes the old keys unused.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle

from cms.api import errors
from cms.models import PublicationStamp
from cms.models.stamps import kept_in_cache


class PublicRateThrottle(AnonRateThrottle):
    scope = "api"


def check_rate(request) -> Throttled | None:
    """The Throttled error to answer with, or None while the client is within the limit.

    The rate is read on every request rather than when the API is built, so a changed
    setting takes effect at once. Counters live in the default cache, by client address.
    """
    rate = settings.API_RATE_LIMIT
    if not rate or getattr(request, "_rate_counted", False):
        return None
    request._rate_counted = True  # once per request, whether middleware or view asks
    throttle = PublicRateThrottle(rate)
    if throttle.allow_request(request):
        return None
    return Throttled(wait=throttle.wait())


def etag_for(request, version: int, changed_us: int) -> str:
    # The host is part of it: bodies carry absolute links built from the request. The
    # time is too: a database restored from a backup counts versions again from lower.
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    url = f"{changed_us}|{request.build_absolute_uri(request.path)}?{query}"
    digest = hashlib.blake2b(url.encode(), digest_size=12, salt=b"api-v1").hexdigest()
    return f'"{version}-{digest}"'


def cached_response(run, request, etag: str, *args, **kwargs):
    """The response for `etag` from the cache, or from `run`, which then fills the cache."""
    seconds = settings.API_RESPONSE_CACHE_SECONDS
    if not seconds:
        return run(request, *args, **kwargs)
    key = f"api:v1:body:{etag}"
    hit = cache.get(key)
    if hit is not None:
        content, content_type = hit
        return HttpResponse(content, content_type=content_type)
    response = run(request, *args, **kwargs)
    if response.status_code == 200:
        cache.set(key, (response.content, response["Content-Type"]), seconds)
    return response


def _set_cache_headers(response, etag: str, changed_us: int) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_us // 1_000_000)
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Origin"])


def cached_for_stamp(request, key, compute):
    """``compute()``, kept in the cache for as long as the publication stamp is current
    (``kept_in_cache``: a list's total is kept with the bodies' cache off too). The value
    is shared by the process's requests: callers must not change it."""
    return kept_in_cache(("api:v1", key), compute, stamp=stamp(request))


def stamp(request) -> tuple:
    """The publication stamp this request is answered at (set by ``public_get``)."""
    return request.publication_stamp


def _not_modified(request):
    """(304 or 429 response or None, etag, changed_us) for a public GET."""
    throttled = check_rate(request)
    if throttled is not None:
        return errors.on_throttled(request, throttled), None, None
    version, changed_us = request.publication_stamp = PublicationStamp.current()
    etag = etag_for(request, version, changed_us)
    response = get_conditional_response(request, etag=etag, last_modified=changed_us // 1_000_000)
    if response is not None and response.status_code == 304:
        _set_cache_headers(response, etag, changed_us)
    return response, etag, changed_us


class NotModifiedMiddleware:
    """Answer a conditional GET of the API with 304 before the rest of the stack runs.

    A 304 needs only the publication stamp, so sessions, authentication, CSRF, URL
    routing and the view are skipped: a client polling for changes costs one primary-key
    read. Only an ``If-None-Match`` is answered here: an ETag names one URL at one stamp,
    and only endpoints that follow the stamp (``public_get``) ever hand one out. A date
    alone (``If-Modified-Since``) goes on to the view, which answers it if it follows the
    stamp; an endpoint that does not (a message's tracking page) is never told "not
    modified" for a change the stamp did not see.
    """

    PREFIX = "/api/v1/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if (
            request.method in ("GET", "HEAD")
            and request.path.startswith(self.PREFIX)
            and "HTTP_IF_NONE_MATCH" in meta
        ):
            response, _etag, _changed = _not_modified(request)
            if response is not None:
                return response
        return self.get_response(request)


def public_get(run):
    """Decorate a ninja operation's ``run`` (``@decorate_view(public_get)``)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        response, etag, changed_us = _not_modified(request)
        if response is not None and etag is None:  # rate limited
            return response
        if response is None:
            response = cached_response(run, request, etag, *args, **kwargs)
        if response.status_code in (200, 304):
            _set_cache_headers(response, etag, changed_us)
        return response

    return wrapper
