"""Periodic work of the core, run by Celery beat (or in-process in the demo)."""

from celery import shared_task
from django.core.management import call_command


@shared_task(name="cms.tasks.publish_scheduled_pages")
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own
    publish_scheduled command), so scheduling works without a cron entry."""
    call_command("publish_scheduled", verbosity=0)
