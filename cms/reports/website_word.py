"""The website annual report's Word file, from an editable template (Settings → Word 模板,
key ``cms.website_report``). The default (``templates_docx/website_report.docx``, made by
``build_default``) lays the report out as the national 政府网站工作年度报表: the identity,
then each table's cells, a table entered by hand marked so. Its fields: ``identity.<key>``
and ``w.<table>.<row>`` (``{{ w.visits.visitors }}``), ``manual.<table>``.

    PYTHONPATH=$PWD .venv/bin/python manage.py shell -c \\
        "from cms.reports.website_word import build_default; build_default()"
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.extend.word_templates import WordTemplateSpec
from cms.models.word_templates import render_word
from cms.reports import website_layout as layout
from cms.reports import word as report_word
from cms.reports.assembly import is_manual

KEY = "cms.website_report"
DEFAULT = Path(__file__).parent / "templates_docx" / "website_report.docx"

SPEC = WordTemplateSpec(
    key=KEY,
    label=gettext_lazy("Website annual report"),
    default_path=DEFAULT,
    fields_help=[
        ("title", gettext_lazy("the report's title")),
        ("year", gettext_lazy("the year")),
        ("identity", gettext_lazy("the site's identity: identity.name, identity.site_code ...")),
        ("w", gettext_lazy("the tables' cells: w.<table>.<row>, e.g. w.visits.visitors")),
        ("manual", gettext_lazy("whether a table was entered by hand: manual.security ...")),
        ("change_note", gettext_lazy("the change note of a correction")),
    ],
)


def context(report) -> dict:
    """The fields the template fills, from the report's stored (frozen) identity and tables."""
    cells, manual = {}, {}
    for table in report.frozen_tables():
        # Attributes, not a dict: ``w.services.items`` would print a dict's method.
        cells[table.key] = SimpleNamespace(
            **{
                row.key: "" if row.cells.get(layout.VALUE) is None else str(row.cells[layout.VALUE])
                for row in table.rows
            }
        )
        manual[table.key] = is_manual(table)
    return {
        "title": report.title,
        "year": report.year,
        "identity": dict(report.identity or {}),
        "w": cells,
        "manual": manual,
        "change_note": report.change_note,
    }


def word_file(report) -> bytes:
    """The report's .docx (raises ``WordTemplateError`` with a Chinese message)."""
    return render_word(KEY, context(report))


def response(data: bytes, report) -> HttpResponse:
    return report_word.response(data, report, stem="website-report")


def build_default() -> None:
    """Write the default template: a title, the identity and every table, two columns each
    (the item, its number), each cell a docxtpl placeholder."""
    from docx import Document  # python-docx only when the default is made again

    with translation.override("zh-hans"):
        doc = Document()
        doc.add_heading("{{ title }}", level=1)
        identity = doc.add_table(rows=0, cols=2, style="Table Grid")
        for key, label, _required in layout.identity_labels():
            line = identity.add_row().cells
            line[0].text, line[1].text = label, f"{{{{ identity.{key} }}}}"
        mark = _("entered by hand")
        for blank in layout.skeletons():
            heading = f"{blank.title}{{% if manual.{blank.key} %}}（{mark}）{{% endif %}}"
            doc.add_paragraph(heading)
            table = doc.add_table(rows=0, cols=2, style="Table Grid")
            for row in blank.rows:
                line = table.add_row().cells
                line[0].text, line[1].text = row.label, f"{{{{ w.{blank.key}.{row.key} }}}}"
        doc.add_paragraph(
            "{% if change_note %}" + _("Change note") + "：{{ change_note }}{% endif %}"
        )
        doc.save(DEFAULT)
