"""The bundle's review in templates: the preview a reviewer opens asks for it here, so the
policy model renders its bundle preview without importing the workflow rules."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cms.review.bundle import member_drafts, review_context
from cms.review.serious_errors import bundle_findings

register = template.Library()


@register.simple_tag
def bundle_review(policy_draft):
    """The draft bundle's interpretations, confidentiality findings, exemption and last
    submission (``cms.review.bundle.review_context``)."""
    return review_context(policy_draft)


@register.simple_tag
def marked_excerpt(finding):
    """A serious-error finding's excerpt as HTML: the wrong expression marked (<mark>), the
    right one suggested; escaped throughout."""
    before, _bracket, after = finding.excerpt.partition(f"【{finding.marked}】")
    if not _bracket:
        return finding.excerpt
    return format_html(
        "{}<mark>{}</mark>{}（{}“{}”）",
        before,
        finding.marked,
        after,
        _("should be"),
        finding.suggestion,
    )


@register.simple_tag
def serious_error_findings(page):
    """The serious-error findings on a bundle as stored, which its approval meets (the
    approval's modal shows them beside the acknowledgement); none for another page."""
    page = getattr(page, "specific", page)
    if not hasattr(page, "synchronous_interpretations"):
        return []
    return bundle_findings(member_drafts(page))
