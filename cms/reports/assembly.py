"""Assembling a report's tables: each table of the template (``cms.reports.layout``) as a
plugin counted it (hook ``annual_report_tables``), or, where no plugin counts it, the
table entered by hand (手工填报) with the same rows and columns.

A table keeps the plugin's rows and labels as it sent them; the core owns which tables
there are and their order. A table entered by hand keeps what the office entered when the
report is assembled again."""

from __future__ import annotations

from dataclasses import replace

from django.utils import timezone
from django.utils.translation import gettext as _

from cms.extend import plugin_manager
from cms.extend.report_tables import ReportTable, table_to_data
from cms.models import AnnualReportPage
from cms.reports import layout

# The source of a table the core counts itself (the website report's visits, information
# published, interpretations), where a plugin's table names the plugin.
CORE_SOURCE = "cms"


def is_manual(table: ReportTable) -> bool:
    """Entered by hand: no plugin counted it."""
    return not table.source


def source_label(table: ReportTable) -> str:
    """Where a table's numbers come from, as the page and the Word file state it:
    系统数据 with the plugin that counted them, or 手工填报."""
    if is_manual(table):
        return _("entered by hand")
    if table.source == CORE_SOURCE:
        return _("system data (this system)")
    return _("system data (%(plugin)s)") % {"plugin": plugin_manager.plugin_label(table.source)}


def computed_tables(agency, year: int) -> dict[tuple[str, str], ReportTable]:
    """The tables plugins count for the agency and year, by (section, key), from the
    records as they are now."""
    return plugin_manager.annual_report_tables(year, agency)


def _keep_entered(blank: ReportTable, entered: ReportTable | None) -> ReportTable:
    """A hand-entered table with the cells the office entered before, on its rows and
    columns (a cell the skeleton does not have is dropped)."""
    if entered is None or not is_manual(entered):
        return blank
    rows = []
    for row in blank.rows:
        try:
            old = entered.row(row.key).cells
        except KeyError:
            old = {}
        rows.append(replace(row, cells={k: old.get(k, v) for k, v in row.cells.items()}))
    return replace(blank, rows=tuple(rows))


def assemble(agency, year: int, previous: list[ReportTable] = ()) -> list[ReportTable]:
    """The report's tables in the template's order: a plugin's where one counts it, else
    the skeleton to enter by hand, with the cells of ``previous`` (the draft's tables)
    where it was entered by hand already."""
    counted = computed_tables(agency, year)
    before = {(t.section, t.key): t for t in previous}
    tables = []
    for skeleton in layout.skeletons():
        key = (skeleton.section, skeleton.key)
        tables.append(counted.get(key) or _keep_entered(skeleton, before.get(key)))
    return tables


def assemble_into(report) -> None:
    """Assemble the report's tables from the records as they are now, and note when."""
    tables = assemble(report.agency, report.year, report.frozen_tables())
    report.tables = [table_to_data(t) for t in tables]
    report.assembled_at = timezone.now()


def previous_report(report):
    """Last year's report of the same agency as published (None: none published)."""
    return (
        AnnualReportPage.objects.live()
        .filter(agency_id=report.agency_id, year=report.year - 1)
        .first()
    )
