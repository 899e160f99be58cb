"""The visit counter: unique visitors and page views of the public site, per site and day,
for the website annual report (政府网站工作年度报表), respecting the visitor's privacy.

- No cookie is set and none is read; nothing of the visitor is stored. A visitor is
  recognised within one day by a hash of the day's random salt, the site, the address
  and the user agent; the salt lives only in the cache and expires with the day, so a
  hash cannot be traced back, nor linked to another day's.
- Only public page views count: a successful GET answered with HTML, outside the admin,
  the API, static and media files, the health checks; not a prefetch, not a robot (by its
  user agent, a cheap guess).
- A view costs a few cache operations and no query: the day's running numbers are kept in
  the cache (``VISIT_CACHE``; Redis in production, so every process counts together) and
  added to the daily rows (``cms.models.DailyVisits``) at most every
  ``VISIT_FLUSH_SECONDS`` by the request that finds the time has come, and by the beat
  task ``cms.tasks.flush_visits``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import F
from wagtail.models import Site

from cms.access.networks import client_address
from cms.models import DailyVisits
from cms.models.sites import site_of
from cms.workdays import today

# Kept a little past the day's end, so the last flush of the day still finds them.
DAY_SECONDS = 26 * 3600
FLUSH_LOCK = "visits:flush"
EXCLUDED_PREFIXES = ("/admin/", "/api/", "/django-admin/", "/healthz", "/readyz", "/documents/")
ROBOTS = re.compile(
    r"bot|spider|crawl|slurp|archiver|curl|wget|python|java/|go-http|headless|lighthouse|"
    r"monitor|uptime|scan|fetch|http-?client|okhttp|axios|node-fetch|libwww|phantom",
    re.IGNORECASE,
)


def _cache():
    return caches[settings.VISIT_CACHE]


def _key(kind: str, day: date, site_id: int) -> str:
    return f"visits:{kind}:{day.isoformat()}:{site_id}"


def is_counted(request, response) -> bool:
    """Whether this request is a public page view a person made."""
    if not settings.VISIT_COUNTER or request.method != "GET":
        return False
    # A page a browser asked for again and was told is unchanged (cms.public.conditional)
    # is a page view too.
    shown_again = response.status_code == 304 and getattr(response, "public_page", False)
    if response.status_code != 200 and not shown_again:
        return False
    if not shown_again and not response.get("Content-Type", "").startswith("text/html"):
        return False
    path = request.path
    if path.startswith(EXCLUDED_PREFIXES) or path.startswith(
        (settings.STATIC_URL, settings.MEDIA_URL)
    ):
        return False
    purpose = request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
    if "prefetch" in purpose.lower():
        return False
    agent = request.headers.get("User-Agent", "")
    return bool(agent) and not ROBOTS.search(agent)


def _salt(day: date) -> str:
    """The day's random salt, shared by every process through the cache, never stored."""
    cache, key = _cache(), f"visits:salt:{day.isoformat()}"
    salt = cache.get(key)  # one operation once the day has its salt
    if salt is None:
        cache.add(key, secrets.token_hex(16), DAY_SECONDS)
        salt = cache.get(key)
    return salt or ""


def _increment(key: str) -> None:
    cache = _cache()
    try:
        cache.incr(key)  # one operation once the day's counter exists
    except ValueError:  # the day's first, or it expired
        if not cache.add(key, 1, DAY_SECONDS):
            cache.incr(key)  # another process made it meanwhile


def count(request) -> None:
    """Count one page view of the request's site, and its visitor if new today."""
    site = site_of(request)
    if site is None:
        return
    day = today()
    agent = request.headers.get("User-Agent", "")
    mixed = "|".join([_salt(day), str(site.pk), client_address(request), agent])
    seen = hashlib.sha256(mixed.encode()).hexdigest()[:32]
    if _cache().add(f"visits:seen:{day.isoformat()}:{site.pk}:{seen}", 1, DAY_SECONDS):
        _increment(_key("visitors", day, site.pk))
    _increment(_key("views", day, site.pk))


def _take(key: str) -> int:
    """The running number under ``key``, taken out of the cache (views counted meanwhile
    stay for the next flush)."""
    cache = _cache()
    value = cache.get(key) or 0
    if value:
        try:
            cache.decr(key, value)
        except ValueError:
            return 0
    return value


def flush(day: date | None = None) -> int:
    """Add the running numbers of today and yesterday to the daily rows; returns how many
    page views were added."""
    days = [day] if day else [today(), today() - timedelta(days=1)]
    added = 0
    for site_id in Site.objects.values_list("pk", flat=True):
        for when in days:
            visitors = _take(_key("visitors", when, site_id))
            views = _take(_key("views", when, site_id))
            if not (visitors or views):
                continue
            with transaction.atomic():
                row, _created = DailyVisits.objects.get_or_create(site_id=site_id, day=when)
                DailyVisits.objects.filter(pk=row.pk).update(
                    visitors=F("visitors") + visitors, page_views=F("page_views") + views
                )
            added += views
    return added


class VisitCounterMiddleware:
    """Counts public page views (see the module's docstring); never touches the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_counted(request, response):
            count(request)
            if _cache().add(FLUSH_LOCK, 1, settings.VISIT_FLUSH_SECONDS):
                flush()
        return response
