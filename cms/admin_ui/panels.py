"""Editor panels of the policy page."""

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
