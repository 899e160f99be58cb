"""The annual report's counts come from the recorded history of a year's events."""

import re
from datetime import date

from plugins.validity.annual import annual_counts
from plugins.validity.tasks import refresh_validity


def _unlinked(html: str) -> str:
    """The page without its links (each count links to the documents it counts)."""
    return re.sub(r"</?a\b[^>]*>", "", html)


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
    assert "<td>1</td><td>0</td><td>1</td>" in _unlinked(html)


def test_an_old_site_imported_years_later_counts_each_change_in_its_own_year(
    division, agency, admin_client, time_machine
):
    """Issue 24.8: the history of an import is written in 2026, but a document that
    expired in 2018 counts as ended in 2018, one repealed by a 2016 decision in 2016."""
    import json

    from cms.importing.importer import import_policies
    from cms.models import PolicyPage

    def line(number, title, issued_on, **fields):
        data = {
            "title": title,
            "doc_number": f"测统规〔{issued_on[:4]}〕{number}号",
            "agency": agency.name,
            "division": division.name,
            "doc_type": "normative",
            "issued_on": issued_on,
            "body": "第一条 为了规范统计工作，制定本规定。",
        }
        return json.dumps({**data, **fields}, ensure_ascii=False)

    time_machine.move_to("2026-06-01 10:00 +08:00")
    result = import_policies(
        [
            line(1, "统计调查管理规定", "2013-09-03"),  # five years: last day 2018-09-02
            line(2, "统计报表管理规定", "2014-01-10", expires_on="2030-12-31"),
            line(3, "统计执法检查规定", "2015-03-01", expires_on="2030-12-31"),
            line(
                4, "关于废止《统计报表管理规定》的决定", "2016-05-01", repeals="测统规〔2014〕2号"
            ),
        ],
        publish=True,
    )
    assert (result.created, result.failed) == (4, 0), result.failures
    expired = PolicyPage.objects.get(title="统计调查管理规定")
    assert [(c.on, c.from_state, c.to_state) for c in expired.validity_changes.all()] == [
        (date(2013, 9, 3), "", "in_force"),
        (date(2018, 9, 3), "in_force", "expired"),
    ]
    repealed = PolicyPage.objects.get(title="统计报表管理规定")
    assert repealed.validity_changes.last().on == date(2016, 5, 1)

    def counts(year):
        return annual_counts(agency, year)["normative"]

    assert counts(2013) == {"issued": 1, "repealed": 0, "in_force": 1}
    assert counts(2016) == {"issued": 1, "repealed": 1, "in_force": 3}
    assert counts(2018) == {"issued": 0, "repealed": 1, "in_force": 2}
    # The decision (five years from 2016-05-01) lapsed in 2021; only the 2015 rule is left.
    assert counts(2021) == {"issued": 0, "repealed": 1, "in_force": 1}
    assert counts(2026) == {"issued": 0, "repealed": 0, "in_force": 1}

    html = admin_client.get(
        "/admin/validity/annual/", {"agency": agency.pk, "year": 2018}
    ).content.decode()
    assert "<td>0</td><td>1</td><td>2</td>" in _unlinked(html)
