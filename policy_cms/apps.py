"""The project as a Django app, listed last in INSTALLED_APPS: once every app is ready
(the core has loaded the plugins), it wires what is the project's, not an app's: the
Celery beat schedule (the settings' periodic tasks and the plugins') and the readiness
check of the Celery broker."""

from django.apps import AppConfig
from django.conf import settings

from cms.extend import plugin_manager
from cms.operations import health
from policy_cms.celery import app, broker_ready


class ProjectConfig(AppConfig):
    name = "policy_cms"
    verbose_name = "policy-cms"

    def ready(self):
        health.register("broker", broker_ready)
        app.conf.beat_schedule = {
            **settings.CELERY_BEAT_SCHEDULE,
            **plugin_manager.periodic_tasks(),
        }
