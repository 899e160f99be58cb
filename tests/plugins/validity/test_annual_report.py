"""The annual disclosure report's table 二 (规章, 行政规范性文件 × 本年制发 / 本年废止 /
现行有效) is the validity plugin's dated history, through the hook annual_report_tables."""

from datetime import date

from cms.reports import checks
from cms.reports.assembly import assemble
from cms.reports.drafts import start_draft
from plugins.validity.annual import annual_counts


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
