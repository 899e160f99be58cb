"""The checks a report passes before it is submitted or published (docs/domain.md §7):
every required cell filled; the sums the template implies (each row's 总计 of its
columns, 三's （七）总计 of its outcomes); 三's 一 + 二 = 三(七) + 四 in every column; 二's
documents in force = last year's + issued − repealed, counting the documents issued but
not yet in force at either year's end, unless the difference is explained; the failures
of the checks the plugins ran on their tables. Each failure is a Chinese sentence naming
its cell (表三“四、结转下年度继续办理”·自然人).

Errors block; warnings (numbers that changed in the records since the tables were
assembled) are shown, and the office decides whether to assemble again.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from cms.extend.report_tables import NOT_YET_IN_FORCE, ReportTable
from cms.reports import layout
from cms.reports.assembly import computed_tables, previous_report
from cms.text.page_text import plain_text


def cell_name(table: ReportTable, row_key: str, column_key: str | None = None) -> str:
    """表<section>“<heading>·<row>”·<column>: how a message names a cell."""
    label, headings = row_key, {}
    for row in table.rows:
        if row.key == row_key:
            above = [headings[level] for level in sorted(headings) if level < row.level]
            label = "·".join([h.label for h in above[-1:]] + [row.label])
            break
        if row.is_heading:
            headings = {level: h for level, h in headings.items() if level < row.level}
            headings[row.level] = row
    name = _("Table %(section)s “%(row)s”") % {"section": table.section, "row": label}
    if column_key is not None:
        column = next((c for c in table.columns if c.key == column_key), None)
        name += f"·{column.label if column else column_key}"
    return name


def _empty_cells(table: ReportTable) -> list[str]:
    return [
        _("%(cell)s is empty.") % {"cell": cell_name(table, row.key, column.key)}
        for row in table.rows
        if not row.is_heading
        for column in table.columns
        if row.cells.get(column.key) is None
    ]


def _row_totals(table: ReportTable) -> list[str]:
    """Each row's 总计 is the sum of its other columns."""
    keys = [c.key for c in table.columns]
    if layout.TOTAL not in keys:
        return []
    failures = []
    for row in table.rows:
        values = [row.cells.get(k) for k in keys if k != layout.TOTAL]
        total = row.cells.get(layout.TOTAL)
        if row.is_heading or total is None or None in values:
            continue
        if sum(values) != total:
            failures.append(
                _("%(cell)s is %(value)s, but its columns add up to %(sum)s.")
                % {
                    "cell": cell_name(table, row.key, layout.TOTAL),
                    "value": total,
                    "sum": sum(values),
                }
            )
    return failures


def _column_sum(table: ReportTable, keys: list[str], column: str):
    values = [table.cell(k, column) for k in keys]
    return None if None in values else sum(values)


def _outcome_total(table: ReportTable) -> list[str]:
    """三's （七）总计 is the sum of the outcomes above it."""
    keys = [r.key for r in table.rows]
    if "handled" not in keys or "handled_total" not in keys:
        return []
    start, end = keys.index("handled"), keys.index("handled_total")
    outcomes = [r.key for r in table.rows[start + 1 : end] if not r.is_heading]
    failures = []
    for column in table.columns:
        total, counted = (
            table.cell("handled_total", column.key),
            _column_sum(table, outcomes, column.key),
        )
        if total is not None and counted is not None and total != counted:
            failures.append(
                _("%(cell)s is %(value)s, but the results above it add up to %(sum)s.")
                % {
                    "cell": cell_name(table, "handled_total", column.key),
                    "value": total,
                    "sum": counted,
                }
            )
    return failures


def _balance(table: ReportTable) -> list[str]:
    """三: 一 + 二 = 三(七) + 四 in every column."""
    failures = []
    for column in table.columns:
        left = _column_sum(table, ["new", "carried"], column.key)
        right = _column_sum(table, ["handled_total", "next"], column.key)
        if left is not None and right is not None and left != right:
            failures.append(
                _(
                    "%(column)s: new applications plus those carried over (%(left)s) must "
                    "equal the results (%(right_total)s) plus those carried to next year "
                    "(%(next)s); check %(cell)s."
                )
                % {
                    "column": column.label,
                    "left": left,
                    "right_total": table.cell("handled_total", column.key),
                    "next": table.cell("next", column.key),
                    "cell": cell_name(table, "next", column.key),
                }
            )
    return failures


def _last_year_documents(report) -> dict[str, tuple]:
    """Last year's (documents in force, documents not yet in force) at its end by row: from
    last year's published report, else as the plugin counts last year now; empty when
    neither knows. Not yet in force: 0 where nothing counted it (a table entered by hand)."""
    earlier = previous_report(report)
    tables = earlier.frozen_tables() if earlier else []
    found = next((t for t in tables if (t.section, t.key) == ("二", "documents")), None)
    counted = None
    if found is None or (found.source and not _counts_not_yet_in_force(found)):
        # Published before the count was kept beside the table: the plugin's, now.
        counted = computed_tables(report.agency, report.year - 1).get(("二", "documents"))
    found = found or counted
    if found is None:
        return {}
    pending = {r.key: r.aside.get(NOT_YET_IN_FORCE, 0) for r in (counted or found).rows}
    return {
        row.key: (row.cells.get("in_force"), pending.get(row.key, 0))
        for row in found.rows
        if not row.is_heading
    }


def _counts_not_yet_in_force(table: ReportTable) -> bool:
    return any(NOT_YET_IN_FORCE in row.aside for row in table.rows)


def _carried_in_force(report, table: ReportTable) -> list[str]:
    """二: the documents in force at the year's end are last year's in force, plus those
    issued, minus those repealed, less those issued but not yet in force at the year's end
    and plus those not yet in force at last year's end (they came into force or ended this
    year; docs/domain.md §7), unless the office explains the difference."""
    if report.documents_difference_note.strip():
        return []
    before = _last_year_documents(report)
    failures = []
    for row in table.rows:
        last, pending_before = before.get(row.key, (None, 0))
        cells, pending = row.cells, row.aside.get(NOT_YET_IN_FORCE, 0)
        now, issued, repealed = cells.get("in_force"), cells.get("issued"), cells.get("repealed")
        if None in (last, now, issued, repealed):
            continue
        expected = last + pending_before + issued - repealed - pending
        if expected == now:
            continue
        values = {
            "cell": cell_name(table, row.key, "in_force"),
            "now": now,
            "last": last,
            "issued": issued,
            "repealed": repealed,
            "expected": expected,
        }
        if pending or pending_before:
            failures.append(
                _(
                    "%(cell)s is %(now)s, but last year's %(last)s + %(pending_before)s not "
                    "yet in force at last year's end + %(issued)s issued − %(repealed)s "
                    "repealed − %(pending)s not yet in force at the year's end = "
                    "%(expected)s: correct it or explain the difference."
                )
                % {**values, "pending_before": pending_before, "pending": pending}
            )
        else:
            failures.append(
                _(
                    "%(cell)s is %(now)s, but last year's %(last)s + %(issued)s issued − "
                    "%(repealed)s repealed = %(expected)s: correct it or explain the "
                    "difference."
                )
                % values
            )
    return failures


def _texts(report) -> list[str]:
    missing = []
    for field in ("overview", "problems"):
        if not plain_text(getattr(report, field) or "").strip():
            label = report._meta.get_field(field).verbose_name
            missing.append(_("Section “%(section)s” is empty.") % {"section": label})
    return missing


# 二's cells the office enters, each with the field naming where its number comes from.
SOURCES = {
    "licence_decisions": "licence_source",
    "penalty_decisions": "penalty_source",
    "coercion_decisions": "coercion_source",
    "fee_amount": "fee_source",
}


def _sources(report) -> list[str]:
    """A number entered in 二 needs its source (README: enter both)."""
    return [
        _("Give the source of “%(cell)s”.") % {"cell": report._meta.get_field(number).verbose_name}
        for number, source in SOURCES.items()
        if getattr(report, number) is not None and not (getattr(report, source) or "").strip()
    ]


def correction_note(report) -> list[str]:
    """A correction of a published report states what was corrected and why: a change
    note of its own, not empty and not the published version's."""
    published = type(report).objects.filter(pk=report.pk, live=True).first()
    if published is None:
        return []
    # The page type's own fields (not Page's): what a correction changes.
    fields = [
        f.attname
        for f in report._meta.concrete_fields
        if f.model is type(report) and f.name != "change_note"
    ]
    if all(getattr(report, name) == getattr(published, name) for name in fields):
        return []  # nothing corrected
    note = (report.change_note or "").strip()
    if note and note != published.change_note.strip():
        return []
    return [_("A correction of a published report needs its own change note: what was "
              "corrected and why.")]  # fmt: skip


def errors(report) -> list[str]:
    """Every reason the report may not be submitted or published yet, in Chinese."""
    found = _texts(report) + _sources(report) + correction_note(report)
    for table in [*report.frozen_tables(), *layout.hand_tables(report.hand_values())]:
        found += _empty_cells(table) + _row_totals(table)
        if (table.section, table.key) == ("三", "requests"):
            found += _outcome_total(table) + _balance(table)
        if (table.section, table.key) == ("二", "documents"):
            found += _carried_in_force(report, table)
        for check in table.checks:
            found += [f"{table.title}：{failure}" for failure in check.failures]
    return list(dict.fromkeys(found))


def warnings(report) -> list[str]:
    """Numbers the records give differently now than when the tables were assembled:
    each cell with the number in the report and the number now."""
    if not report.tables:
        return []
    now = computed_tables(report.agency, report.year)
    changed = []
    for table in report.frozen_tables():
        fresh = now.get((table.section, table.key))
        if fresh is None or not table.source:
            continue
        for row in table.rows:
            try:
                cells = fresh.row(row.key).cells
            except KeyError:
                continue
            for column in table.columns:
                old, new = row.cells.get(column.key), cells.get(column.key)
                if old != new:
                    changed.append(
                        _("%(cell)s: %(old)s in the report, %(new)s in the records now.")
                        % {"cell": cell_name(table, row.key, column.key), "old": old, "new": new}
                    )
    return changed
