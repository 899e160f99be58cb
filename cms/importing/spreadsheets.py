"""Reading the spreadsheets old systems export: CSV (UTF-8, or GB18030 as Excel in China
saves it) and XLSX, row by row, so a file of any size is never held whole in memory.

A UTF-8 file is read line by line: a line that is not valid UTF-8 (wherever it is in the
file) is that row's error, named with its number, and the rows around it are read."""

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


class UnreadableRow(SpreadsheetError):
    """One row cannot be read (its bytes are not valid UTF-8); the others can."""


def not_utf8_message() -> str:
    return _("This line is not valid UTF-8 text; save the file as UTF-8.")


def _encoding(stream: BinaryIO) -> str:
    """UTF-8 unless most of the first lines with non-ASCII bytes are not UTF-8 (GB18030);
    one bad line in a UTF-8 file is that line's error, not a reason to misread the rest."""
    head = stream.read(SNIFF)
    stream.seek(0)
    lines = head.split(b"\n")
    if len(head) == SNIFF:
        lines = lines[:-1] or lines  # the last may be cut in two
    valid = invalid = 0
    for line in lines:
        if line.isascii():
            continue
        try:
            line.decode("utf-8")
            valid += 1
        except UnicodeDecodeError:
            # A character cut by the window's end is not a bad line.
            try:
                codecs.getincrementaldecoder("utf-8")().decode(line, final=False)
                valid += 1
            except UnicodeDecodeError:
                invalid += 1
    return "gb18030" if invalid > valid else "utf-8"


def _utf8_lines(stream: BinaryIO, bad: set[int]) -> Iterator[str]:
    """The file's lines as text (the BOM dropped); the numbers of those that are not
    valid UTF-8 are added to ``bad`` (and their bytes replaced)."""
    for number, raw in enumerate(stream, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            yield raw.decode("utf-8", errors="replace")


def _csv_rows(stream: BinaryIO) -> Iterator[list[str] | UnreadableRow]:
    """Each row, or ``UnreadableRow`` for one whose lines are not valid UTF-8."""
    encoding = _encoding(stream)
    bad: set[int] = set()
    if encoding == "utf-8":
        text = None
        reader = csv.reader(_utf8_lines(stream, bad))
    else:
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        reader = csv.reader(text)
    try:
        last_line = 0
        for row in reader:
            # A quoted cell may hold line breaks: a row is the lines since the last one.
            lines = range(last_line + 1, reader.line_num + 1)
            last_line = reader.line_num
            if bad and any(n in bad for n in lines):
                yield UnreadableRow(not_utf8_message())
            else:
                yield row
    except (UnicodeDecodeError, csv.Error) as error:
        message = _("The CSV file cannot be read: %(error)s") % {"error": error}
        raise SpreadsheetError(message) from None
    finally:
        if text is not None:
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
    # On first use: a heavy library only spreadsheets need.
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
    """The rows of a CSV or XLSX file (by ``name``'s suffix), header first, as text;
    ``SpreadsheetError`` at a row that cannot be read."""
    for number, row in enumerate(_rows(stream, name), start=1):
        if isinstance(row, UnreadableRow):
            raise UnreadableRow(_("Line %(line)d: %(reason)s") % {"line": number, "reason": row})
        yield row


def _rows(stream: BinaryIO, name: str) -> Iterator[list[str] | UnreadableRow]:
    suffix = Path(name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(stream)
    if suffix == ".csv":
        return _csv_rows(stream)
    raise SpreadsheetError(_("Only .csv and .xlsx files can be read as spreadsheets."))


def records(stream: BinaryIO, name: str) -> Iterator[tuple[int, dict[str, str] | UnreadableRow]]:
    """(line number, {header: cell}) for each row that is not empty, or (line number,
    ``UnreadableRow``) for one that cannot be read; the header row is line 1. Columns
    without a header are left out."""
    lines = _rows(stream, name)
    header = next(lines, None)
    if isinstance(header, UnreadableRow):
        raise SpreadsheetError(_("Line %(line)d: %(reason)s") % {"line": 1, "reason": header})
    if not header or not any(cell.strip() for cell in header):
        raise SpreadsheetError(_("The file has no header row."))
    names = [cell.strip() for cell in header]
    for number, row in enumerate(lines, start=2):
        if isinstance(row, UnreadableRow):
            yield number, row
        elif any(cell.strip() for cell in row):
            yield number, {key: value for key, value in zip(names, row, strict=False) if key}
