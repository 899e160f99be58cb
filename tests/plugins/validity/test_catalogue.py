"""The catalogue of normative documents in force, on its page, in the API and as XLSX."""

from io import BytesIO

from openpyxl import load_workbook

from tests.plugins.validity.conftest import record


def test_the_catalogue_lists_what_is_in_force_by_agency(normative, client, agency):
    old = normative("关于统计调查项目管理的规定")
    new = normative("统计调查项目管理办法", relations=[("repeals", old)])
    amended = normative("关于统计报表制度的规定")
    normative("关于修改统计报表制度的决定", relations=[("amends", amended)])
    normative("关于召开统计工作会议的通知", doc_type="notice")

    page = client.get("/validity/in-force/")
    html = page.content.decode()
    assert page.status_code == 200 and f"<h2>{agency.name}</h2>" in html
    assert "统计调查项目管理办法" in html and record(new).registration_number in html
    assert "关于统计报表制度的规定" in html and "已修改" in html  # in force as amended
    assert "关于统计调查项目管理的规定" not in html  # repealed
    assert "召开统计工作会议" not in html  # not a normative document

    api = client.get("/api/v1/validity/in-force").json()
    titles = {item["title"] for item in api["items"]}
    assert api["total"] == 3 and "关于统计调查项目管理的规定" not in titles
    assert {item["state"] for item in api["items"]} == {"in_force", "amended"}

    xlsx = client.get("/validity/in-force.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("发文机关", "标题") and len(rows) == 4
    assert {row[1] for row in rows[1:]} == titles
    assert all(row[8].startswith("http") for row in rows[1:])


def test_the_catalogue_table_stacks_into_labelled_rows_on_a_phone(normative, client):
    """Issue 24.18: on a phone /validity/in-force/ wrapped 有效性 one character a line; each
    row becomes a card whose cells carry their column's name."""
    import re
    from pathlib import Path

    from django.contrib.staticfiles import finders

    normative("统计调查项目管理办法")
    html = client.get("/validity/in-force/").content.decode()
    assert '<table class="validity-catalogue stacked-table">' in html
    row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", html, re.S).group(1)
    labels = re.findall(r'<td[^>]* data-label="([^"]+)"', row)
    assert labels == ["标题", "发文字号", "统一登记号", "施行日期", "有效期至", "有效性"]
    assert '<span class="badge badge-validity-in_force">现行有效</span>' in row

    css = Path(finders.find("cms/site.css")).read_text(encoding="utf-8")
    phone = css.split("@media (max-width: 760px) {\n  .stacked-table thead")[1].split("\n}")[0]
    assert "display: block" in phone and "content: attr(data-label)" in phone
    assert re.search(r"\.stacked-table td\.date, [^{]*\{ white-space: nowrap; \}", css)


def test_the_catalogue_is_paged_newest_first_and_filtered_by_agency(
    normative, client, agency, monkeypatch
):
    """Issue 31: the page lists twenty documents (two here), newest first, as the
    libraries page them; its queries do not grow with the catalogue."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cms.models import Agency
    from plugins.validity import catalogue

    monkeypatch.setattr(catalogue, "LIBRARY_PAGE_SIZE", 2)
    titles = [f"关于统计事项{n}的规定" for n in range(5)]
    for n, title in enumerate(titles):
        normative(title, issued_on=date(2024, 1, n + 1))
    newest = titles[::-1]

    def shown(url):
        html = client.get(url).content.decode()
        return [t for t in newest if t in html], html

    assert shown("/validity/in-force/")[0] == newest[:2]
    second, html = shown("/validity/in-force/?page=2")
    assert second == newest[2:4] and "<span>2 / 3</span>" in html
    assert 'href="?page=3"' in html and 'href="?page=1"' in html
    assert shown("/validity/in-force/?page=3")[0] == newest[4:]
    assert shown("/validity/in-force/?page=99")[0] == newest[4:]  # past the end: the last

    assert shown(f"/validity/in-force/?agency={agency.pk}&page=2")[0] == newest[2:4]
    other = Agency.objects.create(name="测试市财政局", short_name="测财", org_code="000014350")
    assert shown(f"/validity/in-force/?agency={other.pk}")[0] == []

    def queries():
        client.get("/validity/in-force/?page=3")  # the boundaries kept for this stamp
        with CaptureQueriesContext(connection) as read:
            assert client.get("/validity/in-force/?page=3").status_code == 200
        return len(read.captured_queries)

    few = queries()
    for n in range(5, 9):
        normative(f"关于统计事项{n}的规定", issued_on=date(2024, 2, n))
    assert queries() <= few


def test_a_catalogue_page_reads_its_rows_in_one_limited_query(normative, client):
    """Issue 31: a page of the catalogue is read along the issue-date index, its rows and
    their URLs in one query, the view restrictions and the libraries' URLs kept for the
    publication stamp; no read of the whole catalogue once the count is kept."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(3):
        normative(f"关于统计调查管理的规定（{n}）")
    client.get("/validity/in-force/")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/validity/in-force/").content.decode()
    sqls = [q["sql"] for q in captured.captured_queries]
    policies = [sql for sql in sqls if '"cms_policypage"' in sql]
    assert len(policies) == 1 and " LIMIT " in policies[0], policies
    assert not [sql for sql in sqls if "pageviewrestriction" in sql or "COUNT(" in sql]
    assert html.count("关于统计调查管理的规定（") == 3
