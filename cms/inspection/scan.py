"""The serious-error scan of the live site (网站自查, 严重错误): every live public policy
and interpretation of a site, their attachments' text included (the review's
``member_texts`` and cached automaton), against the list as it stands, so an entry added
after a page passed review is found too.

A large site takes a while to scan, so a scan is kept twice: per list version and
publication stamp in the cache (the daily task scans; whoever asks next reads it until the
list or the public content changes), and as the site's last scan with its time in the
database (``SeriousErrorScan``), which the admin's report shows until someone asks for a
new one (重新检查) rather than scanning on the first view after every publication or
restart.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Site

from cms.models import PublicationStamp, SeriousErrorScan
from cms.models.home import public_policies
from interpretations.models import InterpretationPage

KEPT_SECONDS = 2 * 24 * 3600
# (page id, title, field, wrong, right, serious)
Hit = tuple[int, str, str, str, str, bool]


@dataclass(frozen=True)
class Scan:
    at: datetime
    hits: list[Hit]
    current: bool  # nothing published, withdrawn or listed since it ran


def _state(site: Site) -> str | None:
    """What a scan depends on (None while the list is empty: nothing to scan for)."""
    from cms.review.serious_errors import list_version

    version = list_version()
    if not version[0]:
        return None
    return f"{site.pk}:{version[0]}:{version[1].isoformat()}:{PublicationStamp.current()}"


def _key(state: str) -> str:
    return "self-inspection:live-scan:" + hashlib.sha256(state.encode()).hexdigest()


def scan(site: Site, *, again: bool = False) -> Scan:
    """The scan of the site as it stands: the one kept for its state, or (none kept, or
    ``again``) a new one, kept and stored as the site's last."""
    state = _state(site)
    if state is None:
        return Scan(timezone.now(), [], True)
    kept = None if again else cache.get(_key(state))
    if kept is not None:
        return Scan(*kept, True)
    at, hits = timezone.now(), _scanned(site)
    cache.set(_key(state), (at, hits), KEPT_SECONDS)
    SeriousErrorScan.objects.update_or_create(
        site=site, defaults={"state": state, "scanned_at": at, "hits": hits}
    )
    return Scan(at, hits, True)


def last_scan(site: Site) -> Scan:
    """The scan kept for the site as it stands, else its last one (``current`` false),
    else a new one (the site was never scanned)."""
    state = _state(site)
    if state is None:
        return Scan(timezone.now(), [], True)
    kept = cache.get(_key(state))
    if kept is not None:
        return Scan(*kept, True)
    last = SeriousErrorScan.objects.filter(site=site).first()
    if last is not None:
        hits = [tuple(hit) for hit in last.hits]  # JSON keeps a Hit as a list
        return Scan(last.scanned_at, hits, last.state == state)
    return scan(site)


def _scanned(site: Site) -> list[Hit]:
    from cms.review.serious_errors import automaton, matches, member_texts

    current = automaton()
    pages = [
        *public_policies().descendant_of(site.root_page).order_by("path"),
        *InterpretationPage.objects.live().public().descendant_of(site.root_page).order_by("path"),
    ]
    hits, seen = [], set()
    for page in pages:
        for field, text in member_texts(page):
            for start, end, wrong, right, serious in matches(text, current):
                if (page.pk, wrong) in seen:
                    continue
                seen.add((page.pk, wrong))
                hits.append((page.pk, str(page.title), str(field), text[start:end], right, serious))
    return hits
