"""Every CSV export opens in Excel as UTF-8: a byte order mark first (issue 24.17)."""

import csv
import io

from django.apps import apps

from cms.admin_ui.csv_export import BOM

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
