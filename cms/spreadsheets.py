"""Reading the spreadsheets old systems export: CSV (UTF-8, or GB18030 as Excel in China
saves it) and XLSX, row by row, so a file of any size is never held whole in memory."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext as _

SUFFIXES = (".csv", ".xlsx")
SNIFF = 256 * 1024


class SpreadsheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""


def _encoding(stream: BinaryIO) -> str:
    head = stream.read(SNIFF)
    stream.seek(0)
    try:
        # The last bytes may cut a character in two: only what is whole is judged.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8-sig"
    except UnicodeDecodeError:
        return "gb18030"


def _csv_rows(stream: BinaryIO) -> Iterator[list[str]]:
    text = io.TextIOWrapper(stream, encoding=_encoding(stream), newline="")
    try:
        yield from csv.reader(text)
    except (UnicodeDecodeError, csv.Error) as error:
        message = _("The CSV file cannot be read: %(error)s") % {"error": error}
        raise SpreadsheetError(message) from None
    finally:
        text.detach()


def cell_text(value) -> str:
    """A cell as text: dates as 2024-03-01, whole numbers without “.0”."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_rows(stream: BinaryIO) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception:
        raise SpreadsheetError(_("The file is not a readable XLSX workbook.")) from None
    try:
        for row in book.active.iter_rows(values_only=True):
            yield [cell_text(value) for value in row]
    finally:
        book.close()


def rows(stream: BinaryIO, name: str) -> Iterator[list[str]]:
    """The rows of a CSV or XLSX file (by ``name``'s suffix), header first, as text."""
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(stream)
    if suffix == ".csv":
        return _csv_rows(stream)
    raise SpreadsheetError(_("Only .csv and .xlsx files can be read as spreadsheets."))


def records(stream: BinaryIO, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, {header: cell}) for each row that is not empty; the header row is
    line 1. Columns without a header are left out."""
    lines = rows(stream, name)
    header = next(lines, None)
    if not header or not any(cell.strip() for cell in header):
        raise SpreadsheetError(_("The file has no header row."))
    names = [cell.strip() for cell in header]
    for number, row in enumerate(lines, start=2):
        if any(cell.strip() for cell in row):
            yield number, {key: value for key, value in zip(names, row, strict=False) if key}
