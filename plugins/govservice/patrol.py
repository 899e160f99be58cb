"""The link patrol (a beat task): check every linked item whose turn has come, many at
once but gently with each host, and record what each check found (``health``)."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from cms.plugin_api import client
from plugins.govservice import conf, health
from plugins.govservice.checker import CheckResult, HostThrottle, check
from plugins.govservice.models import LinkCheck, ServiceItem, ServiceLink

logger = logging.getLogger(__name__)
BATCH = 500  # checked, then recorded, so a crash loses at most one batch of checks


def due(now: datetime | None = None):
    """Offered items linked from some policy, never checked or not for a while (failing
    ones sooner)."""
    now = now or timezone.now()
    every = now - timedelta(hours=conf.get("GOVSERVICE_CHECK_EVERY_HOURS"))
    failing = now - timedelta(hours=conf.get("GOVSERVICE_RECHECK_FAILING_HOURS"))
    return (
        ServiceItem.objects.filter(status=ServiceItem.Status.ACTIVE)
        .filter(pk__in=ServiceLink.objects.values("item_id"))
        .filter(
            Q(last_checked_at__isnull=True)
            | Q(last_checked_at__lte=every)
            | Q(
                health__in=[ServiceItem.Health.SUSPECT, ServiceItem.Health.BROKEN],
                last_checked_at__lte=failing,
            )
        )
        .order_by("last_checked_at", "pk")
    )


def words_of(item: ServiceItem) -> list[str]:
    return [item.name, item.department]


async def check_all(links: list[tuple[int, str, list[str]]]) -> list[tuple[int, CheckResult]]:
    """Check (id, url, words) links concurrently: ``GOVSERVICE_CONCURRENCY`` at once,
    ``GOVSERVICE_PER_HOST`` per host with ``GOVSERVICE_HOST_DELAY`` between starts."""
    limit = asyncio.Semaphore(conf.get("GOVSERVICE_CONCURRENCY"))
    throttle = HostThrottle(conf.get("GOVSERVICE_PER_HOST"), conf.get("GOVSERVICE_HOST_DELAY"))

    async with client(
        timeout=conf.get("GOVSERVICE_TIMEOUT"), max_connections=conf.get("GOVSERVICE_CONCURRENCY")
    ) as http:

        async def one(pk, url, words):
            async with limit:
                return pk, await check(http, throttle, url, words)

        return await asyncio.gather(*(one(*link) for link in links))


def run(items) -> dict[str, int]:
    """Check these items and record the results; returns counts by outcome and
    transition."""
    counts = {"checked": 0, health.BROKEN: 0, health.RECOVERED: 0}
    items = list(items)
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        results = asyncio.run(check_all([(i.pk, i.url, words_of(i)) for i in batch]))
        now = timezone.now()
        for pk, result in results:
            moved = health.record(pk, result, now)
            counts["checked"] += 1
            counts[result.outcome] = counts.get(result.outcome, 0) + 1
            if moved:
                counts[moved] += 1
    return counts


def patrol(now: datetime | None = None) -> dict[str, int]:
    """One run of the patrol: check what is due, forget checks past their keeping."""
    counts = run(due(now))
    keep = timedelta(days=conf.get("GOVSERVICE_KEEP_CHECKS_DAYS"))
    LinkCheck.objects.filter(checked_at__lt=(now or timezone.now()) - keep).delete()
    logger.info("link patrol: %s", counts)
    return counts
