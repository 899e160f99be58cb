"""The bundle's review in templates: the preview a reviewer opens asks for it here, so the
policy model renders its bundle preview without importing the workflow rules."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cms.review.bundle import review_context

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
