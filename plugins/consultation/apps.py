from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationConfig(AppConfig):
    name = "plugins.consultation"
    label = "consultation"
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the receiver imports the models, which exist once the apps are loaded.
        from wagtail.signals import page_published

        from plugins.consultation.models import ConsultationPage
        from plugins.consultation.redraft import draft_published
        from plugins.consultation.rights import ConsultationPageForm

        # As the core sets PolicyPage's: the form imports Wagtail's admin forms.
        ConsultationPage.base_form_class = ConsultationPageForm

        page_published.connect(draft_published, sender=ConsultationPage)
