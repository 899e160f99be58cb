"""A link's health, moved by what the patrol finds; every transition is here.

    unchecked ─ok→ ok ─fail→ suspect ─(N fails over a span)→ broken ─ok→ ok (recovered)
                      ↖──────── ok ───────┘

A failing check makes a link ``suspect``; it becomes ``broken`` after
``GOVSERVICE_BROKEN_AFTER`` failing checks in a row spanning at least as many hours, or
sooner after ``GOVSERVICE_HARD_BROKEN_AFTER`` hard failures (404, 410, a soft 404, a
foreign site). One working check brings any link back. Becoming broken and coming back
are logged, change what the public sees at once (the publication stamp, the search
index) and are told to the divisions whose policies link to it and to the web editors.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cms.plugin_api import PolicyPage, PublicationStamp, Role, mail_members
from plugins.govservice import conf
from plugins.govservice.checker import CheckResult
from plugins.govservice.models import LinkCheck, ServiceItem, ServiceLink
from search.indexing import schedule

Health = ServiceItem.Health
BROKEN, RECOVERED = "broken", "recovered"
HEALTH_FIELDS = [
    "health",
    "last_checked_at",
    "last_result",
    "failures_in_row",
    "hard_failures_in_row",
    "failing_since",
    "broken_since",
    "recovered_at",
]


def _enough(failures: int, rule: tuple[int, float], since: datetime, now: datetime) -> bool:
    count, hours = rule
    return failures >= count and now - since >= timedelta(hours=hours)


def transition(item: ServiceItem, result: CheckResult, now: datetime) -> str | None:
    """Move the item's health by one check (in memory); returns ``broken``,
    ``recovered`` or None."""
    item.last_checked_at, item.last_result = now, result.reason[:300]
    if result.outcome == LinkCheck.Outcome.OK:
        moved = RECOVERED if item.health == Health.BROKEN else None
        item.health = Health.OK
        item.failures_in_row = item.hard_failures_in_row = 0
        item.failing_since = None
        if moved:
            item.broken_since, item.recovered_at = None, now
        return moved
    item.failures_in_row += 1
    hard = result.outcome == LinkCheck.Outcome.FAILED
    item.hard_failures_in_row = item.hard_failures_in_row + 1 if hard else 0
    item.failing_since = item.failing_since or now
    if item.health == Health.BROKEN:
        return None
    since = item.failing_since
    if _enough(item.failures_in_row, conf.get("GOVSERVICE_BROKEN_AFTER"), since, now) or (
        _enough(item.hard_failures_in_row, conf.get("GOVSERVICE_HARD_BROKEN_AFTER"), since, now)
    ):
        item.health, item.broken_since = Health.BROKEN, now
        return BROKEN
    item.health = Health.SUSPECT
    return None


def forget(item: ServiceItem) -> None:
    """A new address is a new link: unchecked, for the patrol's next run."""
    item.health, item.last_checked_at, item.last_result = Health.UNCHECKED, None, ""
    item.failures_in_row = item.hard_failures_in_row = 0
    item.failing_since = item.broken_since = None


@receiver(pre_save, sender=ServiceItem)
def address_changed(sender, instance, update_fields=None, **kwargs):
    """An editor or an import gave the item a new address."""
    if instance.pk is None or (update_fields is not None and "url" not in update_fields):
        return
    before = ServiceItem.objects.filter(pk=instance.pk).values_list("url", flat=True).first()
    if before is not None and before != instance.url:
        forget(instance)


@transaction.atomic
def record(item_id: int, result: CheckResult, now: datetime) -> str | None:
    """Keep one check and move its item's health; returns the transition, if any."""
    item = ServiceItem.objects.select_for_update().get(pk=item_id)
    LinkCheck.objects.create(
        item=item,
        checked_at=now,
        outcome=result.outcome,
        status_code=result.status_code,
        reason=result.reason[:300],
        final_url=result.final_url[:500],
        elapsed_ms=result.elapsed_ms,
    )
    moved = transition(item, result, now)
    item.save(update_fields=HEALTH_FIELDS)
    if moved:
        log(instance=item, action=f"govservice.{moved}", data={"reason": item.last_result})
        public_changed(item)
        transaction.on_commit(lambda: notify(item, moved))
    return moved


def linking_policies(item: ServiceItem):
    """The live policies whose pages show the item."""
    ids = ServiceLink.objects.filter(item=item).values("policy_id")
    return PolicyPage.objects.live().filter(pk__in=ids)


def public_changed(item: ServiceItem) -> None:
    """The item's button, API fields and search terms changed: cached answers move on and
    the linking policies are indexed again."""
    PublicationStamp.bump()
    schedule(*linking_policies(item).values_list("pk", flat=True))


def notify(item: ServiceItem, moved: str) -> None:
    """Mail the divisions whose policies link to the item, and the web editors."""
    policies = list(linking_policies(item).select_related("division"))
    titles = "\n".join(f"- {p.title}" for p in policies) or "—"
    if moved == BROKEN:
        subject = _("Online service link broken: %(name)s") % {"name": item.name}
        body = _(
            "The link of “%(name)s” (%(code)s) fails: %(reason)s\n%(url)s\n\n"
            "Policies showing it:\n%(titles)s\n\nCorrect the address in the service catalogue; "
            "the link returns by itself once it works."
        )
    else:
        subject = _("Online service link works again: %(name)s") % {"name": item.name}
        body = _("The link of “%(name)s” (%(code)s) works again.\n%(url)s\n\n%(titles)s")
    values = {
        "name": item.name,
        "code": item.code,
        "reason": item.last_result,
        "url": item.url,
        "titles": titles,
    }
    mail_members(
        subject,
        body % values,
        divisions=[p.division_id for p in policies],
        roles=[Role.WEB_EDITOR],
    )
