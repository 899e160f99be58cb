"""The importer's fast path: new policies written a batch at a time.

A migration brings tens of thousands of policies that do not exist yet. Written one by
one, each page is saved three times (the tree insert, its revision, its publication) and
costs some 180 queries. Here a batch of new policies and their interpretations is written
with a few bulk statements, and ends the same as the one-by-one path in every respect
the site reads: each page with its place in the tree, its revision (with the same
content), its two log entries (``wagtail.edit`` then ``wagtail.publish``), its index
number, its publication times, its topics, its references and Wagtail's admin search
entry. ``page_published`` is still sent for every published page, so the plugins and the
search index follow as they do for a page published by hand.

The one-by-one path (``importer.upsert_policy``) still takes, in their place in the file,
the lines this one does not: a policy that exists already (an update, or a re-run), a
line with attachments, and a line with fields other than the core's (a plugin's
``import_record`` reads those, and may need the policy saved). A batch that fails to
write as a whole is rolled back and imported again one line at a time, so a bad line is
named and never takes the good lines around it with it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Q

from cms.importing import importer, parsing
from cms.importing.batch_write import Entry, write
from cms.importing.importer import ImportOptions, ImportResult
from cms.importing.parsing import PolicyRecord
from cms.importing.records import Numbered, RecordError, first_of_each
from cms.models import PolicyPage

DEFAULT_BATCH = 500


# The keys the core reads; a line with any other goes the one-by-one path (see above).
CORE_KEYS = frozenset(
    {
        "title",
        "doc_number",
        "agency",
        "division",
        "doc_type",
        "issued_on",
        "disclosure",
        "disclosure_reason",
        "topics",
        "summary",
        "body",
        "interpretations",
    }
)


def bulkable(record: PolicyRecord) -> bool:
    """Whether a (new) record's line can be written in bulk."""
    return record.attachments is None and set(record.data) <= CORE_KEYS


def import_records(
    records: Iterable[Numbered],
    *,
    result: ImportResult | None = None,
    batch_size: int = DEFAULT_BATCH,
    committed: Callable[[int], None] | None = None,
    **options,
) -> ImportResult:
    """Import (line number, record) pairs like ``importer.import_records``, with the same
    options (``ImportOptions``), outcomes and errors, writing new policies ``batch_size``
    at a time. ``progress`` is called for each line in order once its batch has committed,
    so a checkpoint taken there never counts a line that a crash could still lose;
    ``committed`` with the last line of each batch, in the batch's transaction."""
    run = ImportOptions(**options)
    progress = run.progress
    result = result or ImportResult()
    directory = parsing.Directory(run.create_missing)
    pending: list[Entry] = []
    done: list[int] = []  # lines whose outcome is counted but not yet reported
    keys: set[str] = set()

    def flush():
        # The batch and ``committed`` (the run's note of how far it got) commit together:
        # a run stopped right after the commit continues after the batch, not before it.
        with transaction.atomic():
            _write_batch(pending, result, run)
            if committed is not None and done:
                committed(max(done))
        pending.clear()
        keys.clear()
        if progress is not None:
            for number in sorted(done):
                progress(number)
        done.clear()

    for number, data in first_of_each(records):
        try:
            if isinstance(data, RecordError):
                raise data
            record = parsing.parse_record(data, directory=directory, base_dir=run.base_dir)
        except (RecordError, ValidationError) as error:
            importer.count_failure(result, number, error)
            done.append(number)
            continue
        key = importer.natural_key(record)
        if key in keys or not bulkable(record):
            # In file order: a later line may refer to the batch's policies.
            flush()
            importer.import_one(number, record, result, run)
            if progress is not None:
                progress(number)
            continue
        keys.add(key)
        pending.append(Entry(number, record))
        done.append(number)
        if len(pending) >= batch_size:
            flush()
    flush()
    return result


def _write_batch(entries: list[Entry], result: ImportResult, options: ImportOptions) -> None:
    """Write the new ones in bulk; the others (and all of them, when the bulk write
    fails) one by one."""
    if not entries:
        return
    existing = _existing_keys([e.record for e in entries])
    new = [e for e in entries if importer.natural_key(e.record) not in existing]
    if new:
        try:
            with transaction.atomic():
                write(new, publish=options.publish, user=options.user, notify=options.notify)
        except (DatabaseError, ValidationError):
            for entry in new:
                importer.import_one(entry.number, entry.record, result, options)
        else:
            result.created += len(new)
    for entry in entries:
        if importer.natural_key(entry.record) in existing:
            importer.import_one(entry.number, entry.record, result, options)


def _existing_keys(records: list[PolicyRecord]) -> set[str]:
    """The natural keys among these that name a policy already in the database."""
    by_number = Q()
    by_title = Q()
    for r in records:
        if r.doc_number:
            by_number |= Q(agency=r.agency, doc_number=r.doc_number)
        else:
            by_title |= Q(agency=r.agency, title=r.title, issued_on=r.issued_on, doc_number="")
    found = set()
    for query in (by_number, by_title):
        if query:
            for agency_id, number, title, issued_on in PolicyPage.objects.filter(query).values_list(
                "agency_id", "doc_number", "title", "issued_on"
            ):
                found.add(
                    f"{agency_id}|{number}"
                    if number
                    else f"{agency_id}|{title}|{issued_on.isoformat()}"
                )
    return found
