"""The comments of a consultation and their answers as an XLSX file: what each comment
says, the clause, how it was answered and why, for those who see the comments; the name and
contact only for the drafting division's own work (never for others, never published)."""

from __future__ import annotations

from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

WIDTHS = (6, 17, 14, 60, 12, 18, 10, 12, 12, 40, 14, 8, 10)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _clause(clause) -> str:
    if clause is None:
        return _("The draft as a whole")
    return clause.label or clause.text[:20]


def _as_text(sheet) -> None:
    """Public input is never a formula: a comment that starts with = stays text."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"


# The name and contact columns, left out unless the reader works for the drafting division.
PERSONAL = (4, 5)


def xlsx_bytes(consultation, comments, numbers: dict, personal: bool = False) -> bytes:
    """One sheet of comments (one row each) and one of the totals by answer; the name and
    contact columns only when ``personal``."""
    book = Workbook()
    sheet = book.active
    sheet.title = pgettext("consultation", "Comments")
    sheet.append([consultation.title])
    keep = [i for i in range(len(WIDTHS)) if personal or i not in PERSONAL]
    header = [
        _("No."),
        pgettext("consultation", "Received"),
        _("Clause"),
        pgettext("consultation", "Comment"),
        pgettext("consultation", "Name"),
        _("Contact"),
        _("Moderation"),
        _("Answer"),
        _("Answer state"),
        pgettext("consultation", "Reason"),
        _("Where provided for"),
        _("Answer group"),
        pgettext("consultation", "Received by"),
    ]
    sheet.append([header[i] for i in keep])
    counts: dict[str, int] = {}
    for comment in comments:
        answer = comment.disposition
        row = [
            numbers.get(comment.pk, "—"),
            timezone.localtime(comment.received_at).strftime("%Y-%m-%d %H:%M"),
            _clause(comment.clause),
            comment.body,
            comment.name,
            comment.contact,
            comment.get_state_display(),
            answer.get_kind_display() if answer else _("Unanswered"),
            answer.get_state_display() if answer else "",
            answer.reason if answer else "",
            _clause(answer.clause) if answer and answer.clause_id else "",
            answer.pk if answer else "",
            comment.get_channel_display(),
        ]
        sheet.append([row[i] for i in keep])
        label = str(answer.get_kind_display()) if answer else _("Unanswered")
        counts[label] = counts.get(label, 0) + 1
    bold = Font(bold=True)
    for cell in [*sheet[1], *sheet[2]]:
        cell.font = bold
    for column, i in zip("ABCDEFGHIJKLM", keep, strict=False):
        sheet.column_dimensions[column].width = WIDTHS[i]
    totals = book.create_sheet(_("Totals"))
    totals.append([_("Answer"), pgettext("consultation", "Comments")])
    for label, count in counts.items():
        totals.append([label, count])
    totals.append([_("Total"), sum(counts.values())])
    _as_text(sheet)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
