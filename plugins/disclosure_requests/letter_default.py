"""The default reply letter template, ``letters/reply.docx``, written with python-docx:
an A4 page with the margins of official documents (GB/T 9704: top 3.7 cm, bottom 3.5 cm,
left 2.8 cm, right 2.6 cm), the title in 黑体 and the body in 仿宋 三号, and docxtpl's
placeholders (``letters.FIELDS``). Run it again after changing it:

    PYTHONPATH=. python -m plugins.disclosure_requests.letter_default
"""

from __future__ import annotations

from pathlib import Path

DEFAULT = Path(__file__).parent / "letters" / "reply.docx"
INDENT = "\u3000\u3000"

# The body, paragraph by paragraph; the {%p ... %} lines are docxtpl's (a paragraph each).
BODY = [
    "{{ applicant_name }}：",
    INDENT + "{{ received_on }}，本机关收到您于{{ submitted_on }}提出的政府信息公开申请"
    "（申请编号：{{ reference }}），申请获取“{{ information }}”"
    "{% if doc_number %}（文号：{{ doc_number }}）{% endif %}。",
    "{%p if supplement_asked_on %}",
    INDENT + "本机关于{{ supplement_asked_on }}向您发出补正申请通知"
    "{% if supplement_received_on %}，于{{ supplement_received_on }}收到您的补正，"
    "答复期限自收到补正之日起计算{% endif %}。",
    "{%p endif %}",
    "{%p if fee_amount %}",
    INDENT + "本机关依照国办函〔2020〕109号向您收取信息处理费{{ fee_amount }}元"
    "{% if fee_paid_on %}，您已于{{ fee_paid_on }}缴纳{% endif %}。",
    "{%p endif %}",
    INDENT + "现答复如下：",
    "{%p for paragraph in paragraphs %}",
    INDENT + "{{ paragraph }}",
    "{%p endfor %}",
    "{%p if article %}",
    INDENT + "根据{{ article }}的规定，本申请的办理结果为：{{ outcome }}。",
    "{%p else %}",
    INDENT + "本申请的办理结果为：{{ outcome }}。",
    "{%p endif %}",
    "{%p if ground %}",
    INDENT + "不予公开的依据：{{ ground }}。",
    "{%p endif %}",
    "{%p if reason %}",
    INDENT + "理由：{{ reason }}",
    "{%p endif %}",
    "{%p if responsible_agency %}",
    INDENT + "该政府信息由{{ responsible_agency }}负责公开"
    "{% if responsible_contact %}，联系方式：{{ responsible_contact }}{% endif %}。",
    "{%p endif %}",
    "{%p if provided_files %}",
    INDENT + "随本告知书向您提供以下政府信息：{{ provided_files|join('、') }}。",
    "{%p endif %}",
    INDENT + "{{ remedy }}",
    "",
]


def build(path: Path = DEFAULT) -> None:
    """Write the default template to ``path``."""
    # Imported here: python-docx only for making the file, never at run time.
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "仿宋", Pt(16)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")

    def line(text, align=None, bold=False, size=None, font=None):
        paragraph = doc.add_paragraph()
        paragraph.alignment = align
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        if font:
            run.font.name = font
            run._element.rPr.rFonts.set(qn("w:eastAsia"), font)
        return paragraph

    line("{{ agency_name }}", WD_ALIGN_PARAGRAPH.CENTER, True, 22, "黑体")
    line("政府信息公开申请答复告知书", WD_ALIGN_PARAGRAPH.CENTER, True, 22, "黑体")
    line("{{ number }}", WD_ALIGN_PARAGRAPH.CENTER)
    line("")
    for text in BODY:
        line(text)
    line("{{ agency_name }}", WD_ALIGN_PARAGRAPH.RIGHT)
    line("{{ date }}", WD_ALIGN_PARAGRAPH.RIGHT)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))


if __name__ == "__main__":
    build()
