"""Editor panels of the policy page."""

from django.utils.functional import cached_property
from wagtail.admin.panels import Panel


class BundlePanel(Panel):
    """The bundle at a glance: interpretations with their state, the exemption, the last
    submission and why it was returned or voided, with links to act on each."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/bundle.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            policy = self.instance
            stored = policy.pk is not None
            context.update(
                policy=policy,
                stored=stored,
                interpretations=(policy.all_interpretations() if stored else []),
                exemption=getattr(policy, "interpretation_exemption", None) if stored else None,
                submission=policy.submissions.first() if stored else None,
                can_exempt=self.request.user.has_perm("cms.grant_interpretation_exemption"),
            )
            return context


class DisclosureNoticePanel(Panel):
    """Beside the disclosure attribute: a live policy's draft that stops its proactive
    disclosure is still public until its bundle is published (bundle rule 7,
    docs/architecture.md#bundle-rules); unpublishing is the immediate way."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/disclosure_notice.html"

        def is_shown(self):
            return super().is_shown() and self.instance.stops_public_disclosure_when_published()


class PolicyNotesPanel(Panel):
    """What plugins note on a policy (hook ``policy_notes``), each with a link to the
    plugin's own view: the consultation the policy came from. On an interpretation
    (``cite=True``) its policy's notes that it may cite, with their public addresses."""

    def __init__(self, cite=False, **kwargs):
        super().__init__(**kwargs)
        self.cite = cite

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "cite": self.cite}

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/panels/policy_notes.html"

        @cached_property
        def policy(self):
            if not self.panel.cite:
                return self.instance
            if self.instance.pk is not None:
                parent = self.instance.get_parent()
            else:  # being created: Wagtail's page form knows where
                parent = getattr(self.form, "parent_page", None)
            return parent.specific if parent is not None else None

        @cached_property
        def notes(self):
            policy = self.policy
            if policy is None or policy.pk is None or not hasattr(policy, "plugin_notes"):
                return []
            notes = policy.plugin_notes(public=False)
            if self.panel.cite:
                notes = [note for note in notes if note.public and note.citation and note.url]
            return notes

        def is_shown(self):
            return super().is_shown() and bool(self.notes)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context.update(notes=self.notes, cite=self.panel.cite)
            return context
