"""The interpretation's admin form, kept apart from the model as Wagtail keeps its own."""

from wagtail.admin.forms import WagtailAdminPageForm

from interpretations.models import InterpretationPage
from interpretations.rules import follow_up_errors


class InterpretationPageForm(WagtailAdminPageForm):
    """A follow-up interpretation needs a live policy; the stage rules run on the field."""

    def clean(self):
        cleaned = super().clean()
        probe = InterpretationPage(stage=cleaned.get("stage", ""))
        for field, message in follow_up_errors(probe, self.parent_page.specific).items():
            self.add_error(field, message)
        return cleaned
