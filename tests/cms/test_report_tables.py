"""The annual report's tables plugins count (hook annual_report_tables): collected by
(section, key) with their plugin's name, and laid out for a page's head and a spreadsheet."""

import pytest

from cms.extend import plugin_manager
from cms.extend.hookspecs import hookimpl
from cms.plugin_api import ReportCheck, ReportColumn, ReportRow, ReportTable


def _table(section="三", key="requests", failures=()):
    columns = (
        ReportColumn("person", "自然人"),
        ReportColumn("company", "商业企业", "法人或其他组织"),
        ReportColumn("other", "其他", "法人或其他组织"),
        ReportColumn("total", "总计"),
    )
    rows = (
        ReportRow("new", "一、本年新收", 0, {"person": 1, "company": 2, "other": 0, "total": 3}),
        ReportRow("handled", "三、本年度办理结果", 0),
        ReportRow("withheld", "（三）不予公开", 1),
        ReportRow("secret", "1.属于国家秘密", 2, {"person": 0, "company": 1, "total": 1}),
    )
    return ReportTable(section, key, "标题", columns, rows, (ReportCheck("勾稽", failures),))


class Counts:
    def __init__(self, *tables):
        self.tables = list(tables)

    @hookimpl
    def annual_report_tables(self, year, agency):
        assert (year, agency) == (2026, None)
        return self.tables


class Broken:
    @hookimpl
    def annual_report_tables(self, year):
        raise RuntimeError("down")


@pytest.mark.django_db  # a built-in plugin that counts reads its records
def test_tables_are_collected_by_section_and_key_first_plugin_first(plugin, caplog):
    plugin(Counts(_table("六", "x_fees"), _table("二", "x_decisions")), "a_counts")
    plugin(Counts(_table("六", "x_fees", failures=("不平",))), "b_counts")
    plugin(Broken(), "c_broken")
    tables = plugin_manager.annual_report_tables(2026, None)
    ours = {key: table for key, table in tables.items() if key[1].startswith("x_")}
    assert {key: table.source for key, table in ours.items()} == {
        ("六", "x_fees"): "a_counts",
        ("二", "x_decisions"): "a_counts",
    }
    assert ours["六", "x_fees"].passed
    assert "b_counts: table 六/x_fees is already counted" in caplog.text
    assert "c_broken" in caplog.text


def test_a_table_reads_its_cells_and_lays_out_its_head():
    table = _table(failures=("总计不平",))
    assert table.cell("new", "company") == 2 and table.cell("secret", "other") is None
    assert table.row("handled").is_heading and not table.passed
    head = [(h.label, h.colspan, h.rowspan) for h in table.column_groups()]
    assert head == [("自然人", 1, 2), ("法人或其他组织", 2, 1), ("总计", 1, 2)]
    assert [c.label for c in table.grouped_columns()] == ["商业企业", "其他"]
    assert table.lines() == [
        ["", "自然人", "法人或其他组织：商业企业", "法人或其他组织：其他", "总计"],
        ["一、本年新收", 1, 2, 0, 3],
        ["三、本年度办理结果", None, None, None, None],
        ["\u3000（三）不予公开", None, None, None, None],
        ["\u3000\u30001.属于国家秘密", 0, 1, None, 1],
    ]


def test_rows_laid_across_as_section_4_is():
    columns = (ReportColumn("upheld", "结果维持"), ReportColumn("total", "总计"))
    rows = (
        ReportRow("review", "行政复议", 0, {"upheld": 1, "total": 1}),
        ReportRow("litigation", "行政诉讼", 0),
        ReportRow("direct", "未经复议直接起诉", 1, {"upheld": 0, "total": 2}),
        ReportRow("after", "复议后起诉", 1, {"upheld": 3, "total": 3}),
    )
    table = ReportTable("四", "appeals", "四", columns, rows, across=True)
    top, middle, labels = table.across_head()
    assert [(h.label, h.colspan) for h in top] == [("行政复议", 2), ("行政诉讼", 4)]
    assert [(h.label, h.colspan, h.rowspan) for h in middle] == [
        ("结果维持", 1, 2),
        ("总计", 1, 2),
        ("未经复议直接起诉", 2, 1),
        ("复议后起诉", 2, 1),
    ]
    assert [h.label for h in labels] == ["结果维持", "总计"] * 2
    assert table.across_values() == [1, 1, 0, 2, 3, 3]
    flat = ReportTable("四", "x", "x", columns, rows[:1], across=True)
    assert [[h.label for h in line] for line in flat.across_head()] == [
        ["行政复议"],
        ["结果维持", "总计"],
    ]
