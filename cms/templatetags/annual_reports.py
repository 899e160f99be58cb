"""The annual report laid out for its page and preview (cms.reports.render)."""

from django import template

from cms.reports.render import sections

register = template.Library()


@register.simple_tag
def report_sections(report):
    """The report's six sections in order, with their texts and tables."""
    return sections(report)
