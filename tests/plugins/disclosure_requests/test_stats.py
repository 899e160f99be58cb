"""Sections 三 and 四 of the annual report for a fixture year, every cell written out: the
requests moved through the state machine (some with their dated fields set directly),
carried across the year's end, withdrawn, merged, never confirmed; appeals decided after
the year's end; the hook the annual report reads."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from cms.extend import plugin_manager
from cms.models import Agency
from plugins.disclosure_requests import states, stats
from plugins.disclosure_requests.models import Appeal, DisclosureRequest

pytestmark = pytest.mark.django_db


def _at(time_machine, moment: str):
    time_machine.move_to(f"{moment} 10:00 +08:00")


def _served(request, office, office_head, division_staff, outcome, time_machine, sent: str):
    reason = "涉及第三方商业秘密" if outcome == "partly" else ""
    states.draft(request, division_staff, outcome, "答复正文。", reason=reason)
    states.review(request, office)
    states.approve(request, office_head)
    _at(time_machine, sent)
    states.send(request, office, "电子邮件")


def _dated(make_request, applicant_type, received, closed=None, outcome="", **fields):
    """A request whose history is set directly: received, and closed with its outcome."""
    state = DisclosureRequest.State.CLOSED if closed else DisclosureRequest.State.ASSIGNED
    return make_request(
        applicant_type=applicant_type,
        state=state,
        received_on=received,
        clock_from=received,
        closed_on=closed,
        outcome=outcome,
        **fields,
    )


@pytest.fixture
def year_of_requests(
    make_request, agency, division, office, office_head, division_staff, time_machine
):
    """2025 and 2026 at 测试市统计局, and one request of another agency."""
    made = {}
    # Received in December 2025, answered in January 2026: carried over.
    _at(time_machine, "2025-12-22")
    made["december"] = request = make_request()
    states.confirm(request, office, division=division)
    _served(request, office, office_head, division_staff, "disclosed", time_machine, "2026-01-08")
    # A company's request, partly disclosed in March 2026.
    _at(time_machine, "2026-03-02")
    made["company"] = request = make_request(applicant_type="company", name="某某科技有限公司")
    states.confirm(request, office, division=division)
    _at(time_machine, "2026-03-10")
    _served(request, office, office_head, division_staff, "partly", time_machine, "2026-03-20")
    # Withdrawn by the applicant two days after its receipt: 其他处理·其他.
    _at(time_machine, "2026-04-01")
    made["withdrawn"] = request = make_request()
    states.confirm(request, office)
    _at(time_machine, "2026-04-03")
    states.withdraw(request, None, "不再需要")
    # Sent twice by the same applicant: the copy is merged, never counted.
    _at(time_machine, "2026-05-05")
    made["merged"] = request = make_request()
    states.merge(request, office, into=made["withdrawn"])
    # Never confirmed: never counted.
    _at(time_machine, "2026-06-01")
    made["unconfirmed"] = make_request(applicant_type="legal")
    # Received on 28 December 2026, still with the division at the year's end.
    _at(time_machine, "2026-12-28")
    made["open"] = request = make_request(applicant_type="research")
    states.confirm(request, office, division=division)
    # Dated directly: the rest of the year.
    made["january"] = _dated(
        make_request, "person", date(2026, 1, 5), date(2026, 1, 20), "disclosed"
    )
    made["nonprofit"] = _dated(
        make_request, "nonprofit", date(2026, 2, 2), date(2026, 2, 20), "unavailable_not_held"
    )
    made["legal"] = _dated(
        make_request, "legal", date(2026, 6, 10), date(2026, 7, 1), "withheld_third_party"
    )
    made["unsupplemented"] = _dated(
        make_request, "company", date(2026, 9, 1), date(2026, 10, 10), "other_unsupplemented"
    )
    made["next_january"] = _dated(
        make_request, "company", date(2026, 11, 20), date(2027, 1, 5), "disclosed"
    )
    made["repeat"] = _dated(
        make_request, "other_org", date(2025, 11, 3), date(2026, 2, 10), "not_processed_repeat"
    )
    made["last_year"] = _dated(
        make_request, "person", date(2025, 6, 1), date(2025, 6, 20), "disclosed"
    )
    elsewhere = Agency.objects.create(name="测试市民政局", short_name="测民", org_code="000014350")
    made["elsewhere"] = _dated(
        make_request, "person", date(2026, 5, 1), date(2026, 5, 20), "disclosed", agency=elsewhere
    )
    return made


def _laid_out(table):
    """The table as the template shows it: each row's label and its cells in order."""
    return [
        (row.label, [row.cells[c.key] for c in table.columns] if row.cells else None)
        for row in table.rows
    ]


def test_the_states_left_the_history_the_tables_count(year_of_requests):
    def reread(name):
        return DisclosureRequest.objects.get(pk=year_of_requests[name].pk)

    december = reread("december")
    assert (december.received_on, december.closed_on, december.outcome) == (
        date(2025, 12, 22),
        date(2026, 1, 8),
        "disclosed",
    )
    withdrawn = reread("withdrawn")
    assert (withdrawn.state, withdrawn.closed_on, withdrawn.outcome) == (
        "withdrawn",
        date(2026, 4, 3),
        "other",
    )
    assert reread("merged").state == "merged" and reread("merged").received_on is None
    assert reread("unconfirmed").state == "submitted"
    assert reread("open").state == "assigned" and reread("open").closed_on is None


# Columns: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计.
SECTION_3_OF_2026 = [
    ("一、本年新收政府信息公开申请数量", [2, 3, 1, 1, 1, 0, 8]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 1, 2]),
    ("三、本年度办理结果", None),
    ("（一）予以公开", [2, 0, 0, 0, 0, 0, 2]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [0, 1, 0, 0, 0, 0, 1]),
    ("（三）不予公开", None),
    ("1.属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", [0, 0, 0, 0, 1, 0, 1]),
    ("5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("6.属于四类过程性信息", [0, 0, 0, 0, 0, 0, 0]),
    ("7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("（四）无法提供", None),
    ("1.本机关不掌握相关政府信息", [0, 0, 0, 1, 0, 0, 1]),
    ("2.没有现成信息需要另行制作", [0, 0, 0, 0, 0, 0, 0]),
    ("3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("（五）不予处理", None),
    ("1.信访举报投诉类申请", [0, 0, 0, 0, 0, 0, 0]),
    ("2.重复申请", [0, 0, 0, 0, 0, 1, 1]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("（六）其他处理", None),
    (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        [0, 1, 0, 0, 0, 0, 1],
    ),
    (
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        [0, 0, 0, 0, 0, 0, 0],
    ),
    ("3.其他", [1, 0, 0, 0, 0, 0, 1]),
    ("（七）总计", [3, 2, 0, 1, 1, 1, 8]),
    ("四、结转下年度继续办理", [0, 1, 1, 0, 0, 0, 2]),
]


def test_section_3_of_2026_cell_by_cell(year_of_requests, agency):
    table = stats.requests_table(2026, agency)
    assert [c.label for c in table.columns] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    assert [c.group for c in table.columns][1:6] == ["法人或其他组织"] * 5
    assert _laid_out(table) == SECTION_3_OF_2026
    assert [(check.label, check.failures) for check in table.checks] == [
        ("一 + 二 = 三（七）+ 四（每一列）", ()),
        ("每件申请都能计入", ()),
    ]
    assert table.passed


def test_december_2025_is_carried_into_2026(year_of_requests, agency):
    table = stats.requests_table(2025, agency)
    # The December request and the other organisation's November one are still open.
    assert table.row("new").cells == {
        "person": 2, "company": 0, "research": 0, "nonprofit": 0, "legal": 0, "other_org": 1,
        "total": 3,
    }  # fmt: skip
    assert table.cell("handled_total", "total") == 1  # June's, disclosed
    assert table.row("next").cells["person"] == 1 and table.cell("next", "total") == 2
    assert table.passed


def test_every_agency_together_counts_the_other_agency_too(year_of_requests, agency):
    alone = stats.requests_table(2026, agency)
    together = stats.requests_table(2026)
    assert together.cell("new", "person") == alone.cell("new", "person") + 1
    assert together.cell("disclosed", "total") == alone.cell("disclosed", "total") + 1
    assert together.passed


def test_a_closed_request_without_outcome_fails_the_check(make_request, agency):
    broken = _dated(make_request, "legal", date(2026, 3, 1), date(2026, 3, 9), "")
    _dated(make_request, "person", date(2026, 3, 1), date(2026, 3, 9), "disclosed")
    table = stats.requests_table(2026, agency)
    balance, records = table.checks
    assert balance.failures == (
        "法律服务机构：一 + 二 = 1，而三（七）+ 四 = 0。",
        "总计：一 + 二 = 2，而三（七）+ 四 = 1。",
    )
    assert records.failures == (f"申请 {broken.reference} 于2026-03-09办结，但没有办理结果。",)
    assert not table.passed


def test_dates_that_cannot_be_counted_fail_the_check(make_request, agency):
    """A request closed before it was received, or closed without a closing day, and an
    appeal with a result but no day of decision: each named, none counted as it claims."""
    early = _dated(make_request, "person", date(2026, 3, 9), date(2026, 3, 1), "disclosed")
    undated = _dated(make_request, "person", date(2026, 3, 1))
    DisclosureRequest.objects.filter(pk=undated.pk).update(state=DisclosureRequest.State.CLOSED)
    Appeal.objects.create(
        agency=agency,
        kind=Appeal.Kind.REVIEW,
        case_number="复〔2026〕7号",
        filed_on=date(2026, 4, 1),
        result=Appeal.Result.UPHELD,
    )
    requests, appeals = stats.annual_tables(2026, agency)
    assert requests.checks[1].failures == (
        f"申请 {early.reference} 的办结日期2026-03-01早于收到申请日期。",
        f"申请 {undated.reference} 已办结，但没有办结日期。",
    )
    assert appeals.checks[0].failures == (
        "案件（复〔2026〕7号）有结果但没有审结日期，按尚未审结计。",
    )
    assert appeals.cell(Appeal.Kind.REVIEW, Appeal.Result.PENDING) == 1
    assert not requests.passed and not appeals.passed


@pytest.fixture
def appeals(agency, year_of_requests):
    elsewhere = Agency.objects.get(name="测试市民政局")
    R, K = Appeal.Result, Appeal.Kind
    for kind, filed, result, decided, where in [
        (K.REVIEW, date(2026, 3, 1), R.UPHELD, date(2026, 5, 1), agency),
        (K.REVIEW, date(2026, 8, 1), R.CORRECTED, date(2026, 10, 1), agency),
        (K.REVIEW, date(2026, 9, 9), R.PENDING, None, agency),
        # Decided after the year's end: not yet concluded in 2026's table.
        (K.LITIGATION_DIRECT, date(2026, 11, 1), R.UPHELD, date(2027, 2, 1), agency),
        (K.LITIGATION_AFTER_REVIEW, date(2026, 5, 1), R.OTHER, date(2026, 6, 1), agency),
        (K.REVIEW, date(2025, 10, 1), R.CORRECTED, date(2026, 1, 10), agency),
        (K.REVIEW, date(2026, 4, 1), R.UPHELD, date(2026, 6, 1), elsewhere),
    ]:
        Appeal.objects.create(
            agency=where,
            kind=kind,
            filed_on=filed,
            result=result,
            decided_on=decided,
            request=year_of_requests["company"] if where == agency else None,
        )


# Columns: 结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
SECTION_4_OF_2026 = [
    ("行政复议", [1, 1, 0, 1, 3]),
    ("行政诉讼", None),
    ("未经复议直接起诉", [0, 0, 0, 1, 1]),
    ("复议后起诉", [0, 0, 1, 0, 1]),
]


def test_section_4_of_2026_cell_by_cell(appeals, agency):
    table = stats.appeals_table(2026, agency)
    assert [c.label for c in table.columns] == [
        "结果维持",
        "结果纠正",
        "其他结果",
        "尚未审结",
        "总计",
    ]
    assert _laid_out(table) == SECTION_4_OF_2026
    assert table.passed
    # As the template lays it out: 行政复议's five, then 行政诉讼's two kinds' five each.
    assert table.across_values() == [1, 1, 0, 1, 3, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    top, middle, labels = table.across_head()
    assert [(h.label, h.colspan) for h in top] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(h.label, h.colspan, h.rowspan) for h in middle][:2] == [
        ("结果维持", 1, 2),
        ("结果纠正", 1, 2),
    ]
    assert [(h.label, h.colspan) for h in middle][5:] == [
        ("未经复议直接起诉", 5),
        ("复议后起诉", 5),
    ]
    assert len(labels) == 10


def test_the_2025_appeal_decided_in_2026_counts_in_2025_as_pending(appeals, agency):
    table = stats.appeals_table(2025, agency)
    assert table.row("review").cells == {
        "upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1,
    }  # fmt: skip


def test_the_annual_report_hook_answers_with_its_tables(appeals, agency):
    tables = plugin_manager.annual_report_tables(2026, agency)
    # Other plugins answer other sections (validity: 二's documents).
    ours = {key for key, table in tables.items() if table.source == "disclosure_requests"}
    assert ours == {("三", "requests"), ("四", "appeals"), ("六", "fees")}
    assert tables["三", "requests"].source == "disclosure_requests"
    assert _laid_out(tables["三", "requests"]) == SECTION_3_OF_2026
    assert _laid_out(tables["四", "appeals"]) == SECTION_4_OF_2026


# ---- Reports → 依申请公开统计: the page, CSV and XLSX ------------------------------------

URL = "/admin/disclosure-statistics/"


@pytest.fixture
def in_january_2027(time_machine):
    _at(time_machine, "2027-01-15")


def test_the_office_sees_both_sections_with_their_checks(
    client, office, appeals, agency, in_january_2027
):
    client.force_login(office)
    response = client.get(URL, {"agency": agency.pk, "year": 2026})
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("三、收到和处理政府信息公开申请情况", "四、行政复议、行政诉讼情况", "申请人情况"):
        assert text in page
    assert page.count("通过") == 3  # 三's two checks and 四's one
    assert response.context["requests_table"].cell("new", "total") == 8
    assert [values for row, values in response.context["requests_rows"] if row.key == "next"] == [
        [0, 1, 1, 0, 0, 0, 2]
    ]
    assert len(response.context["requests_rows"]) == len(SECTION_3_OF_2026)
    assert 'colspan="10" rowspan="1">行政诉讼' in page and "未经复议直接起诉" in page
    assert "disclosure-scroll" in page and "admin.css" in page  # wide tables scroll in a box


def test_a_failing_check_names_its_columns(client, office, make_request, agency, in_january_2027):
    _dated(make_request, "legal", date(2026, 3, 1), date(2026, 3, 9), "")
    client.force_login(office)
    page = client.get(URL, {"agency": agency.pk, "year": 2026}).content.decode()
    assert "未通过" in page
    assert "法律服务机构：一 + 二 = 1，而三（七）+ 四 = 0。" in page


def test_others_may_not_see_the_statistics(client, outsider, division_staff, admin_client):
    assert client.get(URL).url.startswith("/admin/login/")
    for user in (outsider, division_staff):
        client.force_login(user)
        # Wagtail answers a refusal in its admin with the dashboard and a message.
        for query in ({}, {"export": "csv"}):
            response = client.get(URL, query)
            assert (response.status_code, response.url) == (302, "/admin/")
    assert admin_client.get(URL).status_code == 200  # a superuser


def test_odd_parameters_fall_back_to_all_agencies_and_last_year(client, office, in_january_2027):
    client.force_login(office)
    for query in ({"year": "abc", "agency": "x"}, {"year": "1990", "agency": "999999"}):
        response = client.get(URL, query)
        assert response.status_code == 200
        assert (response.context["agency"], response.context["year"]) == (None, 2026)


def test_the_csv_starts_with_the_bom_and_holds_the_rows(
    client, office, appeals, agency, in_january_2027
):
    client.force_login(office)
    response = client.get(URL, {"agency": agency.pk, "year": 2026, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "disclosure-requests-2026-" in response["Content-Disposition"]
    body = response.content
    assert body.startswith("\ufeff".encode()) and not body.startswith(("\ufeff" * 2).encode())
    lines = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert lines[0] == ["依申请公开统计", "测试市统计局", "2026年度"]
    by_label = {line[0].strip("\u3000"): line[1:] for line in lines if line}
    for label, cells in SECTION_3_OF_2026:
        assert by_label[label] == ([str(n) for n in cells] if cells else [""] * 7), label
    assert by_label["未经复议直接起诉"] == ["0", "0", "0", "1", "1"]
    assert by_label["一 + 二 = 三（七）+ 四（每一列）"] == ["通过"]


def test_the_xlsx_opens_and_holds_the_numbers(client, office, appeals, agency, in_january_2027):
    client.force_login(office)
    response = client.get(URL, {"agency": agency.pk, "year": 2026, "export": "xlsx"})
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["三", "四"]
    rows = {
        str(row[0]).strip("\u3000"): list(row[1:])
        for row in book["三"].iter_rows(values_only=True)
        if row[0]
    }
    for label, cells in SECTION_3_OF_2026:
        expected = cells if cells else [None] * 7
        assert rows[label][:7] == expected, label
    appeals_rows = {
        str(row[0]).strip("\u3000"): list(row[1:6])
        for row in book["四"].iter_rows(values_only=True)
        if row[0]
    }
    assert appeals_rows["行政复议"] == [1, 1, 0, 1, 3]


def _listed(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    return response.context["page_obj"].paginator.count


def test_every_cell_of_3_and_4_lists_the_records_it_counts(appeals, agency, office, client):
    """Each computed cell links to the admin's listing of the requests or appeals behind
    it (the report's editor shows the link), which lists exactly as many as it counts."""
    client.force_login(office)
    for table in stats.annual_tables(2026, agency):
        for row in table.rows:
            if row.is_heading:
                continue
            assert set(row.links) == set(row.cells), (table.section, row.key)
            for column, count in row.cells.items():
                assert _listed(client, row.links[column]) == count, (row.key, column)
