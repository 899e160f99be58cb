"""Bulk import of policies from JSON Lines, for sites migrating from an old system.

One JSON object per line. Each line is imported in its own savepoint, so a bad line is
reported with its number and reason while every good line still lands. The natural key
is agency + doc_number, or agency + title + issued_on when a line has no doc_number, so
importing the same file twice creates nothing new.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from cms.delivery.outbox import public_snapshot, record_publication
from cms.extend import plugin_manager
from cms.importing import attachments as import_attachments
from cms.importing import spreadsheets
from cms.models import Agency, Division, PolicyPage
from cms.models.home import ensure_library
from cms.rules.disclosure import Disclosure, disclosure_errors
from cms.rules.doc_types import DocType
from cms.text.sanitize import normalize_text, rich_text_from_input
from interpretations.choices import Form, Section, Stage
from interpretations.models import InterpretationPage

MAX_LINE_BYTES = 2 * 1024 * 1024
# Spreadsheet cells that hold a JSON list.
JSON_CELLS = ("interpretations", "attachments")
MAX_TITLE = 255


class RecordError(Exception):
    """A line that cannot be imported; the message says why, in the user's language."""


@dataclass
class ImportResult:
    """What an import did: counts by outcome, and the (line number, reason) of each line
    that failed. Plugins importing their own files report with it too."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class PolicyRecord:
    """One validated line."""

    title: str
    doc_number: str
    agency: Agency
    division: Division
    doc_type: str
    issued_on: date
    disclosure: str
    disclosure_reason: str
    topics: list[str]
    summary: str
    body: str
    interpretations: list[dict]
    # (title, file) of each attachment; None when the line names none.
    attachments: list | None = None
    # The whole line, for the plugins' own fields (the ``import_record`` hook).
    data: dict = field(default_factory=dict, repr=False)


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


def _text(
    data: dict,
    key: str,
    *,
    required: bool = False,
    max_length: int | None = None,
    single_line: bool = False,
) -> str:
    """A string field of the line, normalised (``normalize_text``: no control, zero-width
    or bidi-override characters) and stripped."""
    value = data.get(key)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise RecordError(_("Field “%(field)s” must be a string.") % {"field": key})
    value = normalize_text(value, single_line=single_line).strip()
    if required and not value:
        raise RecordError(_("Field “%(field)s” is required.") % {"field": key})
    if max_length and len(value) > max_length:
        raise RecordError(
            _("Field “%(field)s” is longer than %(max)d characters.")
            % {"field": key, "max": max_length}
        )
    return value


def _one_line(data: dict, key: str, **options) -> str:
    """A title or a name: line breaks and tabs as spaces, as the models keep char fields."""
    return _text(data, key, single_line=True, **options)


def _choice(data: dict, key: str, choices, default: str) -> str:
    value = _text(data, key) or default
    if value not in choices.values:
        raise RecordError(
            _("Field “%(field)s” has the unknown value “%(value)s”; allowed: %(allowed)s.")
            % {"field": key, "value": value[:50], "allowed": ", ".join(choices.values)}
        )
    return value


class Directory:
    """The agencies and divisions lines name, each looked up (or, with ``create_missing``,
    created) once per import rather than once per line."""

    def __init__(self, create_missing: bool = False):
        self.create_missing = create_missing
        self._agencies: dict[str, Agency] = {}
        self._divisions: dict[tuple[int, str], Division] = {}

    def agency(self, name: str) -> Agency:
        if name not in self._agencies:
            self._agencies[name] = self._find_agency(name)
        return self._agencies[name]

    def division(self, agency: Agency, name: str) -> Division:
        key = (agency.pk, name)
        if key not in self._divisions:
            self._divisions[key] = self._find_division(agency, name)
        return self._divisions[key]

    def _find_agency(self, name: str) -> Agency:
        agency = (
            Agency.objects.filter(name=name).first()
            or Agency.objects.filter(short_name=name).exclude(short_name="").first()
            or Agency.objects.filter(org_code=name).first()
        )
        if agency:
            return agency
        if not self.create_missing:
            raise RecordError(_("Unknown agency “%(name)s”.") % {"name": name})
        code = hashlib.sha1(name.encode()).hexdigest()[:9].upper()
        return Agency.objects.create(name=name, org_code=code)

    def _find_division(self, agency: Agency, name: str) -> Division:
        division = agency.divisions.filter(name=name).first()
        if division:
            return division
        if not self.create_missing:
            raise RecordError(
                _("Agency “%(agency)s” has no division “%(name)s”.")
                % {"agency": agency.name, "name": name}
            )
        return Division.objects.create(agency=agency, name=name)


def _topics(data: dict) -> list[str]:
    topics = data.get("topics") or []
    if isinstance(topics, str):
        topics = topics.replace("，", ",").replace("、", ",").split(",")
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise RecordError(_("Field “topics” must be a list of strings."))
    topics = [normalize_text(t, single_line=True).strip() for t in topics]
    cleaned = [t[:100] for t in topics if t]
    return list(dict.fromkeys(cleaned))


def _interpretations(data: dict) -> list[dict]:
    items = data.get("interpretations") or []
    if not isinstance(items, list):
        raise RecordError(_("Field “interpretations” must be a list."))
    parsed = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise RecordError(_("Interpretation %(n)d is not an object.") % {"n": position})
        try:
            parsed.append(
                {
                    "title": _one_line(item, "title", required=True, max_length=MAX_TITLE),
                    "form": _choice(item, "form", Form, Form.TEXT),
                    "stage": _choice(item, "stage", Stage, Stage.SYNCHRONOUS),
                    "interpreter_name": _one_line(item, "interpreter_name", max_length=100),
                    "interpreter_title": _one_line(item, "interpreter_title", max_length=100),
                    "body": _interpretation_body(item),
                }
            )
        except RecordError as error:
            raise RecordError(
                _("Interpretation %(n)d: %(error)s") % {"n": position, "error": error}
            ) from None
    return parsed


def _interpretation_body(item: dict) -> list:
    """StreamField data: an optional lead paragraph, then sections, then questions and answers."""
    body = []
    lead = rich_text_from_input(_text(item, "body"))
    if lead:
        body.append(("paragraph", RichText(lead)))
    sections = item.get("sections") or []
    questions = item.get("qa") or []
    if not isinstance(sections, list) or not isinstance(questions, list):
        raise RecordError(_("Fields “sections” and “qa” must be lists."))
    for section in sections:
        if not isinstance(section, dict):
            raise RecordError(_("Each section must be an object."))
        kind = _choice(section, "kind", Section, Section.MAIN_CONTENT)
        body.append(
            (
                "section",
                {
                    "kind": kind,
                    "heading": _text(section, "heading", max_length=100),
                    "text": RichText(rich_text_from_input(_text(section, "text", required=True))),
                },
            )
        )
    for pair in questions:
        if not isinstance(pair, dict):
            raise RecordError(_("Each question and answer must be an object."))
        body.append(
            (
                "qa",
                {
                    "question": _text(pair, "question", required=True, max_length=300),
                    "answer": RichText(rich_text_from_input(_text(pair, "answer", required=True))),
                },
            )
        )
    return body


def parse_record(
    data: dict | str,
    *,
    create_missing: bool = False,
    base_dir: Path | None = None,
    directory: Directory | None = None,
) -> PolicyRecord:
    """Validate one record (a JSON line, or its parsed object) and resolve its agency and
    division (through ``directory`` when given)."""
    if isinstance(data, str):
        _number, data = next(json_lines([data]), (0, RecordError(_("The line is empty."))))
        if isinstance(data, RecordError):
            raise data

    issued_raw = _text(data, "issued_on", required=True)
    try:
        issued_on = date.fromisoformat(issued_raw)
    except ValueError:
        raise RecordError(
            _("Field “issued_on” must be a date like 2024-03-01, not “%(value)s”.")
            % {"value": issued_raw[:30]}
        ) from None

    disclosure = _choice(data, "disclosure", Disclosure, Disclosure.PROACTIVE)
    reason = _text(data, "disclosure_reason")
    errors = disclosure_errors(disclosure, reason)
    if errors:
        raise RecordError("；".join(str(message) for message in errors.values()))

    directory = directory or Directory(create_missing)
    agency = directory.agency(_one_line(data, "agency", required=True, max_length=100))
    division_name = _one_line(data, "division", required=True, max_length=100)
    division = directory.division(agency, division_name)
    return PolicyRecord(
        title=_one_line(data, "title", required=True, max_length=MAX_TITLE),
        doc_number=_one_line(data, "doc_number", max_length=100),
        agency=agency,
        division=division,
        doc_type=_choice(data, "doc_type", DocType, DocType.POLICY),
        issued_on=issued_on,
        disclosure=disclosure,
        disclosure_reason=reason,
        topics=_topics(data),
        summary=_text(data, "summary", max_length=1000),
        body=rich_text_from_input(_text(data, "body")),
        interpretations=_interpretations(data),
        attachments=_attachments(data, base_dir or Path.cwd()),
        data=data,
    )


def _attachments(data: dict, base_dir: Path):
    try:
        return import_attachments.parse(data, base_dir)
    except import_attachments.AttachmentError as error:
        raise RecordError(str(error)) from None


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
        page.topics.set(record.topics)
        if record.attachments is not None:
            import_attachments.attach(page, record.attachments)
        page.full_clean(exclude=["path", "depth"])
        library.add_child(instance=page)
        plugin_fields(page, record.data)
        _save(page, publish=publish, user=user, changed=True)
        outcome = "created"
    else:
        page = existing.get_latest_revision_as_object()
        changed = _differs(page, fields) or set(page.topics.names()) != set(record.topics)
        if changed:
            for name, value in fields.items():
                setattr(page, name, value)
            page.topics.set(record.topics)
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
