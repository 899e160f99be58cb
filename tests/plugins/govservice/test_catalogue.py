"""The service catalogue from CSV or XLSX: good rows land, each bad row is named, the item
code is the key; and a migration's policies link to it by code."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from cms.importing.importer import import_policies
from cms.models import PolicyPage
from plugins.govservice.catalogue import RowError, import_catalogue
from plugins.govservice.models import ServiceItem

pytestmark = pytest.mark.django_db

HEADER = "事项编码,事项名称,实施部门,服务对象,办理地址,状态"


def row(n, **fields):
    values = {
        "code": f"11350200MB0001-XK-{n:03d}",
        "name": f"统计事项{n}",
        "department": "江岭市统计局",
        "audience": "法人",
        "url": f"https://zwfw.jiangling.gov.cn.example/item/{n}",
        "status": "在办",
    }
    values.update(fields)
    return ",".join(values.values())


def test_ten_good_rows_land_and_the_bad_one_is_named(tmp_path, capsys):
    lines = [HEADER, *(row(n) for n in range(1, 6)), row(99, url="javascript:alert(1)")]
    lines += [row(n) for n in range(6, 11)]
    path = tmp_path / "catalogue.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    call_command("import_service_items", str(path))
    out, err = capsys.readouterr()
    assert "新建 10，更新 0，未变 0，失败 1" in out
    assert "第 7 行" in err and "不是网址" in err
    assert ServiceItem.objects.count() == 10
    stored = ServiceItem.objects.get(code="11350200MB0001-XK-003")
    assert (stored.name, stored.audience, stored.status) == ("统计事项3", "organization", "active")

    call_command("import_service_items", str(path))
    assert "新建 0，更新 0，未变 10，失败 1" in capsys.readouterr()[0]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (row(2, name=""), "“事项名称”为空"),
        (row(2, audience="游客"), "服务对象“游客”无效"),
        (row(2, status="暂停"), "状态“暂停”无效"),
        (row(2, name="长" * 201), "超过 200 个字符"),
        (row(1, name="重复"), "已在第 2 行出现"),
    ],
)
def test_each_bad_row_has_a_reason(bad, reason):
    data = "\n".join([HEADER, row(1), bad]).encode()
    result = import_catalogue("catalogue.csv", data)
    assert (result.created, result.failed) == (1, 1)
    assert result.errors[0][0] == 3 and reason in result.errors[0][1]


def test_xlsx_and_gb18030_csv_and_english_headers_and_updates():
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "department", "audience", "url"])
    sheet.append(
        ["A-1", "政府信息公开申请", "江岭市人民政府办公室", "个人和法人", "https://a.example/1"]
    )
    sheet.append(
        ["A-2", "就业见习补贴申领", "江岭市人力资源和社会保障局", "", "https://a.example/2"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_catalogue("目录.xlsx", buffer.getvalue()).created == 2

    changed = "\n".join(
        [HEADER, "A-1,政府信息公开申请,江岭市人民政府办公室,个人和法人,https://b.example/1,在办"]
    )
    result = import_catalogue("目录.csv", changed.encode("gb18030"))
    assert (result.updated, result.failed) == (1, 0)
    assert ServiceItem.objects.get(code="A-1").url == "https://b.example/1"
    assert ServiceItem.objects.get(code="A-2").audience == "both"


def test_a_file_that_cannot_be_read_says_why():
    with pytest.raises(RowError, match="表头缺少"):
        import_catalogue("x.csv", "编号,名字\n1,2\n".encode())
    with pytest.raises(RowError, match=r"\.csv 或 \.xlsx"):
        import_catalogue("x.txt", b"")
    with pytest.raises(RowError, match="XLSX"):
        import_catalogue("x.xlsx", b"not a workbook")


def test_the_admin_upload_imports_and_lists_the_bad_rows(admin_client):
    data = "\n".join([HEADER, row(1), row(2, url="ftp://x")]).encode()
    upload = io.BytesIO(data)
    upload.name = "catalogue.csv"
    html = admin_client.post("/admin/govservice/import/", {"file": upload}).content.decode()
    assert "新建 1，更新 0，未变 0，失败 1" in html and "不是网址" in html
    assert ServiceItem.objects.filter(code="11350200MB0001-XK-001").exists()
    assert admin_client.get("/admin/snippets/govservice/serviceitem/").status_code == 200


def test_a_migration_links_policies_to_items_by_code(division):
    import_catalogue("c.csv", "\n".join([HEADER, row(1), row(2)]).encode())

    def line(services):
        return json.dumps(
            {
                "title": "江岭市统计调查项目管理办法",
                "doc_number": "江统规〔2013〕3号",
                "agency": "测试市统计局",
                "division": "综合处",
                "issued_on": "2013-04-12",
                "services": services,
            },
            ensure_ascii=False,
        )

    result = import_policies([line("11350200MB0001-XK-001、11350200MB0001-XK-002")], publish=True)
    assert result.created == 1
    policy = PolicyPage.objects.get(doc_number="江统规〔2013〕3号")
    assert [link.item.code for link in policy.service_links.all()] == [
        "11350200MB0001-XK-001",
        "11350200MB0001-XK-002",
    ]
    again = import_policies(
        [line(["11350200MB0001-XK-001", "11350200MB0001-XK-002"])], publish=True
    )
    assert again.unchanged == 1
    bad = import_policies([line(["11350200MB0001-XK-001", "NOPE"])], publish=True)
    assert bad.failed == 1 and "NOPE" in bad.errors[0][1]
