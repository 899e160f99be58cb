"""The annual disclosure report's outputs (issue 28): the Word file read back with
python-docx, the API (published reports only), the admin's listing with states and
deadlines, and the reminders from 1 January."""

import io
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from docx import Document

from cms.access.roles import Role
from cms.models import AnnualReportPage
from cms.reports import reminders
from cms.reports.drafts import start_draft
from cms.reports.word import word_file

# The fixtures and helpers of the report's own tests.
from tests.cms.test_annual_reports import (  # noqa: F401
    _edit_data,
    complete,
    counted,
    no_counting_plugins,
)


@pytest.fixture
def published(agency, counted):  # noqa: F811
    report = complete(start_draft(agency, 2025), licence_decisions=17)
    report.save_revision().publish()
    return AnnualReportPage.objects.get(pk=report.pk)


def _texts(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_the_word_file_holds_the_computed_numbers(published, client):
    doc = Document(io.BytesIO(word_file(published)))
    documents, requests, appeals, _fees = doc.tables
    body = "\n".join(p.text for p in doc.paragraphs)
    assert published.title in body and "本年度公开工作总体情况。" in body
    three = published.frozen_tables()[1]
    rows = {row[0].strip(): row[1:] for row in _texts(requests)}
    assert rows["一、本年新收政府信息公开申请数量"][0] == str(three.cell("new", "person"))
    assert rows["四、结转下年度继续办理"][-1] == str(three.cell("next", "total"))
    assert rows["（七）总计"][0] == str(three.cell("handled_total", "person"))
    head = _texts(requests)[:3]
    assert "申请人情况" in head[0] and "法人或其他组织" in head[1] and "商业企业" in head[2]
    two = {row[0]: row[1:] for row in _texts(documents)}
    assert two["行政许可"][0] == "17"
    assert "行政复议" in _texts(appeals)[0] and "未经复议直接起诉" in _texts(appeals)[1]
    assert _texts(appeals)[-1][0] == "0"
    # Each section states where its numbers come from, as the page does: 三 counted by a
    # plugin (named by its app, here a test's), 六's fees and 二's office cells by hand.
    assert "数据来源：系统数据（test_requests）" in body and "数据来源：手工填报" in body
    assert "第二十条第（八）项：手工填报" in body
    page = client.get(published.url).content.decode()
    assert "数据来源：系统数据（test_requests）" in page


def test_the_word_file_is_downloaded_by_the_public_and_the_office(published, client, admin_client):
    response = client.get(f"/annual-reports/{published.pk}/word/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    Document(io.BytesIO(response.content))
    response = admin_client.get(f"/admin/reports/annual/{published.pk}/word/")
    assert response.status_code == 200


def test_a_draft_has_no_public_word_file_nor_api_entry(agency, no_counting_plugins, client):  # noqa: F811
    draft = start_draft(agency, 2025)
    assert client.get(f"/annual-reports/{draft.pk}/word/").status_code == 404
    assert client.get("/api/v1/annual-reports").json() == []
    assert client.get(f"/api/v1/annual-reports/{draft.pk}").status_code == 404
    # An agency id past the database's integers is a 400 in Chinese, not a 500 (fuzzing).
    response = client.get("/api/v1/annual-reports", {"agency": 2**100, "year": 2095})
    assert response.status_code == 400 and response.json()["code"] == "invalid_parameter"


def test_the_api_lists_and_details_published_reports(published, client):
    items = client.get("/api/v1/annual-reports", {"year": 2025}).json()
    assert [item["id"] for item in items] == [published.pk]
    assert client.get("/api/v1/annual-reports", {"year": 2024}).json() == []
    detail = client.get(f"/api/v1/annual-reports/{published.pk}").json()
    assert [s["number"] for s in detail["sections"]] == ["一", "二", "三", "四", "五", "六"]
    three = detail["sections"][2]["tables"][0]
    assert three["entered_by_hand"] is False
    new = next(r for r in three["rows"] if r["key"] == "new")
    assert new["cells"]["person"] == 3
    fees = detail["sections"][5]["tables"][0]
    assert fees["entered_by_hand"] is True
    two = detail["sections"][1]["tables"]
    assert any(t["key"] == "licences" and t["rows"][0]["cells"]["decisions"] == 17 for t in two)
    charges = next(t for t in two if t["key"] == "charges")
    assert charges["rows"][0]["cells"]["amount"] == 1.25  # a JSON number, not "1.25"
    assert client.get("/api/v1/annual-reports/0").status_code in (400, 422)


def test_the_admin_lists_every_agencys_reports_and_starts_a_draft(
    agency,
    no_counting_plugins,  # noqa: F811
    admin_client,
    time_machine,
):
    time_machine.move_to("2026-01-10 10:00 +08:00")
    html = admin_client.get("/admin/reports/annual/").content.decode()
    assert "未起草" in html and "2026-01-31" in html and "2025" in html
    response = admin_client.post(f"/admin/reports/annual/start/{agency.pk}/2025/")
    report = AnnualReportPage.objects.get(agency=agency, year=2025)
    assert response.status_code == 302 and response["Location"].endswith(
        f"/pages/{report.pk}/edit/"
    )
    html = admin_client.get("/admin/reports/annual/").content.decode()
    assert "草稿" in html


def test_reminders_from_1_january_escalate_near_the_deadline(
    agency,
    roles,
    django_user_model,
    no_counting_plugins,  # noqa: F811
):
    office = django_user_model.objects.create_user("office", email="office@example.cn")
    office.groups.add(roles[Role.EDITORIAL_DIRECTOR])
    leader = django_user_model.objects.create_user("leader", email="leader@example.cn")
    leader.groups.add(roles[Role.LEADER])

    assert reminders.remind(date(2026, 1, 1)) == 1
    assert mail.outbox[-1].to == ["office@example.cn"]
    assert "2026-01-31" in mail.outbox[-1].subject
    assert reminders.remind(date(2026, 1, 2)) == 0  # not every day
    assert reminders.remind(date(2026, 1, 28)) == 1  # three days left: the leaders too
    assert sorted(mail.outbox[-1].to) == ["leader@example.cn", "office@example.cn"]
    assert reminders.remind(date(2026, 2, 7)) == 1  # a week late
    assert "逾期" in mail.outbox[-1].subject

    agency.kind = agency.Kind.GOVERNMENT
    agency.save()
    assert reminders.remind(date(2026, 1, 28)) == 0  # a government's is due on 31 March
    assert reminders.remind(date(2026, 3, 24)) == 1

    # Once the disclosure office has its users, they are told rather than the director.
    clerk = django_user_model.objects.create_user("clerk", email="clerk@example.cn")
    clerk.groups.add(Group.objects.create(name=settings.ANNUAL_REPORT_OFFICE_GROUP))
    assert reminders.remind(date(2026, 3, 1)) == 1  # 30 days left: the office only
    assert mail.outbox[-1].to == ["clerk@example.cn"]

    report = complete(start_draft(agency, 2025))
    report.save_revision().publish()
    assert reminders.remind(date(2026, 3, 30)) == 0  # published: no reminder


def test_beat_reminds_at_the_hour_set(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["remind-annual-reports"]["schedule"]
    assert schedule.hour == {settings.ANNUAL_REPORT_REMIND_HOUR} and schedule.minute == {0}


def test_a_web_editor_finds_this_years_draft_and_submits_it(
    agency,
    roles,
    django_user_model,
    client,
    time_machine,
    no_counting_plugins,  # noqa: F811
):
    """The README's demo walk: the draft of the year under way is listed under Reports →
    年度报告, and a web editor submits it to the office's step."""
    time_machine.move_to("2026-12-03 10:00 +08:00")
    editor = django_user_model.objects.create_user("editor_ar")
    editor.groups.add(roles[Role.WEB_EDITOR])
    report = complete(start_draft(agency, 2026))
    report.save_revision()
    client.force_login(editor)
    edit = f"/admin/pages/{report.pk}/edit/"
    assert edit in client.get("/admin/reports/annual/").content.decode()
    assert "提交给年度报告审核" in client.get(edit).content.decode()
    assert client.post(edit, _edit_data(report, **{"action-submit": "1"})).status_code == 302
    state = AnnualReportPage.objects.get(pk=report.pk).current_workflow_state
    assert state.current_task_state.task.name == "政务公开办公室审核"
