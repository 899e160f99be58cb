"""The board's periodic work (beat entries come from the ``periodic_tasks`` hook)."""

from celery import shared_task

from plugins.messageboard.reminders import run_daily


@shared_task(name="messageboard.tasks.daily_deadlines")
def daily_deadlines() -> dict:
    """Remind divisions of tomorrow's deadlines, escalate overdue messages, alarm the site."""
    return run_daily()
