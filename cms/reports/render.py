"""A report laid out as the template shows it, for its page, its preview and the admin's
edit view: each section in order, with its tables' heads (the column groups, 四 laid
across) and their cells (inputs where a table is entered by hand and the view edits)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cms.extend.report_tables import HeaderCell, ReportTable
from cms.reports import layout, website_layout
from cms.reports.assembly import is_manual, source_label
from cms.reports.checks import cell_name

SECTIONS = ["一", "二", "三", "四", "五", "六"]


def cell_input(table: ReportTable, row_key: str, column_key: str) -> str:
    """The name of a hand-entered cell's input in the edit view."""
    return f"cell-{table.section}-{table.key}-{row_key}-{column_key}"


@dataclass
class TableView:
    table: ReportTable
    manual: bool
    head: list[list[HeaderCell]]
    rows: list[dict] = field(default_factory=list)  # {"row", "cells"} (normal layout)
    across: list[dict] = field(default_factory=list)  # the cells of the across layout
    hand: bool = False  # 二's cells the office always enters (with their sources)
    sources: list[str] = field(default_factory=list)
    source: str = ""  # where a table's numbers come from (系统数据 of a plugin, 手工填报)


def _cell(table, row, column, data) -> dict:
    name = cell_input(table, row.key, column.key)
    value = row.cells.get(column.key)
    shown = "" if value is None else value
    return {
        "name": name,
        "value": data.get(name, shown) if data is not None else shown,
        "link": row.links.get(column.key, ""),
        "label": (
            f"“{table.title}·{row.label}”·{column.label}"
            if table.section == website_layout.SECTION  # no 表 number: not the 2021 template
            else cell_name(table, row.key, column.key)
        ),
    }


def _head(table: ReportTable) -> list[list[HeaderCell]]:
    if table.across:
        return table.across_head()
    if not any(c.group for c in table.columns):
        return [[HeaderCell(table.column_heading), *(HeaderCell(c.label) for c in table.columns)]]
    lines = [table.column_groups(), [HeaderCell(c.label) for c in table.grouped_columns()]]
    if table.column_heading:
        lines.insert(0, [HeaderCell(table.column_heading, colspan=len(table.columns))])
    lines[0].insert(0, HeaderCell("", rowspan=len(lines)))
    return lines


def table_view(table: ReportTable, data=None) -> TableView:
    """The table's head and cells; ``data`` (a bound form's) fills the inputs."""
    view = TableView(table, is_manual(table), _head(table), source=source_label(table))
    for row in table.rows:
        cells = [] if row.is_heading else [_cell(table, row, c, data) for c in table.columns]
        view.rows.append({"row": row, "cells": cells})
        view.across += cells
    return view


def _hand_views(report) -> list[TableView]:
    sources = {
        "licences": [report.licence_source],
        "enforcement": [report.penalty_source, report.coercion_source],
        "charges": [report.fee_source],
    }
    views = []
    for table in layout.hand_tables(report.hand_values()):
        view = table_view(table)
        view.hand = True
        view.sources = list(dict.fromkeys(s for s in sources[table.key] if s))  # once each
        views.append(view)
    return views


def sections(report) -> list[dict]:
    """The report's six sections in order: number, heading, text (rich text or empty)
    and tables."""
    frozen = [table_view(t) for t in report.frozen_tables()]
    texts = {"一": report.overview, "五": report.problems, "六": report.other_matters}
    headings = {
        "一": _("1. General situation"),
        "二": _("2. Proactive disclosure of government information"),
        "三": _("3. Applications for government information received and handled"),
        "四": _("4. Administrative review and administrative litigation"),
        "五": _("5. Main problems and improvements"),
        "六": _("6. Other matters to report"),
    }
    found = []
    for number in SECTIONS:
        views = [v for v in frozen if v.table.section == number]
        if number == "二":
            views = views + _hand_views(report)
        found.append(
            {
                "number": number,
                "heading": headings[number],
                "text": texts.get(number, ""),
                "tables": views,
            }
        )
    return found
