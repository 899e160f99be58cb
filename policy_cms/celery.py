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
