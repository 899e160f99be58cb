"""Makes the default Word template of the annual report (``templates_docx/
annual_report.docx``) with python-docx: the six sections, and the tables laid out as the
2021 template prints them (merged heads, 四 across), each cell a docxtpl placeholder.
Run once after the layout changes, and commit the file:

    PYTHONPATH=$PWD .venv/bin/python manage.py shell -c \\
        "from cms.reports.word_default import build; build()"
"""

from __future__ import annotations

from pathlib import Path

from django.utils import translation
from django.utils.translation import gettext as _

from cms.reports import layout
from cms.reports.word import DEFAULT, TABLE_NAMES


def _cell(table, row, column, text, bold=False):
    cell = table.cell(row, column)
    cell.text = text
    if bold:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    return cell


def _merge(table, top, left, bottom, right, text, bold=True):
    cell = table.cell(top, left).merge(table.cell(bottom, right))
    cell.text = text
    for run in cell.paragraphs[0].runs:
        run.bold = bold
    return cell


def _marked(doc, text, name):
    """The table's title (if any) and where its numbers come from (系统数据 of a plugin, or
    手工填报), as the page states it."""
    if text:
        doc.add_paragraph(text)
    source = _("Source")
    doc.add_paragraph(f"{source}：{{{{ sources.{name} }}}}")


def _section_two(doc):
    documents = layout.documents_skeleton()
    hand = layout.hand_tables({})
    table = doc.add_table(rows=0, cols=4, style="Table Grid")

    def line():
        return table.add_row()

    line()
    _merge(table, 0, 0, 0, 3, documents.title)
    row = len(table.rows)
    line()
    _cell(table, row, 0, documents.column_heading, True)
    for n, column in enumerate(documents.columns, start=1):
        _cell(table, row, n, column.label, True)
    for r in documents.rows:
        row = len(table.rows)
        line()
        _cell(table, row, 0, r.label)
        for n, column in enumerate(documents.columns, start=1):
            _cell(table, row, n, f"{{{{ t2.{r.key}.{column.key} }}}}")
    for small in hand:
        row = len(table.rows)
        line()
        _merge(table, row, 0, row, 3, small.title)
        row = len(table.rows)
        line()
        _cell(table, row, 0, small.column_heading, True)
        _merge(table, row, 1, row, 3, small.columns[0].label)
        for r in small.rows:
            row = len(table.rows)
            line()
            _cell(table, row, 0, r.label)
            _merge(table, row, 1, row, 3, f"{{{{ hand.{r.key} }}}}", bold=False)


def _section_three(doc):
    skeleton = layout.requests_skeleton()
    columns = skeleton.columns
    width = len(columns) + 1
    table = doc.add_table(rows=3, cols=width, style="Table Grid")
    _merge(table, 0, 0, 2, 0, "")
    _merge(table, 0, 1, 0, width - 1, skeleton.column_heading)
    n = 1
    for head in skeleton.column_groups():
        if head.rowspan == 2:
            _merge(table, 1, n, 2, n, head.label)
        else:
            _merge(table, 1, n, 1, n + head.colspan - 1, head.label)
            for k, column in enumerate(skeleton.grouped_columns()[: head.colspan]):
                _cell(table, 2, n + k, column.label, True)
        n += head.colspan
    for r in skeleton.rows:
        cells = table.add_row().cells
        row = len(table.rows) - 1
        indent = "\u3000" * r.level
        if r.is_heading:
            _merge(table, row, 0, row, width - 1, indent + r.label, bold=False)
            continue
        cells[0].text = indent + r.label
        for k, column in enumerate(columns, start=1):
            cells[k].text = f"{{{{ t3.{r.key}.{column.key} }}}}"


def _section_four(doc):
    skeleton = layout.appeals_skeleton()
    head = skeleton.across_head()
    width = sum(cell.colspan for cell in head[0])
    table = doc.add_table(rows=len(head) + 1, cols=width, style="Table Grid")
    taken = set()
    for line_number, line in enumerate(head):
        n = 0
        for cell in line:
            while (line_number, n) in taken:
                n += 1
            bottom = line_number + cell.rowspan - 1
            right = n + cell.colspan - 1
            _merge(table, line_number, n, bottom, right, cell.label)
            for r in range(line_number, bottom + 1):
                for c in range(n, right + 1):
                    taken.add((r, c))
            n = right + 1
    values = [
        f"{{{{ t4.{r.key}.{c.key} }}}}"
        for r in skeleton.rows
        if not r.is_heading
        for c in skeleton.columns
    ]
    for k, value in enumerate(values):
        table.cell(len(head), k).text = value


def _section_six(doc):
    fees = layout.fees_skeleton()
    table = doc.add_table(rows=1, cols=len(fees.columns) + 1, style="Table Grid")
    for k, column in enumerate(fees.columns, start=1):
        _cell(table, 0, k, column.label, True)
    for r in fees.rows:
        cells = table.add_row().cells
        cells[0].text = r.label
        for k, column in enumerate(fees.columns, start=1):
            cells[k].text = f"{{{{ t6.{r.key}.{column.key} }}}}"


def _text(doc, name):
    doc.add_paragraph(f"{{%p for paragraph in {name} %}}")
    doc.add_paragraph("{{ paragraph }}")
    doc.add_paragraph("{%p endfor %}")


def build(path: Path = DEFAULT) -> None:
    """Write the default template to ``path``."""
    # Imported here: python-docx only for making the file, never at run time.
    from docx import Document

    with translation.override("zh-hans"):
        doc = Document()
        doc.add_heading("{{ title }}", level=1)
        note = _("change note")
        doc.add_paragraph(f"{{% if change_note %}}（{note}：{{{{ change_note }}}}）{{% endif %}}")
        doc.add_heading(_("1. General situation"), level=2)
        _text(doc, "overview")
        doc.add_heading(_("2. Proactive disclosure of government information"), level=2)
        _marked(doc, "", TABLE_NAMES["二", "documents"])
        _section_two(doc)
        doc.add_paragraph("{{ sources.hand }}")
        doc.add_heading(
            _("3. Applications for government information received and handled"), level=2
        )
        _marked(doc, "", TABLE_NAMES["三", "requests"])
        _section_three(doc)
        doc.add_heading(_("4. Administrative review and administrative litigation"), level=2)
        _marked(doc, "", TABLE_NAMES["四", "appeals"])
        _section_four(doc)
        doc.add_heading(_("5. Main problems and improvements"), level=2)
        _text(doc, "problems")
        doc.add_heading(_("6. Other matters to report"), level=2)
        _text(doc, "other_matters")
        _marked(doc, layout.fees_skeleton().title, TABLE_NAMES["六", "fees"])
        _section_six(doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        doc.save(str(path))
