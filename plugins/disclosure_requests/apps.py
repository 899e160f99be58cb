from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureRequestsConfig(AppConfig):
    name = "plugins.disclosure_requests"
    label = "disclosure_requests"
    verbose_name = _("Disclosure requests")
    default_auto_field = "django.db.models.BigAutoField"
