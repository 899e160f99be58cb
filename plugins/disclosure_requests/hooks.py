"""The disclosure requests' hook implementations: how they reach the core and the public."""

from celery.schedules import crontab

from cms.plugin_api import hookimpl
from plugins.disclosure_requests import letters, roles, stats
from plugins.disclosure_requests.demo import load_demo_requests, walkthrough
from plugins.disclosure_requests.states import recompute_deadlines


@hookimpl
def calendar_changed(years):
    recompute_deadlines(years)


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def word_templates():
    return [letters.spec()]


@hookimpl
def annual_report_tables(year, agency):
    return stats.annual_tables(year, agency)


@hookimpl
def periodic_tasks():
    # Beat runs in the site's zone (Beijing): the deadlines before the working day starts,
    # the retention on the first of the month at night.
    return {
        "daily-deadlines": {
            "task": "disclosure_requests.tasks.daily_deadlines",
            "schedule": crontab(hour=8, minute=15),
        },
        "monthly-retention": {
            "task": "disclosure_requests.tasks.monthly_retention",
            "schedule": crontab(day_of_month=1, hour=3, minute=30),
        },
    }


@hookimpl
def demo_loaded(base_url):
    """Requests in every state, the office's users, and where to see them."""
    load_demo_requests()
    return walkthrough(base_url)
