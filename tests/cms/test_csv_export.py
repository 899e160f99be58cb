"""Every CSV export opens in Excel as UTF-8: a byte order mark first (issue 24.17); times
in Beijing time to the second, headings in Chinese, Wagtail's own reports included."""

import csv
import io
import re

from django.apps import apps
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.models import WorkflowState

from cms.admin_ui.csv_export import BOM
from tests.conftest import submit

# The admin's CSV exports: the project's reports, the plugins' and Wagtail's own.
EXPORTS = [
    ("/admin/reports/bundles/", None),
    ("/admin/reports/deliveries/", None),
    ("/admin/reports/site-history/", None),
    ("/admin/reports/locked/", None),
    ("/admin/reports/aging-pages/", None),
    ("/admin/reports/workflow/", None),
    ("/admin/validity/expiring/", "plugins.validity"),
    ("/admin/messages/report/", "plugins.messageboard"),
    ("/admin/govservice/broken/", "plugins.govservice"),
]


def test_every_csv_export_starts_with_a_bom_and_reads_back_in_chinese(admin_client, make_policy):
    make_policy("江岭市统计调查对象权益保障办法", live=False, doc_type="normative")
    for url, app in EXPORTS:
        if app and not apps.is_installed(app):
            continue
        response = admin_client.get(url, {"export": "csv"})
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/csv; charset=utf-8", url
        content = b"".join(response.streaming_content)
        assert content.startswith(BOM), url
        text = content[len(BOM) :].decode("utf-8")
        assert not text.startswith("\ufeff"), url  # one BOM, not two
        rows = list(csv.reader(io.StringIO(text)))
        assert rows and rows[0][0], url  # a heading row

        if url == "/admin/reports/bundles/":
            assert rows[0][:2] == ["标题", "发文机关"]
            assert "江岭市统计调查对象权益保障办法" in {row[0] for row in rows[1:]}


def _csv_rows(response):
    text = b"".join(response.streaming_content)[len(BOM) :].decode("utf-8")
    return list(csv.reader(io.StringIO(text)))


def test_workflow_exports_have_chinese_headings_and_beijing_time(
    admin_client, bundle, drafter, reviewers
):
    policy, _interpretation = bundle
    submit(policy, drafter)
    started = WorkflowState.objects.get().created_at
    for url in ("/admin/reports/workflow/", "/admin/reports/workflow_tasks/"):
        rows = _csv_rows(admin_client.get(url, {"export": "csv"}))
        headings = rows[0]
        assert not [h for h in headings if re.search("[A-Za-z]", h.replace("ID", ""))], headings
        assert {"工作流", "请求人"} & set(headings) or "任务" in headings, (url, headings)
    rows = _csv_rows(admin_client.get("/admin/reports/workflow/", {"export": "csv"}))
    started_at = rows[1][rows[0].index("开始于")]
    assert started_at == timezone.localtime(started).strftime("%Y-%m-%d %H:%M:%S")


def test_an_xlsx_export_holds_local_time(admin_client, bundle, drafter, reviewers):
    policy, _interpretation = bundle
    submit(policy, drafter)
    started = WorkflowState.objects.get().created_at
    response = admin_client.get("/admin/reports/workflow/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headings = [cell.value for cell in sheet[1]]
    value = sheet.cell(row=2, column=headings.index("开始于") + 1).value
    assert value == timezone.localtime(started).replace(microsecond=0, tzinfo=None)


def test_the_admin_page_search_counts_pages_and_page_types_name_their_app(
    admin_client, make_policy
):
    make_policy("江岭市统计调查对象权益保障办法")
    response = admin_client.get("/admin/pages/search/", {"q": "统计"})
    text = response.content.decode()
    assert "个None" not in text
    assert "共 1 个页面" in text
    usage = admin_client.get("/admin/reports/page-types-usage/").content.decode()
    assert "cms.policypage" not in usage
    assert "政策文件库" in usage


def test_the_account_page_offers_no_english_zone_list(admin_client):
    text = admin_client.get("/admin/account/").content.decode()
    assert "localtime" not in text
    assert "Asia/" not in text
