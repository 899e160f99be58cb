"""The disclosure requests' periodic work (beat entries come from the ``periodic_tasks``
hook, hooks.py)."""

from celery import shared_task

from plugins.disclosure_requests.privacy import anonymise_expired
from plugins.disclosure_requests.reminders import run_daily


@shared_task(name="disclosure_requests.tasks.daily_deadlines")
def daily_deadlines() -> dict:
    """Remind of the coming deadlines, tell of lapsed periods, escalate overdue requests."""
    return run_daily()


@shared_task(name="disclosure_requests.tasks.monthly_retention")
def monthly_retention() -> dict:
    """Erase the personal data of requests closed longer ago than the retention period."""
    return {"anonymised": len(anonymise_expired())}
