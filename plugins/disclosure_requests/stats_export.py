"""Sections 三 and 四 as files: CSV (UTF-8 with a byte order mark, so Excel on a Chinese
Windows reads it) and XLSX, each table's rows as the admin shows them, then its checks."""

from __future__ import annotations

import csv
from io import BytesIO, StringIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

BOM = "\ufeff"


def check_lines(table) -> list[list[str]]:
    """Each check of the table: its rule and 通过, or each failure on its own line."""
    lines = []
    for check in table.checks:
        if check.passed:
            lines.append([check.label, _("Passed")])
        else:
            lines += [[check.label, failure] for failure in check.failures]
    return lines


def heading(agency, year: int) -> list[str]:
    name = agency.name if agency else _("All agencies")
    return [_("Disclosure request statistics"), name, _("Year %(year)d") % {"year": year}]


def csv_bytes(tables, agency, year: int) -> bytes:
    out = StringIO()
    writer = csv.writer(out)
    writer.writerow(heading(agency, year))
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title, _("Unit: %(unit)s") % {"unit": table.unit}])
        writer.writerows(["" if cell is None else cell for cell in line] for line in table.lines())
        writer.writerows(check_lines(table))
    return (BOM + out.getvalue()).encode("utf-8")


def xlsx_bytes(tables, agency, year: int) -> bytes:
    """One sheet per table, named by its section, numbers as numbers."""
    book = Workbook()
    book.remove(book.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(table.section)
        sheet.append(heading(agency, year))
        sheet.append([table.title, _("Unit: %(unit)s") % {"unit": table.unit}])
        for line in table.lines():
            sheet.append(line)
        for line in check_lines(table):
            sheet.append(line)
        for row in (1, 2, 3):
            for cell in sheet[row]:
                cell.font = bold
        sheet.column_dimensions["A"].width = 60
    out = BytesIO()
    book.save(out)
    return out.getvalue()
