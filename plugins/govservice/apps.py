from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovServiceConfig(AppConfig):
    name = "plugins.govservice"
    label = "govservice"
    verbose_name = _("Online services (阅办联动)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The receivers that keep the public view and the patrol in step with edits.
        from plugins.govservice import health, public  # noqa: F401
