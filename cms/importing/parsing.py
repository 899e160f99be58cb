"""One record checked and resolved: its fields normalised (no control, zero-width or
bidi-override characters) and validated, its agency and division found (or created), its
interpretations' bodies built and its attachments read, into the ``PolicyRecord`` that the
writers (``importer`` one by one, ``batch_write`` in bulk) store. A field that does not
pass raises ``RecordError`` with the reason, in the user's language."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _
from wagtail.rich_text import RichText

from cms.importing import attachments as import_attachments
from cms.importing.records import RecordError, json_lines
from cms.models import Agency, Division
from cms.rules.disclosure import Disclosure, disclosure_errors
from cms.rules.doc_types import DocType
from cms.text.sanitize import normalize_text, rich_text_from_input
from interpretations.choices import Form, Section, Stage

MAX_TITLE = 255


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
