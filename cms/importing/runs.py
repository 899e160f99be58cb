"""Importing a whole file (``manage.py import_policies``): its format by its suffix, how
far it got, and continuing where a stopped run left off.

Every line, or every batch of new policies on the fast path (``import_bulk``), commits
on its own, so a run stopped anywhere (Ctrl-C, a lost connection) leaves whole lines
behind. After each batch, and every ``IMPORT_CHECKPOINT_EVERY`` lines in between, the run
notes the last line done, with its counts and errors, under the file's content digest;
run again on the same file, it skips what was done and ends with the counts of an
uninterrupted run. A batch and its note commit together; lines done one by one after the
last note are done again, and find themselves unchanged. What a stopped run committed
but did not live to index (``PendingIndex``) is indexed when the run continues.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import asdict
from functools import partial
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from cms.importing import bulk as import_bulk
from cms.importing import importer
from cms.importing.importer import ImportResult
from cms.importing.records import Numbered, RecordError, first_of_each, json_lines
from cms.importing.records import spreadsheet_rows as _spreadsheet_rows
from cms.models import ImportCheckpoint
from cms.operations import index_sweep

JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")
SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


def digest_of(path: Path, *flags: str) -> str:
    """The file's content digest, with the options that change what a run does."""
    sha = hashlib.sha256("|".join(flags).encode())
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def records_of(path: Path) -> Iterator[Numbered]:
    """(line number, record) of a JSON Lines, CSV or XLSX file."""
    suffix = path.suffix.lower()
    if suffix not in JSON_SUFFIXES + SPREADSHEET_SUFFIXES:
        raise RecordError(
            _("Unknown file type “%(suffix)s”: use .jsonl, .csv or .xlsx.") % {"suffix": suffix}
        )
    return _records(path, suffix)


def _records(path: Path, suffix: str) -> Iterator[Numbered]:
    with path.open("rb") as stream:
        if suffix in JSON_SUFFIXES:
            yield from json_lines(stream)
        else:
            yield from _spreadsheet_rows(stream, path.name)


def count_records(path: Path) -> int | None:
    """About how many records the file holds (for the progress bar), or None."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        # On first use: a heavy library only spreadsheets need.
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True)
            rows = book.active.max_row
            book.close()
            return max(rows - 1, 0) if rows else None
        except Exception:
            return None
    with path.open("rb") as stream:
        lines = sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))
    return max(lines - 1, 0) if suffix == ".csv" else lines


def import_file(
    path: Path,
    *,
    publish: bool,
    create_missing: bool = False,
    notify: bool = False,
    restart: bool = False,
    progress: Callable[[int], None] | None = None,
    one_by_one: bool = False,
    batch_size: int | None = None,
) -> tuple[ImportResult, int]:
    """Import a file, continuing a stopped run of it; returns the result and the line the
    run continued after (0 for a fresh start). New policies are written in batches
    (``import_bulk``) unless ``one_by_one``."""
    digest = digest_of(path, str(publish), str(create_missing), str(notify))
    if restart:
        ImportCheckpoint.objects.filter(digest=digest).delete()
    checkpoint, fresh = ImportCheckpoint.objects.get_or_create(
        digest=digest, defaults={"path": str(path)[:500]}
    )
    resumed_from = checkpoint.line
    if not fresh:
        # A stopped run (noted or not yet) may have died between a commit and its
        # indexing task.
        index_sweep.sweep_now()
    result = ImportResult(**checkpoint.counts, errors=[tuple(e) for e in checkpoint.errors])

    since_saved = 0

    def note(number: int) -> None:
        nonlocal since_saved
        save(checkpoint, number, result)
        since_saved = 0

    def done(number: int) -> None:
        nonlocal since_saved
        since_saved += 1
        if since_saved >= settings.IMPORT_CHECKPOINT_EVERY and number > checkpoint.line:
            note(number)
        if progress is not None:
            progress(number)

    records = records_of(path)
    # Every line is seen for duplicates, those a stopped run did too.
    remaining = ((n, data) for n, data in first_of_each(records) if n > resumed_from)
    if one_by_one:
        run = importer.import_records
    else:
        # A batch's lines are noted as soon as it commits.
        run = partial(
            import_bulk.import_records,
            batch_size=batch_size or import_bulk.DEFAULT_BATCH,
            committed=note,
        )
    run(
        remaining,
        publish=publish,
        create_missing=create_missing,
        notify=notify,
        progress=done,
        result=result,
        base_dir=path.resolve().parent,
    )
    checkpoint.delete()
    return result, resumed_from


def save(checkpoint: ImportCheckpoint, line: int, result: ImportResult) -> None:
    counts = asdict(result)
    checkpoint.errors = counts.pop("errors")
    checkpoint.line, checkpoint.counts = line, counts
    checkpoint.save(update_fields=["line", "counts", "errors", "updated_at"])
