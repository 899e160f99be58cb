"""The report's Word file, from an editable template (Settings → Word 模板, key
``cms.annual_report``): the default lays out the tables as the 2021 template prints them
(``templates_docx/annual_report.docx``, made by ``word_default.py``); an administrator may
restyle it. The fields are the report's texts as paragraphs and every cell by table, row
and column (``{{ t3.new.person }}``)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cms.extend.word_templates import WordTemplateSpec
from cms.models.word_templates import render_word
from cms.reports import layout
from cms.reports.assembly import is_manual, source_label
from cms.text.page_text import plain_text

KEY = "cms.annual_report"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULT = Path(__file__).parent / "templates_docx" / "annual_report.docx"
# Table variable of each (section, key) in the template.
TABLE_NAMES = {
    ("二", "documents"): "t2",
    ("三", "requests"): "t3",
    ("四", "appeals"): "t4",
    ("六", "fees"): "t6",
}

SPEC = WordTemplateSpec(
    key=KEY,
    label=_("Annual report on government information disclosure"),
    default_path=DEFAULT,
    fields_help=[
        ("title", _("the report's title")),
        ("agency", _("the agency")),
        ("year", _("the year")),
        ("overview", _("1. General situation, a list of paragraphs")),
        ("problems", _("5. Main problems and improvements, a list of paragraphs")),
        ("other_matters", _("6. Other matters, a list of paragraphs")),
        ("t2", _("table 2 (documents): t2.<row>.<column>, e.g. t2.normative.in_force")),
        ("hand", _("2's cells entered by the office: hand.licence, hand.penalty, ...")),
        ("t3", _("table 3: t3.<row>.<column>, e.g. t3.new.person")),
        ("t4", _("table 4: t4.<row>.<column>, e.g. t4.review.upheld")),
        ("t6", _("the fees: t6.notified.count, t6.collected.amount")),
        ("manual", _("whether a table was entered by hand: manual.t3 ...")),
        ("sources", _("where a table's numbers come from: sources.t3 ..., sources.hand")),
        ("change_note", _("the change note of a correction")),
    ],
)


def _paragraphs(html: str) -> list[str]:
    text = plain_text(html or "")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _shown(value) -> str:
    return "" if value is None else str(value)


def _hand_source(report) -> str:
    """二's cells the office enters, as the page states their source: 手工填报, with the
    systems they were taken from."""
    named = [
        getattr(report, f"{field.split('_')[0]}_source") for field, _k, _r in layout.HAND_CELLS
    ]
    titles = "、".join(str(table.title) for table in layout.hand_tables({}))
    named = "；".join(dict.fromkeys(source for source in named if source))
    label = gettext("entered by hand") + (f"（{named}）" if named else "")
    return f"{titles}：{label}"


def context(report) -> dict:
    """The fields the template fills, from the report's stored (frozen) tables."""
    tables, manual, sources = {}, {}, {}
    for table in report.frozen_tables():
        name = TABLE_NAMES.get((table.section, table.key))
        if name is None:
            continue
        tables[name] = {
            row.key: {column.key: _shown(row.cells.get(column.key)) for column in table.columns}
            for row in table.rows
            if not row.is_heading
        }
        manual[name] = is_manual(table)
        sources[name] = source_label(table)
    hand = {}
    for field, _key, row in layout.HAND_CELLS:
        hand[row] = _shown(getattr(report, field))
    sources["hand"] = _hand_source(report)
    return {
        "title": report.title,
        "agency": report.agency.name,
        "year": report.year,
        "overview": _paragraphs(report.overview),
        "problems": _paragraphs(report.problems),
        "other_matters": _paragraphs(report.other_matters),
        "hand": hand,
        "manual": manual,
        "sources": sources,
        "change_note": report.change_note,
        **{name: tables.get(name, {}) for name in TABLE_NAMES.values()},
    }


def word_file(report) -> bytes:
    """The report's .docx (raises ``WordTemplateError`` with a Chinese message)."""
    return render_word(KEY, context(report))


def response(data: bytes, report, stem: str = "report") -> HttpResponse:
    """The .docx as a download named after the report (``stem-<year>.docx`` for clients
    that do not read the UTF-8 name)."""
    answer = HttpResponse(data, content_type=DOCX)
    name = quote(f"{report.title}.docx")
    answer["Content-Disposition"] = (
        f"attachment; filename=\"{stem}-{report.year}.docx\"; filename*=UTF-8''{name}"
    )
    return answer
