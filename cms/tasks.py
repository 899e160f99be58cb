"""Periodic work of the core, run by Celery beat (or in-process in the demo)."""

from celery import shared_task
from django.core.management import call_command

# The outbox's own tasks, imported so that Celery's autodiscovery of this module
# registers them.
from .outbox import deliver_event, dispatch_event, sweep_outbox

__all__ = ["deliver_event", "dispatch_event", "sweep_outbox"]


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
