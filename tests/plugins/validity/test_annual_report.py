"""The annual disclosure report's table 二 (规章, 行政规范性文件 × 本年制发 / 本年废止 /
现行有效) is the validity plugin's dated history, through the hook annual_report_tables."""

import re
from datetime import date

from cms.reports import checks
from cms.reports.assembly import assemble
from cms.reports.drafts import start_draft
from plugins.validity.annual import annual_counts
from plugins.validity.tasks import refresh_validity


def test_the_report_counts_documents_from_their_history(
    normative, agency, time_machine, admin_client
):
    def on(day):
        time_machine.move_to(f"{day} 10:00 +08:00")

    on("2024-03-01")
    normative("统计工作规定", issued_on=date(2024, 3, 1))
    old = normative("统计报表管理规定", issued_on=date(2024, 3, 1))
    on("2025-02-01")
    normative("统计调查项目规定", issued_on=date(2025, 2, 1), doc_type="rule")
    on("2025-06-01")
    normative("统计报表管理办法", issued_on=date(2025, 6, 1), relations=[("repeals", old)])

    on("2026-01-05")
    documents = assemble(agency, 2025)[0]
    assert (documents.section, documents.key, documents.source) == ("二", "documents", "validity")
    counts = annual_counts(agency, 2025)
    for row in ("rule", "normative"):
        assert dict(documents.row(row).cells) == counts[row]
    assert documents.cell("normative", "issued") == 1
    assert documents.cell("normative", "repealed") == 1
    assert documents.cell("normative", "in_force") == 2
    assert documents.cell("rule", "in_force") == 1
    assert documents.row("normative").label == "行政规范性文件"

    # Last year's in force (counted for 2024) + issued − repealed = in force: no error.
    report = start_draft(agency, 2025)
    assert not [m for m in checks.errors(report) if m.startswith("表二“行政规范性文件”")]

    # Each cell links to the documents it counts (Reports → 规范性文件年度统计).
    for row in documents.rows:
        for column, count in row.cells.items():
            listed = admin_client.get(row.links[column]).context["documents"]
            assert len(listed) == count, (row.key, column)
    listed = admin_client.get(documents.row("normative").links["repealed"]).context["documents"]
    assert [page.title for page in listed] == ["统计报表管理规定"]


IN_FORCE_ERROR = "表二“行政规范性文件”·现行有效件数"


def test_a_document_issued_but_not_yet_in_force_balances_table_two(
    normative, agency, time_machine, admin_client
):
    """A document issued in December that takes effect in January is issued in its year,
    in force in the next: neither year's check of the documents in force fails for it
    (docs/domain.md §7), and no explanation is asked for."""
    from cms.models import AnnualReportPage
    from tests.cms.test_annual_reports import _edit_data, _set_cell, complete

    def on(day):
        time_machine.move_to(f"{day} 10:00 +08:00")

    on("2024-03-01")
    normative("统计工作规定", issued_on=date(2024, 3, 1))
    on("2025-12-20")
    normative("统计数据质量规定", issued_on=date(2025, 12, 20), effective_from=date(2026, 1, 1))

    on("2026-01-01")
    refresh_validity()  # the daily task: in force from today
    on("2026-01-05")
    report = start_draft(agency, 2025)
    edit = f"/admin/pages/{report.pk}/edit/"
    html = admin_client.post(edit, _edit_data(report, **{"action-submit": "1"}))
    assert html.status_code == 302, [
        m for m in re.findall(r"表二[^<]*", html.content.decode()) if IN_FORCE_ERROR in m
    ]
    saved = AnnualReportPage.objects.get(pk=report.pk).get_latest_revision_as_object()
    documents = saved.frozen_tables()[0]
    # Issued 1, in force 1 (the one of 2024): the other is counted as not yet in force.
    assert dict(documents.row("normative").cells) == {"issued": 1, "repealed": 0, "in_force": 1}
    assert dict(documents.row("normative").aside) == {"not_yet_in_force": 1}
    assert saved.documents_difference_note == ""
    complete(AnnualReportPage.objects.get(pk=report.pk)).save_revision().publish()

    # The next year it is in force without being issued: last year's not yet in force.
    on("2027-01-05")
    following = start_draft(agency, 2026)
    assert following.frozen_tables()[0].cell("normative", "in_force") == 2
    edit = f"/admin/pages/{following.pk}/edit/"
    html = admin_client.post(edit, _edit_data(following, **{"action-submit": "1"}))
    assert html.status_code == 302, re.findall(r"表二[^<]*", html.content.decode())

    # A wrong number is still found, the documents not yet in force named.
    wrong = complete(AnnualReportPage.objects.get(pk=following.pk))
    _set_cell(wrong, "二", "documents", "normative", "in_force", 3)
    assert (
        "表二“行政规范性文件”·现行有效件数为3，但上年现行有效1 + 上年末尚未生效1 + 本年制发0 − "
        "本年废止0 − 年末尚未生效0 = 2：请更正，或填写差异说明。"
    ) in checks.errors(wrong)
