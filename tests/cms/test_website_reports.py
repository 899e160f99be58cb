"""The website annual report (issue 28.4): every cell the core counts for a fixture year,
through the real paths (the visit counter's rows, policies and interpretations
published), the checks, the frozen numbers, the Word file read back, the API, the admin
and a table no plugin counts. The plugins' cells are tested with each plugin
(tests/plugins/messageboard, govservice, consultation/test_website_report.py), so these
tests run with every plugin switched off too."""

import io
import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from docx import Document

from cms.extend.hookspecs import hookimpl
from cms.extend.plugin_manager import pm
from cms.extend.report_tables import ReportCheck, ReportColumn, ReportRow, ReportTable
from cms.models import DailyVisits, WebsiteReportPage
from cms.reports import website
from cms.reports.website_word import word_file
from tests.cms.conftest import IDENTITY

CHINA = ZoneInfo("Asia/Shanghai")
# The site is named and its identity filled in (tests/cms/conftest.py) for every test.
pytestmark = pytest.mark.usefixtures("site_identity")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=CHINA)


@pytest.fixture
def year_2025(site, agency, publish_policy, time_machine):
    """What happened on the site in 2025 (and around it, not to be counted); the clock
    left in January 2026. Sets ``site.policy`` to the policy published in 2025."""
    DailyVisits.objects.create(site=site, day=date(2025, 3, 1), visitors=40, page_views=100)
    DailyVisits.objects.create(site=site, day=date(2025, 12, 31), visitors=2, page_views=5)
    DailyVisits.objects.create(site=site, day=date(2026, 1, 1), visitors=9, page_views=9)
    time_machine.move_to(at("2024-06-01 10:00"))
    publish_policy("二〇二四年的通知")
    time_machine.move_to(at("2025-05-06 10:00"))
    policy = publish_policy(
        "关于统计调查的通知",
        interpretations=[{"form": "text"}, {"form": "graphic", "title": "一图读懂"},
                         {"form": "video", "title": "视频解读"}],
    )  # fmt: skip
    publish_policy(
        "依申请公开的函",
        disclosure="on_request",
        disclosure_reason="涉及第三方。",
        interpretations=[{"form": "text"}],
    )
    time_machine.move_to(at("2026-01-10 10:00"))
    site.policy = policy
    return site


def cells(report) -> dict[str, dict]:
    return {t.key: {r.key: r.cells["value"] for r in t.rows} for t in report.frozen_tables()}


def complete(report):
    """Enter the cells no one counts, as the office would."""
    from dataclasses import replace

    from cms.extend.report_tables import table_to_data

    tables = []
    for table in report.frozen_tables():
        if not table.source:
            rows = tuple(replace(r, cells={"value": 1}) for r in table.rows)
            table = replace(table, rows=rows)
        tables.append(table_to_data(table))
    report.tables = tables
    return report


def test_every_computed_cell_is_counted_from_the_records(year_2025):
    report = website.start_draft(year_2025, 2025)
    found = cells(report)
    assert found["visits"] == {"visitors": 42, "page_views": 105}
    # 1 public policy + 3 interpretations of it (the on-request letter and its reading not).
    assert found["information"] == {"total": 4, "catalogue": 1}
    assert found["interpretations"] == {"total": 3, "materials": 1, "products": 2}
    sources = {t.key: t.source for t in report.frozen_tables()}
    assert sources["visits"] == "cms" and sources["security"] == ""
    assert report.identity["site_code"] == "3301000001"
    assert report.identity["name"] == "测试市统计局网站"
    assert report.get_workflow().name == "年度报告审核"


def test_each_cell_the_core_counts_links_to_its_records(year_2025, admin_client):
    report = website.start_draft(year_2025, 2025)
    links = {(t.key, r.key): r.links.get("value") for t in report.frozen_tables() for r in t.rows
             if t.source == "cms"}  # fmt: skip
    assert len(links) == 7 and all(links.values())
    html = admin_client.get(links["visits", "visitors"]).content.decode()
    assert "2025-03-01" in html and "2026-01-01" not in html and ">42<" in html
    html = admin_client.get(links["interpretations", "products"]).content.decode()
    assert "一图读懂" in html and "视频解读" in html and "关于统计调查的通知" not in html
    html = admin_client.get(links["information", "catalogue"]).content.decode()
    assert "关于统计调查的通知" in html and "依申请公开的函" not in html and "二〇二四" not in html


def test_the_checks_name_the_cell_and_block_publishing(year_2025):
    report = website.start_draft(year_2025, 2025)
    errors = website.errors(report)
    assert "“安全防护·安全检测评估次数”未填写。" in errors
    complete(report)
    assert website.errors(report) == []
    report.identity = {**report.identity, "site_code": ""}
    assert website.errors(report) == ["网站标识“网站标识码”未填写（设置 → 网站标识与备案）。"]
    report.identity["site_code"] = "3301000001"
    tables = report.frozen_tables()
    from dataclasses import replace

    from cms.extend.report_tables import table_to_data

    wrong = {"interpretations": {"total": 9}, "interviews": {"answered": 5}}
    report.tables = [
        table_to_data(
            replace(t, rows=tuple(
                replace(r, cells={"value": wrong.get(t.key, {}).get(r.key, r.cells["value"])})
                for r in t.rows
            ))
        )
        for t in tables
    ]  # fmt: skip
    assert website.errors(report) == [
        "“解读回应·解读信息发布总数（条）”为9，但解读材料与解读产品之和为3。",
        "“在线访谈·答复网民提问数量”为5，多于“在线访谈·网民留言数量”（1）。",
    ]
    with pytest.raises(ValidationError):
        report.save_revision().publish()
    assert not WebsiteReportPage.objects.get(pk=report.pk).live


def test_published_numbers_never_follow_a_later_change(year_2025, client):
    report = complete(website.start_draft(year_2025, 2025))
    report.save_revision().publish()
    DailyVisits.objects.create(site=year_2025, day=date(2025, 7, 1), visitors=1000, page_views=1)
    page = WebsiteReportPage.objects.get(pk=report.pk)
    assert cells(page)["visits"]["visitors"] == 42
    assert "“访问情况·独立用户访问总量（个）”：报告中为42，现有数据为1042。" in website.warnings(
        page
    )
    html = client.get(page.url).content.decode()
    assert "3301000001" in html and ">42<" in html and "1042" not in html
    # The core and each plugin that counted named in Chinese, never by its code name.
    sources = re.findall(r"系统数据（([^）]*)）", html)
    assert "本系统" in sources and not [s for s in sources if re.search("[A-Za-z]", s)]
    # Columns, interviews, security, new media; and each table whose plugin is off.
    counting = ("plugins.consultation", "plugins.messageboard", "plugins.govservice")
    assert html.count("手工填报") == 4 + sum(not apps.is_installed(p) for p in counting)
    assert page.get_parent().url in client.get("/").content.decode()  # the column, linked


def test_the_word_file_holds_the_numbers(year_2025, client):
    report = complete(website.start_draft(year_2025, 2025))
    report.save_revision().publish()
    doc = Document(io.BytesIO(word_file(report)))
    identity, *tables = doc.tables
    assert {r.cells[0].text: r.cells[1].text for r in identity.rows}["网站标识码"] == "3301000001"
    # Every cell, in the page's order, as the page shows it (a key such as ``items`` once
    # printed a dict's method).
    page = WebsiteReportPage.objects.get(pk=report.pk)
    shown = [[str(r.cells["value"]) for r in t.rows] for t in page.frozen_tables()]
    assert [[r.cells[1].text for r in t.rows] for t in tables] == shown
    assert shown[0] == ["42", "105"]
    assert "安全防护（手工填报）" in [p.text for p in doc.paragraphs]
    response = client.get(f"/website-reports/{report.pk}/word/")
    assert response.status_code == 200
    Document(io.BytesIO(response.content))


def test_the_api_serves_published_reports_only(year_2025, client):
    report = website.start_draft(year_2025, 2025)
    assert client.get("/api/v1/website-reports").json() == []
    assert client.get(f"/website-reports/{report.pk}/word/").status_code == 404
    complete(report).save_revision().publish()
    items = client.get("/api/v1/website-reports", {"year": 2025}).json()
    assert [i["id"] for i in items] == [report.pk]
    detail = client.get(f"/api/v1/website-reports/{report.pk}").json()
    assert detail["identity"]["icp_number"] == IDENTITY["icp_number"]
    visits = next(t for t in detail["tables"] if t["key"] == "visits")
    assert visits["entered_by_hand"] is False and visits["rows"][0]["value"] == 42
    response = client.get("/api/v1/website-reports", {"site": 2**100})
    assert response.status_code == 400


def test_a_table_of_a_plugin_switched_off_is_entered_by_hand(year_2025):
    module = pm.get_plugin("messageboard")
    if module is not None:
        pm.unregister(name="messageboard")
    try:
        report = website.start_draft(year_2025, 2025)
    finally:
        if module is not None:
            pm.register(module, name="messageboard")
    messages = next(t for t in report.frozen_tables() if t.key == "messages")
    assert messages.source == "" and messages.cell("received", "value") is None


def test_the_admin_lists_starts_and_publishes_the_website_report(year_2025, admin_client):
    html = admin_client.get("/admin/reports/annual/").content.decode()
    assert "政府网站工作年度报表" in html and "测试市统计局网站" in html and "2026-01-31" in html
    response = admin_client.post(f"/admin/reports/annual/website/start/{year_2025.pk}/2025/")
    report = WebsiteReportPage.objects.get(site=year_2025, year=2025)
    assert response["Location"].endswith(f"/pages/{report.pk}/edit/")
    edit = f"/admin/pages/{report.pk}/edit/"
    html = admin_client.get(edit).content.decode()
    assert 'name="cell-网站-security-assessments-value"' in html
    preview = f"/admin/pages/{report.pk}/edit/preview/"
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    data = nested_form_data(
        {"title": report.title, "slug": report.slug, "year": 2025, "change_note": "",
         "comments": inline_formset([])}
    )  # fmt: skip
    for table in report.frozen_tables():
        if not table.source:
            for row in table.rows:
                data[f"cell-网站-{table.key}-{row.key}-value"] = "2"
    data["cell-网站-security-assessments-value"] = ""
    bad = {"interviews-rounds": "1" * 26, "interviews-questions": "1.5",
           "interviews-answered": "1e5"}  # fmt: skip
    bad = {**data, **{f"cell-网站-{k}-value": v for k, v in bad.items()}, "action-publish": "1"}
    html = admin_client.post(edit, bad).content.decode()
    assert "“在线访谈·访谈期数”·数量不能超过99999999。" in html
    assert "“在线访谈·网民留言数量”·数量须为不小于0的整数" in html
    assert "“在线访谈·答复网民提问数量”·数量须为不小于0的整数" in html
    assert "在线访谈·访谈期数”未填写" not in html and "表网站" not in html
    data["cell-网站-security-problems-value"] = "１２"  # full-width digits
    assert admin_client.post(preview, data).json()["is_valid"]
    html = admin_client.get(preview).content.decode()  # the published layout
    assert 'data-table="网站-visits"' in html and "3301000001" in html
    response = admin_client.post(edit, {**data, "action-submit": "1"})
    assert "“安全防护·安全检测评估次数”未填写。" in response.content.decode()
    data["cell-网站-security-assessments-value"] = "3"
    admin_client.post(edit, {**data, "action-publish": "1"})  # only the review publishes
    assert not WebsiteReportPage.objects.get(pk=report.pk).live
    assert admin_client.post(edit, {**data, "action-submit": "1"}).status_code == 302
    approve = {**data, "action-workflow-action": "1", "workflow-action-name": "approve",
               "workflow-action-extra-data": "{}"}  # fmt: skip
    admin_client.post(edit, approve)
    assert "已通过政务公开办公室审核，待领导签发" in admin_client.get("/admin/").content.decode()
    admin_client.post(edit, approve)
    published = WebsiteReportPage.objects.get(pk=report.pk)
    assert published.live and cells(published)["security"]["assessments"] == 3
    assert cells(published)["security"]["problems"] == 12
    # A correction published from the editor stays a draft: the live revision is unchanged.
    data["cell-网站-security-assessments-value"] = "4"
    html = admin_client.post(edit, {**data, "action-submit": "1"}).content.decode()
    assert "修订已发布的报告，须填写本次的修订说明" in html
    admin_client.post(edit, {**data, "change_note": "更正评估次数。", "action-publish": "1"})
    stored = WebsiteReportPage.objects.get(pk=report.pk)
    assert stored.live_revision_id == published.live_revision_id
    assert cells(stored)["security"]["assessments"] == 3
    assert admin_client.get(f"/admin/reports/annual/website/{report.pk}/word/").status_code == 200


class Consultations:
    """A consultation plugin's part of the report, as plugins/consultation will give it."""

    @hookimpl
    def website_report_tables(self, year, site):
        rows = tuple(
            ReportRow(key, key, 0, {"value": n})
            for key, n in [("rounds", 2), ("opinions", 31), ("results", 2)]
        )
        return [
            ReportTable(
                "网站", "consultations", "征集调查", (ReportColumn("value", "数量"),), rows,
                checks=(ReportCheck("可统计", ("意见稿2025-3的意见尚未归类。",)),),
            ),
            ReportTable("网站", "visits", "访问", (), ()),  # the core's: not taken
        ]  # fmt: skip


def test_a_plugin_fills_the_consultations_and_its_checks_block(year_2025, plugin):
    # Named to sort before the built-in consultation plugin: the first by name keeps a key.
    plugin(Consultations(), "a_test_consultation")
    report = complete(website.start_draft(year_2025, 2025))
    table = next(t for t in report.frozen_tables() if t.key == "consultations")
    assert table.source == "a_test_consultation" and table.cell("opinions", "value") == 31
    assert cells(report)["visits"]["visitors"] == 42
    assert website.errors(report) == ["征集调查：意见稿2025-3的意见尚未归类。"]


def test_web_editors_are_reminded_in_january_until_it_is_published(site, roles, django_user_model):
    from django.core import mail

    from cms.access.roles import Role
    from cms.reports import website_reminders

    editor = django_user_model.objects.create_user("web", email="web@example.cn")
    editor.groups.add(roles[Role.WEB_EDITOR])
    director = django_user_model.objects.create_user("dir", email="dir@example.cn")
    director.groups.add(roles[Role.EDITORIAL_DIRECTOR])
    assert website_reminders.remind(date(2026, 1, 1)) == 1
    assert mail.outbox[-1].to == ["web@example.cn"] and "2026-01-31" in mail.outbox[-1].subject
    assert website_reminders.remind(date(2026, 1, 2)) == 0
    assert website_reminders.remind(date(2026, 1, 28)) == 1  # the directors too
    assert sorted(mail.outbox[-1].to) == ["dir@example.cn", "web@example.cn"]
    complete(website.start_draft(site, 2025)).save_revision().publish()
    assert website_reminders.remind(date(2026, 1, 30)) == 0


def test_a_year_already_reported_is_a_form_error(site, admin_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    website.start_draft(site, 2024)
    report = website.start_draft(site, 2025)
    data = nested_form_data(
        {"title": report.title, "slug": report.slug, "year": 2024, "change_note": "",
         "comments": inline_formset([])}
    )  # fmt: skip
    response = admin_client.post(f"/admin/pages/{report.pk}/edit/", data)
    assert "该网站已有该年度的政府网站工作年度报表。" in response.content.decode()


def test_the_published_reports_tags_name_the_sponsor(year_2025, client):
    from tests.cms.test_page_tags import tags_of

    report = website.start_draft(year_2025, 2025)
    complete(report).save_revision().publish()
    tags = tags_of(client, WebsiteReportPage.objects.get(pk=report.pk).url)
    assert tags["ContentSource"] == tags["Author"] == IDENTITY["sponsor"]
    assert IDENTITY["sponsor"] in tags["Keywords"] and "2025" in tags["Keywords"]
    assert "2025年" in tags["Description"]
