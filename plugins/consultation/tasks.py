"""The consultations' periodic work (the beat entry comes from the ``periodic_tasks`` hook)."""

from celery import shared_task

from plugins.consultation.reminders import run_daily


@shared_task(name="consultation.tasks.daily_deadlines")
def daily_deadlines() -> dict:
    """Set the feedback's due dates, remind divisions of tomorrow's, escalate overdue ones."""
    return run_daily()
