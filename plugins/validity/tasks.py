from celery import shared_task

from plugins.validity.evaluation import remind
from plugins.validity.lifecycle import refresh_all


@shared_task(name="plugins.validity.tasks.refresh_validity")
def refresh_validity() -> int:
    """Move every live policy whose effective or expiry date has come, then remind the
    divisions of what to evaluate (daily); returns how many policies moved."""
    moved = refresh_all()
    remind()
    return moved
