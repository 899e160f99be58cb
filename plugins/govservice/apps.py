from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovServiceConfig(AppConfig):
    name = "plugins.govservice"
    label = "govservice"
    verbose_name = _("Online services (阅办联动)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_migrate

        from cms.access.roles import declare

        # The receivers that keep the public view and the patrol in step with edits.
        from plugins.govservice import health, public  # noqa: F401
        from plugins.govservice.roles import ROLE_PERMISSIONS, grant_permissions

        declare(self.label, ROLE_PERMISSIONS)  # for roles created after the migration
        post_migrate.connect(grant_permissions, sender=self)
