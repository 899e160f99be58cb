"""The consultations' hook implementations: how they reach the core and the public."""

from celery.schedules import crontab

from cms.plugin_api import hookimpl
from plugins.consultation import notes, reminders, roles


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def policy_notes(policies):
    """本文件曾于…公开征求意见… on the final policies of consultations (notes.py)."""
    return notes.policy_notes(policies)


@hookimpl
def periodic_tasks():
    # 08:40 Beijing time, after the message board's run, before the working day starts.
    return {
        "daily-deadlines": {
            "task": "consultation.tasks.daily_deadlines",
            "schedule": crontab(hour=8, minute=40),
        }
    }


@hookimpl
def calendar_changed(years):
    """The feedback's due dates are counted in working days: count them again."""
    reminders.sync_due_dates()
