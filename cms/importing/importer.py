"""Importing policies, for sites migrating from an old system: the import's options and
counts, and the one-by-one path that writes each line in its own savepoint.

One JSON object per line (``records``), checked and resolved (``parsing``). Each line is
imported in its own savepoint, so a bad line is reported with its number and reason while
every good line still lands. The natural key is agency + doc_number, or agency + title +
issued_on when a line has no doc_number, so importing the same file twice creates nothing
new. New policies take the batch path (``bulk``) when a whole file is imported.
"""

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cms.delivery.outbox import public_snapshot, record_publication
from cms.extend import plugin_manager
from cms.importing import attachments as import_attachments
from cms.importing.parsing import Directory, PolicyRecord, parse_record
from cms.importing.records import Numbered, RecordError, first_of_each, json_lines
from cms.models import PolicyPage
from cms.models.home import ensure_library
from cms.models.policy import canonical_topics
from interpretations.models import InterpretationPage


@dataclass
class ImportResult:
    """What an import did: counts by outcome, and the (line number, reason) of each line
    that failed. Plugins importing their own files report with it too."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportOptions:
    """How an import runs, on the one-by-one path and the batch path (``bulk``) alike.

    ``publish`` the policies (else they stay drafts); ``create_missing`` the agencies and
    divisions a line names (else the line fails); ``user`` who the revisions are by;
    ``notify``: publishing records outbox events, so the channels tell subscribers (a
    migration's old documents are not news); ``progress`` is called with each line number
    done; attachment paths are relative to ``base_dir`` (default: the working directory).
    """

    publish: bool
    create_missing: bool = False
    user: Any = None
    notify: bool = False
    progress: Callable[[int], None] | None = None
    base_dir: Path | None = None


def import_policies(lines: Iterable[str | bytes], **options) -> ImportResult:
    """Import JSON Lines (``options``: the fields of ``ImportOptions``); returns counts and
    the (line number, reason) of every failed line."""
    return import_records(json_lines(lines), **options)


def import_records(
    records: Iterable[Numbered], *, result: ImportResult | None = None, **options
) -> ImportResult:
    """Import (line number, record) pairs (``options``: the fields of ``ImportOptions``),
    each line in its own savepoint: a bad line is counted and named, and never stops or
    undoes the lines around it. Counts add up in ``result`` when given."""
    run = ImportOptions(**options)
    result = result or ImportResult()
    directory = Directory(run.create_missing)
    for number, data in first_of_each(records):
        import_one(number, data, result, run, directory)
        if run.progress is not None:
            run.progress(number)
    return result


def import_one(
    number: int,
    data: "dict | RecordError | PolicyRecord",
    result: ImportResult,
    options: ImportOptions,
    directory: "Directory | None" = None,
) -> None:
    """Import one line (its object, or its record already parsed) in its own savepoint and
    count its outcome in ``result``."""
    try:
        if isinstance(data, RecordError):
            raise data
        with transaction.atomic():
            record = (
                data
                if isinstance(data, PolicyRecord)
                else parse_record(data, directory=directory, base_dir=options.base_dir)
            )
            outcome = upsert_policy(
                record, publish=options.publish, user=options.user, notify=options.notify
            )
    except (RecordError, ValidationError) as error:
        count_failure(result, number, error)
    else:
        setattr(result, outcome, getattr(result, outcome) + 1)


def count_failure(result: ImportResult, number: int, error: Exception) -> None:
    """Count a failed line and name it with its reason."""
    result.failed += 1
    reason = _validation_message(error) if isinstance(error, ValidationError) else str(error)
    result.errors.append((number, reason))


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "；".join(f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items())
    return "；".join(error.messages)


def natural_key(record: PolicyRecord) -> str:
    if record.doc_number:
        return f"{record.agency.pk}|{record.doc_number}"
    return f"{record.agency.pk}|{record.title}|{record.issued_on.isoformat()}"


def find_existing(record: PolicyRecord) -> PolicyPage | None:
    policies = PolicyPage.objects.filter(agency=record.agency)
    if record.doc_number:
        return policies.filter(doc_number=record.doc_number).first()
    return policies.filter(title=record.title, issued_on=record.issued_on, doc_number="").first()


def _slug(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def policy_slug(record: PolicyRecord) -> str:
    return _slug("p", natural_key(record))


def interpretation_slug(record: PolicyRecord, item: dict) -> str:
    return _slug("i", f"{natural_key(record)}|{item['title']}")


def interpretation_fields(item: dict) -> dict:
    """An interpretation's fields other than its body, from its parsed item."""
    return {
        name: item[name]
        for name in ("title", "form", "stage", "interpreter_name", "interpreter_title")
    }


def policy_fields(record: PolicyRecord) -> dict:
    return {
        "title": record.title,
        "doc_number": record.doc_number,
        "division": record.division,
        "doc_type": record.doc_type,
        "issued_on": record.issued_on,
        "disclosure": record.disclosure,
        "disclosure_reason": record.disclosure_reason,
        "summary": record.summary,
        "body": record.body,
    }


def _differs(obj, fields: dict) -> bool:
    return any(getattr(obj, name) != value for name, value in fields.items())


def _save(page, *, publish: bool, user, changed: bool) -> None:
    """Save a revision when something changed; publish when asked and not already current."""
    if changed or (publish and (not page.live or page.has_unpublished_changes)):
        page.full_clean()
        revision = page.save_revision(user=user, log_action=True) if changed else None
        if publish:
            (revision or page.get_latest_revision()).publish(user=user)


def upsert_policy(record: PolicyRecord, *, publish: bool, user=None, notify: bool = True) -> str:
    """Create or update one policy and its interpretations; returns the outcome's name."""
    fields = policy_fields(record)
    existing = find_existing(record)
    was_live = existing is not None and existing.live
    before = public_snapshot(existing) if existing is not None and publish and notify else None
    if existing is None:
        library = ensure_library(record.agency)
        page = PolicyPage(slug=policy_slug(record), agency=record.agency, live=False, **fields)
        page.topics.set(canonical_topics(record.topics))
        if record.attachments is not None:
            import_attachments.attach(page, record.attachments)
        page.full_clean(exclude=["path", "depth"])
        library.add_child(instance=page)
        plugin_fields(page, record.data)
        _save(page, publish=publish, user=user, changed=True)
        outcome = "created"
    else:
        page = existing.get_latest_revision_as_object()
        topics = canonical_topics(record.topics)
        changed = _differs(page, fields) or set(page.topics.names()) != set(topics)
        if changed:
            for name, value in fields.items():
                setattr(page, name, value)
            page.topics.set(topics)
        if record.attachments is not None:
            changed |= import_attachments.attach(page, record.attachments)
        changed |= plugin_fields(page, record.data)
        _save(page, publish=publish, user=user, changed=changed)
        outcome = "updated" if changed else "unchanged"

    interpretations_changed = _upsert_interpretations(page, record, publish=publish, user=user)
    if outcome == "unchanged" and interpretations_changed:
        outcome = "updated"
    if notify and publish and (outcome != "unchanged" or not was_live):
        # Publishing news tells the channels like a reviewed bundle does: published, or
        # withdrawn when the line takes a public policy out of proactive disclosure.
        record_publication(page, before)
    return outcome


def plugin_fields(policy: PolicyPage, data: dict) -> bool:
    """Let each plugin read its own fields of the line (``import_record``); True when one
    changed the policy. A value a plugin refuses fails the line with the plugin's reason."""
    reasons = []

    def refused(plugin, error):
        if isinstance(error, ValidationError):
            reasons.append(_validation_message(error))
        else:
            reasons.append(_("Plugin “%(name)s” could not read this line.") % {"name": plugin})

    results = plugin_manager.call_each(
        "import_record", on_error=refused, expected=(ValidationError,), policy=policy, data=data
    )
    if reasons:
        raise RecordError("；".join(reasons))
    return any(changed for _plugin, changed in results)


def _upsert_interpretations(policy: PolicyPage, record: PolicyRecord, *, publish, user) -> bool:
    changed_any = False
    existing = {i.title: i for i in InterpretationPage.objects.child_of(policy)}
    for item in record.interpretations:
        fields = interpretation_fields(item)
        body = item["body"]
        current = existing.get(item["title"])
        if current is None:
            page = InterpretationPage(slug=interpretation_slug(record, item), live=False, **fields)
            page.body = body
            policy.add_child(instance=page)
            _save(page, publish=publish, user=user, changed=True)
            changed_any = True
            continue
        page = current.get_latest_revision_as_object()
        changed = _differs(page, fields) or page.body.render_as_block() != _render(body)
        if changed:
            for name, value in fields.items():
                setattr(page, name, value)
            page.body = body
        _save(page, publish=publish, user=user, changed=changed)
        changed_any |= changed
    return changed_any


def _render(body) -> str:
    return InterpretationPage(body=body).body.render_as_block()
