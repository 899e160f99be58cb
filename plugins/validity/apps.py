from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished


class ValidityConfig(AppConfig):
    name = "plugins.validity"
    label = "validity"
    verbose_name = _("Validity of normative documents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): these modules import models, which exist once the apps are loaded.
        from cms.plugin_api import PolicyPage
        from plugins.validity import lifecycle

        # A bundle's publication and withdrawal change the states through the hooks
        # bundle_publishing / bundle_withdrawing, inside their transaction. These two
        # receivers serve policies published or withdrawn outside a bundle (the importer,
        # a page published on its own, a shell), and leave a bundle's members alone.
        page_published.connect(lifecycle.published_alone, sender=PolicyPage)
        page_unpublished.connect(lifecycle.withdrawn_alone, sender=PolicyPage)
