"""The bundle's review in templates: the preview a reviewer opens asks for it here, so the
policy model renders its bundle preview without importing the workflow rules."""

from django import template

from cms.review.bundle import review_context

register = template.Library()


@register.simple_tag
def bundle_review(policy_draft):
    """The draft bundle's interpretations, confidentiality findings, exemption and last
    submission (``cms.review.bundle.review_context``)."""
    return review_context(policy_draft)
