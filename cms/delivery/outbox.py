"""Reliable delivery of bundle events to publication channels (docs/architecture.md#delivery).

1. ``record_event`` writes an ``OutboxEvent`` in the transaction that publishes or
   withdraws the bundle, and queues its dispatch once that transaction commits.
2. ``dispatch`` asks every channel for its recipients and records one ``Delivery`` per
   (event, channel, recipient); the unique constraint makes a second dispatch harmless.
3. ``deliver`` sends one delivery under a row lock, so two workers never send the same
   one; a failure is retried with exponential backoff until ``OUTBOX_MAX_ATTEMPTS``,
   then the delivery is dead until an admin retries it (``retry``).
4. ``sweep``, run by Celery beat, dispatches events whose task was lost (the broker was
   down when the bundle was published) and sends deliveries whose retry is due.

Delivery is at least once; every attempt carries the delivery's idempotency key, so a
subscriber can drop a repeat, and once a delivery succeeded it is never sent again.
"""

from __future__ import annotations

import contextvars
import logging
import uuid
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.log_actions import log

from cms.extend import plugin_manager
from cms.extend.channels import Channel, DeliveryError
from cms.models import Delivery, OutboxEvent, PolicyPage
from cms.models.home import public_policies
from cms.rules.disclosure import Disclosure

# Channel and DeliveryError live in cms.extend.channels; plugins written against cms.delivery.outbox
# keep importing them from here.
__all__ = ["Channel", "DeliveryError"]

logger = logging.getLogger(__name__)

# The idempotency key of a delivery is derived, so re-creating it gives the same key.
KEY_NAMESPACE = uuid.UUID("6f1c8c5e-3a52-4f0e-9a51-7c0f6f2f43a1")


# ---- the payload ---------------------------------------------------------------------


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def interpretation_payload(page) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "form": page.form,
        "stage": page.stage,
        "url": page.get_full_url(),
    }


def policy_payload(policy: PolicyPage) -> dict:
    """The policy as subscribers receive it: its fields, interpretations and links."""
    return {
        "id": policy.pk,
        "title": policy.title,
        "doc_number": policy.doc_number,
        "index_number": policy.index_number,
        "agency": policy.agency.name,
        "division": policy.division.name,
        "doc_type": policy.doc_type,
        "topics": sorted(tag.name for tag in policy.topics.all()),
        "issued_on": _iso(policy.issued_on),
        "published_at": _iso(policy.last_published_at),
        "summary": policy.summary,
        "url": policy.get_full_url() if policy.live else None,
        "interpretations": [interpretation_payload(i) for i in policy.interpretations()],
    }


# ---- recording and dispatching -------------------------------------------------------


# While set, deliveries are recorded but not sent (``held``).
_HOLD: contextvars.ContextVar[bool] = contextvars.ContextVar("outbox_hold", default=False)


@contextmanager
def held():
    """Record events and their deliveries, send nothing: the demo loads before its server
    (the built-in test receiver) is up, and ``send_pending`` sends them once it is."""
    token = _HOLD.set(True)
    try:
        yield
    finally:
        _HOLD.reset(token)


def _public(policy_id: int) -> bool:
    """The one public-policy rule (``public_policies``), read in the caller's transaction."""
    return public_policies().filter(pk=policy_id).exists()


def public_snapshot(policy: PolicyPage) -> dict | None:
    """What subscribers were last told of ``policy``: its payload while it is public, None
    when it is not. Taken before a publication, so a publication that takes the policy out
    of public view can withdraw it under the title subscribers know."""
    if not policy.pk or not _public(policy.pk):
        return None
    return policy_payload(PolicyPage.objects.get(pk=policy.pk))


def _write_event(
    kind: str, policy_id: int, policy_data: dict, now, extra: dict | None = None
) -> OutboxEvent:
    event = OutboxEvent.objects.create(kind=kind, policy_id=policy_id, payload={})
    event.payload = {
        **(extra or {}),
        "id": str(event.uuid),
        "event": kind,
        "occurred_at": now.isoformat(),
        "policy": policy_data,
    }
    event.save(update_fields=["payload"])
    held = _HOLD.get()  # as it is now, not when the transaction commits
    transaction.on_commit(lambda: queue_dispatch(event.pk, held=held))
    return event


def record_event(
    policy: PolicyPage, kind: str, *, now=None, extra: dict | None = None
) -> OutboxEvent | None:
    """Write the event of a published or withdrawn bundle, in the caller's transaction.

    Only proactive bundles reach channels (bundle rule 7, docs/architecture.md#bundle-rules),
    decided on the state this transaction wrote (the revision just published), never on
    the caller's copy of the page. Dispatch is queued after commit: a rolled-back
    publication sends nothing, and a lost task is caught by ``sweep``. ``extra`` adds
    top-level keys to the payload (what changed, for an event of a plugin's kind).
    """
    policy = PolicyPage.objects.get(pk=policy.pk)  # the state this transaction wrote
    if policy.disclosure != Disclosure.PROACTIVE:
        return None
    if kind == OutboxEvent.Kind.PUBLISHED and not _public(policy.pk):
        return None
    return _write_event(kind, policy.pk, policy_payload(policy), now or timezone.now(), extra)


def record_publication(policy: PolicyPage, before: dict | None, *, now=None) -> OutboxEvent | None:
    """Tell the channels what a publication of ``policy`` means, in its transaction.

    ``before`` is ``public_snapshot`` taken before publishing. The revision just published
    decides: public now (live, proactively disclosed) is ``bundle.published``; public
    before but not now (republished as 依申请公开 or 不予公开) is ``bundle.withdrawn``,
    carrying the title and number subscribers were told and no link; never public is
    nothing at all.
    """
    now = now or timezone.now()
    if _public(policy.pk):
        return record_event(policy, OutboxEvent.Kind.PUBLISHED, now=now)
    if before is None:
        return None
    withdrawn = {**before, "url": None, "interpretations": []}
    return _write_event(OutboxEvent.Kind.WITHDRAWN, policy.pk, withdrawn, now)


def queue_dispatch(event_id: int, *, held: bool = False) -> None:
    """Hand the event to Celery; if the broker is down, the sweep picks it up later. An
    event recorded while deliveries are ``held`` gets its deliveries recorded, not sent."""
    if held:
        dispatch(event_id)
        return
    try:
        dispatch_event.delay(event_id)
    except Exception:
        logger.exception("outbox event %s not queued; the periodic sweep will send it", event_id)


def send_pending(*, now=None) -> list[Delivery]:
    """Dispatch every undispatched event and attempt every delivery not yet delivered or
    dead, now (the sweep without its grace period); return the deliveries attempted."""
    now = now or timezone.now()
    for event_id in OutboxEvent.objects.filter(dispatched_at__isnull=True).values_list(
        "pk", flat=True
    ):
        dispatch(event_id, now=now)
    waiting = Delivery.objects.filter(state__in=[Delivery.State.PENDING, Delivery.State.FAILED])
    return [deliver(pk, now=now) for pk in waiting.order_by("pk").values_list("pk", flat=True)]


def queue_delivery(delivery_id: int, countdown: float | None = None) -> None:
    if _HOLD.get():
        return
    try:
        deliver_event.apply_async((delivery_id,), countdown=countdown)
    except Exception:
        logger.exception("delivery %s not queued; the periodic sweep will send it", delivery_id)


def idempotency_key(event: OutboxEvent, channel: str, recipient: str) -> uuid.UUID:
    return uuid.uuid5(KEY_NAMESPACE, f"{event.uuid}/{channel}/{recipient}")


# The plugins' after-commit hook of each of the core's event kinds.
BUNDLE_HOOKS = {
    OutboxEvent.Kind.PUBLISHED: "bundle_published",
    OutboxEvent.Kind.WITHDRAWN: "bundle_withdrawn",
}


def dispatch(event_id: int, *, now=None) -> list[int]:
    """Record the deliveries of an event and return the ids of those still to send.

    The plugins' ``bundle_published``/``bundle_withdrawn`` hooks are called the first
    time an event of those kinds is dispatched (a plugin's own kind calls neither). A
    channel whose recipients cannot be listed leaves the event undispatched, so the
    sweep asks it again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = OutboxEvent.objects.select_for_update().filter(pk=event_id).first()
        if event is None:
            return []
        first_time = event.dispatched_at is None and not event.deliveries.exists()
        complete = True
        for name, channel in plugin_manager.channels().items():
            try:
                recipients = list(channel.recipients(event))
            except Exception:
                logger.exception("channel %s could not list recipients of event %s", name, event)
                complete = False
                continue
            for recipient, label in recipients:
                Delivery.objects.get_or_create(
                    event=event,
                    channel=name,
                    recipient=str(recipient),
                    defaults={
                        "recipient_label": str(label)[:255],
                        "idempotency_key": idempotency_key(event, name, str(recipient)),
                    },
                )
        if complete and event.dispatched_at is None:
            event.dispatched_at = now
            event.save(update_fields=["dispatched_at"])
        pending = list(
            event.deliveries.filter(state=Delivery.State.PENDING).values_list("pk", flat=True)
        )
    hook = BUNDLE_HOOKS.get(event.kind)  # a plugin's kind (validity.changed) calls neither
    if first_time and hook:
        # Outside the transaction: a plugin's database error must not undo the dispatch.
        plugin_manager.call_each(hook, policy=event.policy, event=event)
    return pending


# ---- delivering ----------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """Wait before attempt ``attempts + 1``: base, 2×base, 4×base … up to the cap."""
    seconds = settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return timedelta(seconds=min(seconds, settings.OUTBOX_RETRY_MAX_SECONDS))


def _describe(error: Exception) -> str:
    """A short line for the log: what a channel said went wrong, never a whole answer."""
    if isinstance(error, DeliveryError):
        return str(error)[:500]
    return f"{type(error).__name__}: {error}"[:500]


def deliver(delivery_id: int, *, now=None) -> Delivery | None:
    """Attempt one delivery when it is due; return it as it stands afterwards.

    The row stays locked while the channel sends, so a retry task and the sweep arriving
    together send once; a delivered or dead delivery is never sent.
    """
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True)
            .select_related("event")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state in (Delivery.State.DELIVERED, Delivery.State.DEAD):
            return delivery
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return delivery
        channel = plugin_manager.channels().get(delivery.channel)
        delivery.attempts += 1
        try:
            if channel is None:
                raise DeliveryError(f"channel {delivery.channel} is not enabled")
            note = channel.send(delivery.event, delivery.recipient, str(delivery.idempotency_key))
        except Exception as error:
            logger.warning(
                "delivery %s failed (attempt %s): %s", delivery, delivery.attempts, error
            )
            delivery.last_error = _describe(error)
            attempts = delivery.attempts - delivery.attempts_at_retry  # since the last retry
            if attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                delivery.state, delivery.next_attempt_at = Delivery.State.DEAD, None
            else:
                delivery.state = Delivery.State.FAILED
                delivery.next_attempt_at = now + backoff(attempts)
        else:
            delivery.state, delivery.delivered_at = Delivery.State.DELIVERED, now
            delivery.next_attempt_at, delivery.response = None, str(note or "")[:255]
        delivery.save()
    return delivery


def sweep(*, now=None) -> dict[str, int]:
    """Dispatch the events whose task was lost and queue the deliveries that are due.

    Events and pending deliveries younger than ``OUTBOX_SWEEP_GRACE_SECONDS`` are left to
    the tasks already queued for them.
    """
    now = now or timezone.now()
    settled = now - timedelta(seconds=settings.OUTBOX_SWEEP_GRACE_SECONDS)
    lost = OutboxEvent.objects.filter(dispatched_at__isnull=True, created_at__lte=settled)
    events = list(lost.values_list("pk", flat=True))
    deliveries = []
    for event_id in events:
        deliveries += dispatch(event_id, now=now)
    due = (
        Delivery.objects.filter(state__in=[Delivery.State.PENDING, Delivery.State.FAILED])
        .exclude(next_attempt_at__gt=now)
        .exclude(state=Delivery.State.PENDING, created_at__gt=settled)
    )
    deliveries += [pk for pk in due.values_list("pk", flat=True) if pk not in deliveries]
    for delivery_id in deliveries:
        queue_delivery(delivery_id)
    return {"events": len(events), "deliveries": len(deliveries)}


def retry(delivery: Delivery, user=None) -> None:
    """An admin sends a dead (or failed) delivery again, with a fresh set of attempts; the
    attempt count goes on counting, so the log shows every attempt made."""
    if delivery.state == Delivery.State.DELIVERED:
        return
    Delivery.objects.filter(pk=delivery.pk).update(
        state=Delivery.State.PENDING, attempts_at_retry=F("attempts"), next_attempt_at=None
    )
    policy = delivery.event.policy
    if policy is not None:
        log(
            instance=policy,
            action="policy_cms.delivery.retry",
            user=user,
            data={"delivery": delivery.pk, "channel": delivery.channel},
        )
    transaction.on_commit(lambda: queue_delivery(delivery.pk))


# ---- tasks ----------------------------------------------------------------------------
# Named under cms.tasks, where Celery's autodiscovery finds them and beat names the sweep.


@shared_task(name="cms.tasks.dispatch_event")
def dispatch_event(event_id: int) -> int:
    """Record an outbox event's deliveries and queue each of them."""
    pending = dispatch(event_id)
    for delivery_id in pending:
        queue_delivery(delivery_id)
    return len(pending)


@shared_task(name="cms.tasks.deliver_event", bind=True)
def deliver_event(self, delivery_id: int) -> str | None:
    """Send one delivery; on failure, queue the next attempt after its backoff.

    Run in-process (the demo), the retry waits for the sweep instead, so a failing
    subscriber cannot hold the request that published the bundle.
    """
    delivery = deliver(delivery_id)
    if delivery is None:
        return None
    if delivery.state == Delivery.State.FAILED and not self.request.is_eager:
        wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
        queue_delivery(delivery_id, countdown=max(wait, 0))
    return delivery.state


@shared_task(name="cms.tasks.sweep_outbox")
def sweep_outbox() -> dict:
    """Dispatch outbox events whose task was lost and send the deliveries that are due."""
    return sweep()
