"""The annual disclosure report (issue 28): drafted with its tables assembled from the
plugins' counts or entered by hand, checked before it is submitted or published (each
check failing once with its Chinese message), and frozen when published."""

import re
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Page

from cms.access.roles import Role
from cms.extend.hookspecs import hookimpl
from cms.extend.plugin_manager import pm
from cms.extend.report_tables import ReportCheck, table_to_data
from cms.models import AnnualReportPage
from cms.reports import checks, layout
from cms.reports.assembly import assemble_into
from cms.reports.drafts import start_draft

COUNTING_PLUGINS = ("validity", "disclosure_requests")


@pytest.fixture
def no_counting_plugins():
    """The report with the plugins that count its tables switched off."""
    saved = {}
    for name in COUNTING_PLUGINS:
        module = pm.get_plugin(name)
        if module is not None:
            pm.unregister(name=name)
            saved[name] = module
    yield
    for name, module in saved.items():
        pm.register(module, name=name)


def filled_requests(new=3, carried=1, disclosed=2, partly=1, nxt=1, person_share=None):
    """Section 三 as a plugin counts it: every cell filled, the sums right."""
    table = layout.requests_skeleton()
    values = {"new": new, "carried": carried, "disclosed": disclosed, "partly": partly,
              "handled_total": disclosed + partly, "next": nxt}  # fmt: skip
    rows = []
    for row in table.rows:
        if row.is_heading:
            rows.append(row)
            continue
        n = values.get(row.key, 0)
        cells = dict.fromkeys(row.cells, 0)
        cells["person"] = n if person_share is None else person_share.get(row.key, n)
        cells["total"] = cells["person"]
        rows.append(replace(row, cells=cells))
    return replace(table, rows=tuple(rows))


def filled_appeals():
    table = layout.appeals_skeleton()
    rows = tuple(
        row if row.is_heading else replace(row, cells=dict.fromkeys(row.cells, 0))
        for row in table.rows
    )
    return replace(table, rows=rows)


class Requests:
    """A counting plugin of sections 三 and 四 whose numbers the test changes."""

    def __init__(self):
        self.requests = filled_requests()

    @hookimpl
    def annual_report_tables(self, year, agency):
        return [self.requests, filled_appeals()]


@pytest.fixture
def counted(plugin, no_counting_plugins):
    counts = Requests()
    plugin(counts, "test_requests")
    return counts


def complete(report, **fields):
    """Fill what the office writes and enters, so that only the test's fault remains."""
    values = dict(
        overview="<p>本年度公开工作总体情况。</p>",
        problems="<p>存在的问题及改进。</p>",
        licence_decisions=12,
        licence_source="市政务服务平台",
        penalty_decisions=3,
        penalty_source="执法系统",
        coercion_decisions=0,
        coercion_source="执法系统",
        fee_amount=Decimal("1.25"),
        fee_source="财务处",
    )
    values.update(fields)
    for name, value in values.items():
        setattr(report, name, value)
    tables = []
    for table in report.frozen_tables():
        if not table.source:
            rows = tuple(
                row if row.is_heading else replace(row, cells=dict.fromkeys(row.cells, 0))
                for row in table.rows
            )
            table = replace(table, rows=rows)
        tables.append(table_to_data(table))
    report.tables = tables
    return report


def test_without_counting_plugins_every_table_is_entered_by_hand(
    agency, no_counting_plugins, client
):
    report = start_draft(agency, 2025)
    keys = [(t.section, t.key, t.source) for t in report.frozen_tables()]
    assert keys == [("二", "documents", ""), ("三", "requests", ""), ("四", "appeals", ""),
                    ("六", "fees", "")]  # fmt: skip
    assert report.get_parent().specific.agency == agency
    assert report.get_workflow().name == "年度报告审核"
    complete(report)
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    assert html.count("手工填报") == 4
    assert "三、收到和处理政府信息公开申请情况" in html and "法人或其他组织" in html
    assert "（七）总计" in html and "未经复议直接起诉" in html


def test_a_draft_takes_a_plugins_counts_and_last_years_text(agency, counted):
    earlier = complete(start_draft(agency, 2024), overview="<p>去年的总体情况。</p>")
    earlier.save_revision().publish()
    report = start_draft(agency, 2025)
    requests = next(t for t in report.frozen_tables() if t.section == "三")
    assert requests.source == "test_requests"
    assert requests.cell("new", "person") == 3
    assert report.overview == "<p>去年的总体情况。</p>"
    assert AnnualReportPage.objects.filter(agency=agency).count() == 2


def test_a_complete_report_passes(agency, counted):
    report = complete(start_draft(agency, 2025))
    assert checks.errors(report) == []


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("empty_cell", "表二“规章”·本年制发件数未填写。"),
        ("empty_hand_cell", "表二“行政许可”·本年处理决定数量未填写。"),
        ("empty_text", "“一、总体情况”未填写。"),
        ("row_total", "表三“一、本年新收政府信息公开申请数量”·总计为9，但各列之和为3。"),
        ("outcome_total",
         "表三“三、本年度办理结果·（七）总计”·自然人为5，但以上各项办理结果之和为3。"),
        ("balance",
         "自然人：本年新收加上年结转（4）应等于本年度办理结果总计（3）加结转下年度继续办理"
         "（2）；请核对表三“四、结转下年度继续办理”·自然人。"),
        ("in_force",
         "表二“行政规范性文件”·现行有效件数为9，但上年现行有效5 + 本年制发2 − 本年废止1 = 6："
         "请更正，或填写差异说明。"),
    ],
)  # fmt: skip
def test_every_check_fails_once_with_its_message(agency, counted, fault, message):
    earlier = complete(start_draft(agency, 2024))
    _set_cell(earlier, "二", "documents", "normative", "in_force", 5)
    earlier.save_revision().publish()
    report = complete(start_draft(agency, 2025))
    _set_cell(report, "二", "documents", "normative", "issued", 2)
    _set_cell(report, "二", "documents", "normative", "repealed", 1)
    _set_cell(report, "二", "documents", "normative", "in_force", 6)
    if fault == "empty_cell":
        _set_cell(report, "二", "documents", "rule", "issued", None)
    elif fault == "empty_hand_cell":
        report.licence_decisions = None
    elif fault == "empty_text":
        report.overview = "<p> </p>"
    elif fault == "row_total":
        _set_cell(report, "三", "requests", "new", "total", 9)
    elif fault == "outcome_total":
        _set_cell(report, "三", "requests", "handled_total", "person", 5)
    elif fault == "balance":
        _set_cell(report, "三", "requests", "next", "person", 2)
    elif fault == "in_force":
        _set_cell(report, "二", "documents", "normative", "in_force", 9)
    assert message in checks.errors(report)


def test_an_explained_difference_in_force_passes(agency, counted):
    earlier = complete(start_draft(agency, 2024))
    earlier.save_revision().publish()
    report = complete(start_draft(agency, 2025))
    _set_cell(report, "二", "documents", "normative", "in_force", 4)
    assert any("现行有效件数为4" in m for m in checks.errors(report))
    report.documents_difference_note = "4件文件尚未生效。"
    assert checks.errors(report) == []


def test_publishing_is_refused_while_a_check_fails(agency, counted):
    report = complete(start_draft(agency, 2025), licence_decisions=None)
    revision = report.save_revision()
    with pytest.raises(ValidationError) as refused:
        revision.publish()
    assert "表二“行政许可”·本年处理决定数量未填写。" in refused.value.messages
    assert not AnnualReportPage.objects.get(pk=report.pk).live


def test_published_numbers_never_follow_a_later_change(agency, counted, client):
    report = complete(start_draft(agency, 2025))
    report.save_revision().publish()
    counted.requests = filled_requests(new=30, carried=1, disclosed=29, partly=1, nxt=1)
    page = AnnualReportPage.objects.get(pk=report.pk)
    assert page.frozen_tables()[1].cell("new", "person") == 3
    html = client.get(page.url).content.decode()
    assert ">3<" in html and ">30<" not in html
    assert "表三“一、本年新收政府信息公开申请数量”·自然人：报告中为3，现有数据为30。" in (
        checks.warnings(page)
    )
    # Assembled again, a correction is a new revision with its note; the first stays.
    assemble_into(page)
    page.change_note = "更正第三部分数据。"
    page.save_revision().publish()
    revisions = page.revisions.order_by("created_at")
    first = revisions.first().as_object()
    assert first.frozen_tables()[1].cell("new", "person") == 3
    assert AnnualReportPage.objects.get(pk=report.pk).frozen_tables()[1].cell("new", "person") == 30
    assert "更正第三部分数据。" in client.get(page.url).content.decode()


def test_the_column_lists_published_reports(agency, no_counting_plugins, client):
    report = complete(start_draft(agency, 2025))
    report.save_revision().publish()
    start_draft(agency, 2026)  # a draft: not listed
    index = Page.objects.get(pk=report.get_parent().pk)
    html = client.get(index.url).content.decode()
    assert report.title in html and "2026年" not in html


def _set_cell(report, section, key, row_key, column_key, value):
    tables = []
    for table in report.frozen_tables():
        if (table.section, table.key) == (section, key):
            rows = tuple(
                replace(row, cells={**row.cells, column_key: value}) if row.key == row_key else row
                for row in table.rows
            )
            table = replace(table, rows=rows)
        tables.append(table_to_data(table))
    report.tables = tables


def _edit_data(report, **extra):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": report.title,
            "slug": report.slug,
            "year": report.year,
            "overview": rich_text("<p>总体情况。</p>"),
            "problems": rich_text("<p>问题与改进。</p>"),
            "other_matters": rich_text("<p>其他事项。</p>"),
            "licence_decisions": "12",
            "licence_source": "市政务服务平台",
            "penalty_decisions": "3",
            "penalty_source": "执法系统",
            "coercion_decisions": "0",
            "coercion_source": "执法系统",
            "fee_amount": "1.25",
            "fee_source": "财务处",
            "documents_difference_note": "",
            "change_note": "",
            "comments": inline_formset([]),
        }
    )
    for table in report.frozen_tables():
        if not table.source:
            for row in table.rows:
                for column in table.columns:
                    if not row.is_heading:
                        data[f"cell-{table.section}-{table.key}-{row.key}-{column.key}"] = "0"
    data.update(extra)
    return data


@pytest.fixture
def report_staff(roles, django_user_model):
    """The web editor who drafts the report, the office and the leader who approve it."""
    staff = {}
    for name, role in [("editor", Role.WEB_EDITOR), ("office", Role.EDITORIAL_DIRECTOR),
                       ("leader", Role.LEADER)]:  # fmt: skip
        staff[name] = django_user_model.objects.create_user(f"{name}_ar")
        staff[name].groups.add(roles[role])
    return staff


def _approve(client, report, user):
    client.force_login(user)
    data = _edit_data(report, **{"action-workflow-action": "1", "workflow-action-name": "approve",
                                 "workflow-action-extra-data": "{}"})  # fmt: skip
    client.post(f"/admin/pages/{report.pk}/edit/", data)
    return client.get("/admin/").content.decode()


def test_only_the_review_publishes_a_report_and_a_correction(
    agency, no_counting_plugins, report_staff, client
):
    report = start_draft(agency, 2025)
    edit = f"/admin/pages/{report.pk}/edit/"
    client.force_login(report_staff["editor"])
    html = client.get(edit).content.decode()
    assert "手工填报" in html and 'name="cell-三-requests-new-person"' in html
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html
    data = _edit_data(report, **{"cell-三-requests-next-person": "2", "action-submit": "1"})
    html = client.post(edit, data).content.decode()
    assert "请核对表三“四、结转下年度继续办理”·自然人" in html
    client.post(edit, _edit_data(report, **{"action-publish": "1"}))
    stored = AnnualReportPage.objects.get(pk=report.pk)
    assert not stored.live and stored.live_revision is None
    client.post(edit, _edit_data(report, **{"action-submit": "1"}))
    assert "已通过政务公开办公室审核，待领导签发" in _approve(
        client, report, report_staff["office"]
    )
    assert not AnnualReportPage.objects.get(pk=report.pk).live
    assert "已通过领导签发，已发布" in _approve(client, report, report_staff["leader"])
    published = AnnualReportPage.objects.get(pk=report.pk)
    assert published.live and published.licence_source == "市政务服务平台"
    assert published.frozen_tables()[1].cell("next", "person") == 0
    # A correction needs its change note, and stays a draft when published from the editor.
    client.force_login(report_staff["editor"])
    correction = _edit_data(report, licence_decisions="13")
    html = client.post(edit, {**correction, "action-submit": "1"}).content.decode()
    assert "修订已发布的报告，须填写本次的修订说明：修订了什么、为什么修订。" in html
    correction["change_note"] = "更正许可数量。"
    client.post(edit, {**correction, "action-publish": "1"})
    stored = AnnualReportPage.objects.get(pk=report.pk)
    assert stored.live_revision_id == published.live_revision_id and stored.licence_decisions == 12
    assert stored.has_unpublished_changes


def test_bad_input_gets_chinese_messages_and_invisible_characters_go(
    agency, no_counting_plugins, admin_client, caplog
):
    start_draft(agency, 2024)
    report = start_draft(agency, 2025)
    edit = f"/admin/pages/{report.pk}/edit/"
    data = _edit_data(report, year="99999999999", licence_decisions="1" * 26, fee_amount="-1")
    html = admin_client.post(edit, data).content.decode()
    assert "年度须在2008年至2100年之间。" in html and "数量不能超过99999999。" in html
    assert "金额不能为负数。" in html and "9223372036854775807" not in html
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # nothing counted
    response = admin_client.post(edit, _edit_data(report, year="2024"))
    assert "该机构已有该年度的政府信息公开工作年度报告。" in response.content.decode()
    data = _edit_data(report, licence_source="市\x07政务\u202e服务\u200b平台",
                      change_note="说明\u200b")  # fmt: skip
    assert admin_client.post(edit, data).status_code == 302
    saved = AnnualReportPage.objects.get(pk=report.pk).get_latest_revision_as_object()
    assert (saved.licence_source, saved.change_note) == ("市政务服务平台", "说明")
    html = admin_client.post(edit, _edit_data(report, penalty_source=" ", **{"action-submit": "1"}))
    assert "请填写“行政处罚：本年处理决定数量”的数据来源。" in html.content.decode()


def test_a_cell_that_is_not_a_number_is_named(agency, no_counting_plugins, admin_client):
    report = start_draft(agency, 2025)
    edit = f"/admin/pages/{report.pk}/edit/"
    response = admin_client.post(edit, _edit_data(report, **{"cell-六-fees-notified-count": "x"}))
    assert "表六“发出收费通知”·件数须为不小于0的数字。" in response.content.decode()


def test_the_office_then_the_leader_approve_and_the_last_approval_publishes(
    agency, no_counting_plugins, roles, django_user_model
):
    drafter = django_user_model.objects.create_user("drafter_ar")
    office = django_user_model.objects.create_user("office_ar")
    office.groups.add(roles[Role.EDITORIAL_DIRECTOR])
    leader = django_user_model.objects.create_user("leader_ar")
    leader.groups.add(roles[Role.LEADER])
    report = complete(start_draft(agency, 2025))
    report.save_revision(user=drafter)
    workflow = report.get_workflow()
    state = workflow.start(report, drafter)
    assert [t.name for t in workflow.tasks] == ["政务公开办公室审核", "领导签发"]
    task = state.current_task_state.task.specific
    assert task.user_can_access_editor(report, office)
    assert not task.user_can_access_editor(report, leader)
    task.on_action(state.current_task_state, office, "approve")
    state.refresh_from_db()
    task = state.current_task_state.task.specific
    assert task.name == "领导签发" and not AnnualReportPage.objects.get(pk=report.pk).live
    task.on_action(state.current_task_state, leader, "approve")
    assert AnnualReportPage.objects.get(pk=report.pk).live


def test_the_preview_is_the_published_layout(agency, no_counting_plugins, admin_client):
    report = start_draft(agency, 2025)
    preview = f"/admin/pages/{report.pk}/edit/preview/"
    assert admin_client.post(preview, _edit_data(report)).json()["is_valid"]
    html = admin_client.get(preview).content.decode()
    assert html.count("手工填报") == 4 and "市政务服务平台" in html
    assert "三、收到和处理政府信息公开申请情况" in html and 'data-table="三-requests"' in html


def test_no_approval_is_offered_while_a_check_fails(
    agency, no_counting_plugins, roles, django_user_model
):
    office = django_user_model.objects.create_user("office_ar2")
    office.groups.add(roles[Role.EDITORIAL_DIRECTOR])
    report = complete(start_draft(agency, 2025))
    report.save_revision()
    state = report.get_workflow().start(report, office)
    task = state.current_task_state.task.specific
    assert "approve" in [name for name, _label, _modal in task.get_actions(report, office)]
    report.licence_decisions = None  # changed without the form (a shell, a script)
    report.save_revision()
    names = [name for name, _label, _modal in task.get_actions(report, office)]
    assert "approve" not in names and "reject" in names


def test_a_check_the_plugin_ran_blocks_too(agency, counted):
    counted.requests = replace(
        filled_requests(), checks=(ReportCheck("可统计", ("申请2026-00012已办结但无办结日期。",)),)
    )
    report = complete(start_draft(agency, 2025))
    assert checks.errors(report) == [
        "三、收到和处理政府信息公开申请情况：申请2026-00012已办结但无办结日期。"
    ]


def test_cell_links_only_for_those_who_may_open_them_and_no_inline_style(
    agency, counted, report_staff, client
):
    links = {"new": "/admin/users/?report=1", "carried": "/admin/reports/annual/?report=1"}
    rows = tuple(replace(r, links={"person": links[r.key]}) if r.key in links else r
                 for r in counted.requests.rows)  # fmt: skip
    counted.requests = replace(counted.requests, rows=rows)
    report = start_draft(agency, 2025)
    client.force_login(report_staff["editor"])
    html = client.get(f"/admin/pages/{report.pk}/edit/").content.decode()
    assert 'href="/admin/reports/annual/?report=1"' in html
    assert 'href="/admin/users/?report=1"' not in html  # the editor may not list users
    # The tables' layout comes from the admin stylesheet (the CSP forbids inline styles).
    listing = client.get("/admin/reports/annual/").content.decode()
    for page in (html, listing):
        assert "/static/cms/admin.css" in page and "<style>" not in page
    assert (
        ' style="' not in listing and 'class="listing annual-reports annual-report-list"' in listing
    )
    assert "页数" not in listing  # the admin menu's 页面, not the fee form's 页数


def test_the_page_shows_each_heading_and_source_once_and_plain_amounts(
    agency, no_counting_plugins, client
):
    report = complete(start_draft(agency, 2025), fee_amount=Decimal("0.0000"))
    report.save_revision().publish()
    html = client.get(report.url).content.decode()
    # Shown once; a scrolling table's region also names it to screen readers (aria-label).
    shown = re.sub(r' aria-label="[^"]*"', "", html)
    assert shown.count("三、收到和处理政府信息公开申请情况") == 1
    assert shown.count("四、行政复议、行政诉讼情况") == 1
    assert "执法系统；执法系统" not in html and "0.0000" not in html
