from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class MessageBoardConfig(AppConfig):
    name = "plugins.messageboard"
    label = "messageboard"
    verbose_name = _("Policy message board")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): these modules import models, which exist once the apps are loaded.
        from plugins.messageboard.models import FaqEntry, SensitiveWord
        from plugins.messageboard.protection import words_changed

        post_save.connect(words_changed, sender=SensitiveWord)
        post_delete.connect(words_changed, sender=SensitiveWord)
        post_save.connect(_faq_saved, sender=FaqEntry)
        post_delete.connect(_faq_saved, sender=FaqEntry)


def _faq_saved(sender, instance, raw=False, **kwargs):
    """An FAQ edited in the admin reaches the API and the index like a promoted one."""
    if raw:
        return
    # Here, not at the top: Django imports apps.py before any model module.
    from plugins.messageboard.faq import faq_changed

    transaction.on_commit(lambda: faq_changed(instance.policy_id))
