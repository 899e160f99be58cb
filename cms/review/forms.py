"""Admin forms of the core's pages and snippets, kept apart from the models (as Wagtail's
own apps keep theirs): a form runs workflow rules, which import the models."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.models.policy import canonical_topics
from cms.review import bundle, serious_errors
from cms.rules.disclosure import disclosure_errors
from cms.rules.permissions import division_ids

SUBMIT_ACTIONS = ("action-submit", "action-restart-workflow")


def returned_lines(findings) -> list[str]:
    """The 退文 findings, and the warnings of the same bundle, to show in one pass."""
    lines = [str(_("Returned (退文):"))] + [str(f) for f in bundle.errors(findings)]
    if bundle.warnings(findings):
        lines.append(str(_("Also to check before the next submission:")))
        lines += [str(f) for f in bundle.warnings(findings)]
    return lines


class PolicyPageForm(WagtailAdminPageForm):
    """Admin form: the disclosure rule on its field, the division rights, and the
    submission checks of the bundle (退文, the confidentiality review and the serious-error
    check) when submitting."""

    acknowledge_warnings = forms.BooleanField(
        label=_(
            "I have checked the warnings of the confidentiality review and the serious-error "
            "check and submit anyway"
        ),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        library = getattr(self.parent_page, "specific", None)
        if not self.instance.agency_id and getattr(library, "agency_id", None):
            self.initial.setdefault("agency", library.agency_id)
        divisions = division_ids(self.for_user) if self.for_user else None
        if divisions is not None and "division" in self.fields:
            self.fields["division"].queryset = self.fields["division"].queryset.filter(
                pk__in=divisions
            )
            self.fields["agency"].queryset = (
                self.fields["agency"].queryset.filter(divisions__in=divisions).distinct()
            )

    returned_findings = None

    def is_submission(self):
        return any(self.data.get(action) for action in SUBMIT_ACTIONS)

    def _post_clean(self):
        super()._post_clean()
        if self.is_submission() and not self.errors:
            self.check_bundle()

    def check_bundle(self):
        """退文 when the bundle is incomplete or marked classified; warnings need a tick."""
        findings = bundle.submission_findings(self.instance, self.instance)
        blocking = bundle.errors(findings)
        if blocking and self.instance.pk:
            # The edit view (cms.review.edit_view) saves the edit as a draft and returns
            # the submission with every finding, the warnings included, in one notice.
            self.returned_findings = findings
            return
        if blocking:  # a new page: nothing to keep a draft of yet
            bundle.record_return(self.instance, self.for_user, findings)
            self.add_error(None, returned_lines(findings))
            return
        to_acknowledge = bundle.warnings(findings)
        if to_acknowledge and not self.cleaned_data.get("acknowledge_warnings"):
            serious = serious_errors.of_check(to_acknowledge)
            confidential = [f for f in to_acknowledge if f not in serious]
            lines = []
            if confidential:
                header = _("Confidentiality review found personal data; check and confirm:")
                lines.append(str(header))
                lines += [str(f) for f in confidential]
            if serious:
                lines.append(str(_("The serious-error check found expressions to check; confirm:")))
                lines += [str(f) for f in serious]
            self.add_error("acknowledge_warnings", lines)
        elif to_acknowledge:
            bundle.log_acknowledgement(self.instance, self.for_user, findings)

    def clean_topics(self):
        # 政務公開 typed where 政务公开 is in use is the same topic.
        return canonical_topics(self.cleaned_data.get("topics") or [])

    def clean(self):
        cleaned = super().clean()
        for field, message in disclosure_errors(
            cleaned.get("disclosure", ""), cleaned.get("disclosure_reason", "")
        ).items():
            if field in self.fields:
                self.add_error(field, message)
        agency, division = cleaned.get("agency"), cleaned.get("division")
        if agency and division and division.agency_id != agency.pk:
            self.add_error("division", _("This division does not belong to the agency."))
        return cleaned
