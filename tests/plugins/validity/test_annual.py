"""The annual report's counts come from the recorded history of a year's events."""

from datetime import date

from plugins.validity.annual import annual_counts
from plugins.validity.tasks import refresh_validity


def test_a_year_of_events_gives_every_cell(normative, agency, time_machine):
    def on(day):
        time_machine.move_to(f"{day} 10:00 +08:00")

    on("2023-05-01")
    normative("统计工作规定", issued_on=date(2023, 5, 1))  # in force throughout
    on("2024-01-05")
    expiring = normative("统计调查暂行办法", issued_on=date(2023, 1, 10))  # last day 2025-01-09
    on("2024-03-01")
    repealed = normative("统计报表管理规定", issued_on=date(2024, 3, 1))
    on("2024-04-01")
    amended = normative("统计执法规定", issued_on=date(2024, 4, 1))
    on("2024-05-01")
    restored = normative("统计信用规定", issued_on=date(2024, 5, 1))

    on("2025-01-10")
    refresh_validity()  # the provisional rules lapsed at the end of 9 January
    on("2025-02-01")
    normative("统计数据质量规定", issued_on=date(2025, 2, 1))
    on("2025-03-01")
    mistaken = normative("关于废止统计信用规定的决定", issued_on=date(2025, 3, 1),
                         relations=[("repeals", restored)])  # fmt: skip
    on("2025-03-01")
    normative("统计调查项目规定", issued_on=date(2025, 3, 1), doc_type="rule")
    on("2025-05-01")
    mistaken.unpublish()  # the repeal is undone: the document is in force again
    on("2025-06-01")
    normative("统计报表管理办法", issued_on=date(2025, 6, 1), relations=[("repeals", repealed)])
    on("2025-07-01")
    normative("关于修改统计执法规定的决定", issued_on=date(2025, 7, 1),
              relations=[("amends", amended)])  # fmt: skip
    on("2026-02-01")
    normative("统计公报规定", issued_on=date(2026, 2, 1))  # after the year: not counted

    assert annual_counts(agency, 2025) == {
        "rule": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative": {"issued": 3, "repealed": 2, "in_force": 6},
    }
    assert annual_counts(agency, 2024) == {
        "rule": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative": {"issued": 3, "repealed": 0, "in_force": 5},
    }
    assert expiring.validity_changes.last().to_state == "expired"


def test_the_annual_table_in_the_admin(normative, agency, admin_client, time_machine):
    time_machine.move_to("2025-06-01 10:00 +08:00")
    normative("统计工作规定", issued_on=date(2025, 5, 1))
    html = admin_client.get(
        "/admin/validity/annual/", {"agency": agency.pk, "year": 2025}
    ).content.decode()
    assert "行政规范性文件" in html and "规章" in html
    assert "<td>1</td><td>0</td><td>1</td>" in html
