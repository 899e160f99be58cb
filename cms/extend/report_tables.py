"""The tables of the annual disclosure report (政府信息公开工作年度报告, the 2021 template of
国办公开办函〔2021〕30号) that plugins count from their records (hook
``annual_report_tables``), in one shape every renderer reads: the admin's pages, CSV and
XLSX downloads, the report's page and its Word file.

A table is rows × columns of numbers. A row has a label, a key, an indent level (the
template's sub-rows: 三 → （三）不予公开 → 1.属于国家秘密) and its cells by column key;
a row without cells is a heading over the rows below it. A column may share a group
heading with its neighbours (法人或其他组织 over 商业企业 … 其他). The checks a plugin
ran on its table travel with it; the report adds its own (sums of rows and columns).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

Number = int | Decimal


@dataclass(frozen=True)
class ReportColumn:
    """A column: its ``key`` (the cells' key), its label, and the heading it shares with
    the columns beside it that name the same ``group``."""

    key: str
    label: str
    group: str = ""


# ``ReportRow.aside`` of table 二/documents: the documents issued but not yet in force at
# the year's end, which the check of the documents in force counts (docs/domain.md §7).
NOT_YET_IN_FORCE = "not_yet_in_force"


@dataclass(frozen=True)
class ReportRow:
    """A row: ``cells`` by column key (a column it lacks is blank); none at all makes it a
    heading. ``level`` is its indent under the heading above it (0, 1, 2)."""

    key: str
    label: str
    level: int = 0
    cells: Mapping[str, Number | None] = field(default_factory=dict)
    # Column key → the admin address of the records a cell counts (the requests answered
    # 部分公开 in the year), where the plugin can name them; shown to editors only.
    links: Mapping[str, str] = field(default_factory=dict)
    # Numbers the report's checks read but the template does not print, by name (table
    # 二/documents': ``NOT_YET_IN_FORCE``). Frozen with the cells.
    aside: Mapping[str, Number] = field(default_factory=dict)

    @property
    def is_heading(self) -> bool:
        return not self.cells


@dataclass(frozen=True)
class ReportCheck:
    """A rule the table must satisfy (一 + 二 = 三(七) + 四), and each way it does not, in
    Chinese, naming the cell or record (empty: passed)."""

    label: str
    failures: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a rendered table head, with its spans."""

    label: str
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class ReportTable:
    """One table of the report. ``section`` is the template's section (二, 三, 四, 六) and
    ``key`` names the table within it; ``column_heading`` is a heading over every column
    (申请人情况); ``unit`` the unit of its numbers (件, 万元). ``across``: the template lays
    the rows side by side, each a group of the columns (section 四: 行政复议, then 行政诉讼's
    two kinds, each × 结果维持 … 总计)."""

    section: str
    key: str
    title: str
    columns: tuple[ReportColumn, ...]
    rows: tuple[ReportRow, ...]
    checks: tuple[ReportCheck, ...] = ()
    column_heading: str = ""
    unit: str = ""
    across: bool = False
    # The plugin that counted it (filled by the core when it collects the tables).
    source: str = ""

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    def row(self, key: str) -> ReportRow:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)

    def cell(self, row_key: str, column_key: str) -> Number | None:
        return self.row(row_key).cells.get(column_key)

    def column_groups(self) -> list[HeaderCell]:
        """The head's top line over the columns: a group's heading spanning its columns,
        and an ungrouped column (rowspan 2) on its own."""
        line: list[HeaderCell] = []
        for column in self.columns:
            if column.group and line and line[-1].label == column.group and line[-1].rowspan == 1:
                line[-1] = HeaderCell(column.group, line[-1].colspan + 1)
            elif column.group:
                line.append(HeaderCell(column.group))
            else:
                line.append(HeaderCell(column.label, rowspan=2))
        return line

    def grouped_columns(self) -> list[ReportColumn]:
        """The columns under a group heading: the head's second line."""
        return [column for column in self.columns if column.group]

    def across_head(self) -> list[list[HeaderCell]]:
        """The head of the ``across`` layout: the top rows (a heading spanning the rows
        under it), then the rows under a heading, then every column's label once per row."""
        blocks = self._blocks()
        nested = any(children for _row, children in blocks)
        width = len(self.columns)
        top, middle, labels = [], [], []
        for row, children in blocks:
            if children:
                top.append(HeaderCell(row.label, colspan=width * len(children)))
                middle += [HeaderCell(child.label, colspan=width) for child in children]
                labels += [HeaderCell(c.label) for _child in children for c in self.columns]
            else:
                top.append(HeaderCell(row.label, colspan=width))
                head = [HeaderCell(c.label, rowspan=2 if nested else 1) for c in self.columns]
                (middle if nested else labels).extend(head)
        return [top, middle, labels] if nested else [top, labels]

    def across_values(self) -> list[Number | None]:
        """The numbers of the ``across`` layout, in the order of its head."""
        values = []
        for row, children in self._blocks():
            for counted in children or [row]:
                values += [counted.cells.get(c.key) for c in self.columns]
        return values

    def _blocks(self) -> list[tuple[ReportRow, list[ReportRow]]]:
        """Top-level rows, each with the rows indented under it (a heading's)."""
        blocks: list[tuple[ReportRow, list[ReportRow]]] = []
        for row in self.rows:
            if row.level == 0 or not blocks:
                blocks.append((row, []))
            else:
                blocks[-1][1].append(row)
        return blocks

    def lines(self) -> list[list[str | Number | None]]:
        """The table as lines of a spreadsheet: a line of column labels (each prefixed
        with its group), then each row, its label indented by full-width spaces."""
        head = [f"{c.group}：{c.label}" if c.group else c.label for c in self.columns]
        lines: list[list[str | Number | None]] = [["", *head]]
        for row in self.rows:
            label = "\u3000" * row.level + row.label
            lines.append([label, *(row.cells.get(c.key) for c in self.columns)])
        return lines


def table_to_data(table: ReportTable) -> dict:
    """The table as JSON (a report's frozen copy): numbers as numbers, a Decimal as its
    text, so nothing is lost or rounded on the way back."""

    def number(value):
        return str(value) if isinstance(value, Decimal) else value

    return {
        "section": table.section,
        "key": table.key,
        "title": str(table.title),
        "columns": [
            {"key": c.key, "label": str(c.label), "group": str(c.group)} for c in table.columns
        ],
        "rows": [
            {
                "key": row.key,
                "label": str(row.label),
                "level": row.level,
                "cells": {k: number(v) for k, v in row.cells.items()},
                "links": dict(row.links),
                "aside": {k: number(v) for k, v in row.aside.items()},
            }
            for row in table.rows
        ],
        "checks": [{"label": str(c.label), "failures": list(c.failures)} for c in table.checks],
        "column_heading": str(table.column_heading),
        "unit": str(table.unit),
        "across": table.across,
        "source": table.source,
    }


def table_from_data(data: Mapping) -> ReportTable:
    """A table read back from ``table_to_data``'s JSON."""

    def number(value):
        return Decimal(value) if isinstance(value, str) else value

    return ReportTable(
        section=data["section"],
        key=data["key"],
        title=data["title"],
        columns=tuple(
            ReportColumn(c["key"], c["label"], c.get("group", "")) for c in data["columns"]
        ),
        rows=tuple(
            ReportRow(
                r["key"],
                r["label"],
                r.get("level", 0),
                {k: number(v) for k, v in r.get("cells", {}).items()},
                r.get("links", {}),
                {k: number(v) for k, v in r.get("aside", {}).items()},
            )
            for r in data["rows"]
        ),
        checks=tuple(ReportCheck(c["label"], tuple(c["failures"])) for c in data.get("checks", ())),
        column_heading=data.get("column_heading", ""),
        unit=data.get("unit", ""),
        across=data.get("across", False),
        source=data.get("source", ""),
    )
