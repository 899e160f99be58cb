"""Who edits, submits, publishes and deletes a consultation page: as with the policies
(cms.rules.permissions), a user bound to divisions acts only on their divisions'
consultations; the website editors (bound to none) publish after the review."""

from django.forms.models import ModelChoiceField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PagePermissionTester

from cms.plugin_api import division_ids


def drafts_for(user, division_id) -> bool:
    """Whether the user may act on a page of this division: bound to it, or to none."""
    divisions = division_ids(user)
    return divisions is None or division_id in divisions


class ConsultationPermissionTester(PagePermissionTester):
    """Wagtail's page rights, narrowed to the consultation's drafting division."""

    def _own(self) -> bool:
        return drafts_for(self.user, self.page.division_id)

    def can_edit(self):
        return super().can_edit() and self._own()

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk) and self._own()

    def can_publish(self):
        return super().can_publish() and self._own()

    def can_unpublish(self):
        return super().can_unpublish() and self._own()

    def can_submit_for_moderation(self):
        return super().can_submit_for_moderation() and self._own()

    def can_lock(self):
        return super().can_lock() and self._own()


class ConsultationPageForm(WagtailAdminPageForm):
    """The admin form: a drafter picks only among their own divisions."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        divisions = division_ids(self.for_user) if self.for_user else None
        field = self.fields.get("division")
        if divisions is not None and isinstance(field, ModelChoiceField):
            field.queryset = field.queryset.filter(pk__in=divisions)
