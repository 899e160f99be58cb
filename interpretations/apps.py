from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationsConfig(AppConfig):
    name = "interpretations"
    verbose_name = _("Interpretations")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # In ready(): the models exist only once the apps are loaded.
        from interpretations.forms import InterpretationPageForm
        from interpretations.models import InterpretationPage

        InterpretationPage.base_form_class = InterpretationPageForm
