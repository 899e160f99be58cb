"""Periodic work of the core, run by Celery beat (or in-process in the demo)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.tasks.publish_scheduled_pages")
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own
    publish_scheduled command), so scheduling works without a cron entry."""
    call_command("publish_scheduled", verbosity=0)


@shared_task(name="cms.tasks.publish_due_bundles")
def publish_due_bundles() -> int:
    """Publish every scheduled bundle whose go-live time has come, each whole or not at all."""
    from .bundle import publish_due_bundles as publish

    return publish()


@shared_task(name="cms.tasks.dispatch_event")
def dispatch_event(event_id: int) -> int:
    """Record an outbox event's deliveries and queue each of them."""
    from .outbox import dispatch, queue_delivery

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
    from django.utils import timezone

    from .models import Delivery
    from .outbox import deliver, queue_delivery

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
    from .outbox import sweep

    return sweep()
