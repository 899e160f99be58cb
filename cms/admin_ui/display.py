"""How the admin shows an empty or boolean value: in Chinese, not as None/True/False."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column

EMPTY = "—"


class YesNoColumn(Column):
    """A boolean field as 是/否: Wagtail prints a field it is given by name as True/False."""

    def get_value(self, instance):
        value = super().get_value(instance)
        if value is None:
            return EMPTY
        return _("Yes") if value else _("No")


def yes_no(model, name: str) -> YesNoColumn:
    label = capfirst(model._meta.get_field(name).verbose_name)
    return YesNoColumn(name, label=label, sort_key=name)


class ReadOnlyPanel(FieldPanel):
    """A read-only field; empty reads “—” (Wagtail prints None)."""

    def __init__(self, field_name, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return EMPTY
        return super().format_value_for_display(value)


class LoginForm(WagtailLoginForm):
    """Wagtail's login form, its password field labelled: Wagtail redefines the field
    without a label, so Django named it from the field name (“Password”)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")
