from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ValidityConfig(AppConfig):
    name = "plugins.validity"
    label = "validity"
    verbose_name = _("Validity of normative documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from cms.models import PolicyPage
        from plugins.validity import lifecycle

        # Sent inside the transaction that publishes or withdraws the bundle: the targets'
        # states change with it or not at all.
        page_published.connect(lifecycle.policy_published, sender=PolicyPage)
        page_unpublished.connect(lifecycle.policy_withdrawn, sender=PolicyPage)
