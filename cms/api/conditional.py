"""Rate limit, conditional GET and cache headers for every public GET endpoint.

The ETag is derived from the publication stamp (cms.models.stamps) and the request's
path and query, so a matching ``If-None-Match`` is answered with 304 before any policy
is read, and publishing or withdrawing anything changes every ETag at once.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from ninja.errors import Throttled
from ninja.throttling import AnonRateThrottle

from ..models import PublicationStamp


class PublicRateThrottle(AnonRateThrottle):
    scope = "api"


def check_rate(request) -> Throttled | None:
    """The Throttled error to answer with, or None while the client is within the limit.

    The rate is read on every request rather than when the API is built, so a changed
    setting takes effect at once. Counters live in the default cache, by client address.
    """
    rate = settings.API_RATE_LIMIT
    if not rate:
        return None
    throttle = PublicRateThrottle(rate)
    if throttle.allow_request(request):
        return None
    return Throttled(wait=throttle.wait())


def etag_for(request, version: int) -> str:
    query = "&".join(sorted(request.GET.urlencode().split("&")))
    digest = hashlib.blake2b(
        f"{request.path}?{query}".encode(), digest_size=8, salt=b"api-v1"
    ).hexdigest()
    return f'"{version}-{digest}"'


def _set_cache_headers(response, etag: str, changed_at) -> None:
    response["ETag"] = etag
    response["Last-Modified"] = http_date(changed_at.timestamp())
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    patch_vary_headers(response, ["Origin"])


def public_get(run):
    """Decorate a ninja operation's ``run`` (``@decorate_view(public_get)``)."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        from . import errors

        throttled = check_rate(request)
        if throttled is not None:
            return errors.on_throttled(request, throttled)
        version, changed_at = PublicationStamp.current()
        etag = etag_for(request, version)
        response = get_conditional_response(
            request, etag=etag, last_modified=int(changed_at.timestamp())
        )
        if response is None:
            response = run(request, *args, **kwargs)
        if response.status_code in (200, 304):
            _set_cache_headers(response, etag, changed_at)
        return response

    return wrapper
