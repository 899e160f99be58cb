"""Periodic work of the core, run by Celery beat (or in-process in the demo)."""

from celery import shared_task
from django.apps import apps
from django.core.management import call_command
from wagtail.search.backends import get_search_backends

# The outbox's own tasks, imported so that Celery's autodiscovery of this module
# registers them.
from cms.delivery.outbox import deliver_event, dispatch_event, sweep_outbox
from cms.reports import reminders, visits, website_reminders
from cms.review.bundle import publish_due_bundles as publish
from cms.workdays import today

__all__ = ["deliver_event", "dispatch_event", "sweep_outbox"]


@shared_task(name="cms.tasks.publish_scheduled_pages")
def publish_scheduled_pages() -> None:
    """Publish pages whose go-live time has come and unpublish expired ones (Wagtail's own
    publish_scheduled command), so scheduling works without a cron entry."""
    call_command("publish_scheduled", verbosity=0)


@shared_task(name="cms.tasks.publish_due_bundles")
def publish_due_bundles() -> int:
    """Publish every scheduled bundle whose go-live time has come, each whole or not at all."""
    return publish()


@shared_task(name="cms.tasks.remind_annual_reports")
def remind_annual_reports() -> int:
    """Remind the office (and, near or past the deadline, the leaders) of last year's
    annual disclosure reports not yet published, and the web editors (and then the
    editorial directors) of the website reports; returns how many mails were sent."""
    return reminders.remind(today()) + website_reminders.remind(today())


@shared_task(name="cms.tasks.patrol_internal_links")
def patrol_internal_links() -> dict:
    """Check the links inside every site's own pages and attachments (cms.inspection.links)."""
    from cms.inspection import links

    return links.patrol()


@shared_task(name="cms.tasks.self_inspection")
def self_inspection() -> dict:
    """Judge every site's self-inspection; mail the editorial directors each new veto
    risk (cms.inspection.alerts)."""
    from cms.inspection import alerts

    return alerts.run()


@shared_task(name="cms.tasks.flush_visits")
def flush_visits() -> int:
    """Add the visit counter's running numbers to the daily rows; returns the page views
    added."""
    return visits.flush()


# Index updates: retried with backoff while an engine or the broker is down, and
# acknowledged once done, so a worker that dies mid-task leaves the task queued.
INDEX_TASK_OPTIONS = {
    "autoretry_for": (Exception,),
    "retry_backoff": 10,
    "retry_backoff_max": 600,
    "max_retries": 8,
    "acks_late": True,
}


@shared_task(name="cms.tasks.update_admin_search", **INDEX_TASK_OPTIONS)
def update_admin_search(model_label: str, ids: list[int]) -> int:
    """Add these pages of one model to Wagtail's admin search index in one write (the
    importer's batches; Wagtail queues each saved page's own update the same way, after
    the save). Returns how many were indexed; ``manage.py update_index`` mends the index
    if this is lost."""
    model = apps.get_model(model_label)
    objects = list(model.objects.filter(pk__in=ids))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(model, objects)
    return len(objects)
