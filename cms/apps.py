from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Policy library")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.conf import settings

        from . import plugin_manager, signals  # noqa: F401
        from .celery import app

        # Every app's models are loaded by now, so plugin hooks may import them.
        plugin_manager.load(settings.POLICY_PLUGINS)
        app.conf.beat_schedule = {
            **settings.CELERY_BEAT_SCHEDULE,
            **plugin_manager.periodic_tasks(),
        }
