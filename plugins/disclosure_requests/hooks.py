"""The disclosure requests' hook implementations: how they reach the core and the public."""

from cms.plugin_api import hookimpl
from plugins.disclosure_requests import letters, roles, stats
from plugins.disclosure_requests.states import recompute_deadlines


@hookimpl
def calendar_changed(years):
    recompute_deadlines(years)


@hookimpl
def role_permissions():
    return roles.ROLE_PERMISSIONS


@hookimpl
def word_templates():
    return [letters.spec()]


@hookimpl
def annual_report_tables(year, agency):
    return stats.annual_tables(year, agency)
