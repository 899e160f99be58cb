"""The lines of an import file as numbered records: each JSON line or spreadsheet row
becomes (line number, its object) or (line number, why it is not one), and a line that
names the same document as an earlier line of the file is refused with its reason."""

import json
from collections.abc import Iterable, Iterator

from django.utils.translation import gettext as _

from cms.importing import spreadsheets
from cms.text.sanitize import normalize_text

MAX_LINE_BYTES = 2 * 1024 * 1024


# Spreadsheet cells that hold a JSON list.
JSON_CELLS = ("interpretations", "attachments")


class RecordError(Exception):
    """A line that cannot be imported; the message says why, in the user's language."""


Numbered = tuple[int, "dict | RecordError"]


def json_lines(lines: Iterable[str | bytes]) -> Iterator[Numbered]:
    """(line number, the object or why it is not one) of each line that is not blank."""
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, bytes):
            if len(raw) > MAX_LINE_BYTES:
                yield number, RecordError(_("The line is longer than 2 MB."))
                continue
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield number, RecordError(spreadsheets.not_utf8_message())
                continue
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as error:
            yield number, RecordError(_("Not valid JSON: %(error)s") % {"error": error.msg})
            continue
        if not isinstance(data, dict):
            yield number, RecordError(_("Each line must be a JSON object."))
            continue
        yield number, data


def _key_text(data: dict, key: str) -> str:
    value = data.get(key)
    return normalize_text(value, single_line=True).strip() if isinstance(value, str) else ""


def first_of_each(records: Iterable[Numbered]) -> Iterator[Numbered]:
    """The records, with a line that names the same document as an earlier line of the
    file (agency and document number, or agency, title and date without a number)
    replaced by the error saying so: two versions of one document in one file would
    overwrite each other, and flip back at every run."""
    seen: dict[str, int] = {}
    for number, data in records:
        if isinstance(data, dict) and _key_text(data, "agency"):
            doc_number = _key_text(data, "doc_number")
            key = "|".join(
                [_key_text(data, "agency"), doc_number]
                if doc_number
                else [
                    _key_text(data, "agency"),
                    _key_text(data, "title"),
                    _key_text(data, "issued_on"),
                ]
            )
            first = seen.setdefault(key, number)
            if first != number:
                message = (
                    _("Document number “%(number)s” already appears on line %(line)d of this file.")
                    if doc_number
                    else _("The same title and date already appear on line %(line)d of this file.")
                )
                data = RecordError(message % {"number": doc_number[:100], "line": first})
        yield number, data


def spreadsheet_rows(stream, name: str) -> Iterator[Numbered]:
    """(line number, record) of each row of a CSV or XLSX file whose header row names the
    same fields as a JSON line; a cell holding a JSON list (``interpretations``,
    ``attachments``) is read as one."""
    for number, row in spreadsheets.records(stream, name):
        if isinstance(row, spreadsheets.SpreadsheetError):
            yield number, RecordError(str(row))
            continue
        data = {key: value.strip() for key, value in row.items()}
        for key in JSON_CELLS:
            if data.get(key, "").startswith("["):
                try:
                    data[key] = json.loads(data[key])
                except json.JSONDecodeError as error:
                    yield (
                        number,
                        RecordError(
                            _("Column “%(field)s” is not a valid JSON list: %(error)s")
                            % {"field": key, "error": error.msg}
                        ),
                    )
                    break
        else:
            yield number, data
