"""The website annual report laid out for its page and preview."""

from django import template

from cms.reports.admin_views import YEARS_SHOWN
from cms.reports.render import table_view
from cms.reports.website import identity_lines
from cms.reports.website_admin import lines
from cms.workdays import today as today_in_china

register = template.Library()


@register.simple_tag
def website_report_parts(report):
    """The report's identity lines and its tables' views, as frozen."""
    return {
        "identity": identity_lines(report),
        "tables": [table_view(t) for t in report.frozen_tables()],
    }


@register.simple_tag
def website_report_lines():
    """Reports → 年度报告's lines of the website reports (every site × the years shown)."""
    today = today_in_china()
    years = list(range(today.year - 1, today.year - 1 - YEARS_SHOWN, -1))
    return lines(years, today)
