"""The Celery app.

Without CELERY_BROKER_URL, tasks run in-process (eager), which is what the demo and the
default test run want; production points it at Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policy_cms.settings.demo")

app = Celery("policy_cms")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def broker_ready() -> str | None:
    """The readiness check of the broker (``/readyz``): "in-process" when tasks run in
    the process, else a connection, raising when the broker does not answer."""
    if app.conf.task_always_eager or str(app.conf.broker_url).startswith("memory"):
        return "in-process"
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return None
