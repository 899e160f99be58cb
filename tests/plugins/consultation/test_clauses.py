"""Drafts split into clauses in each numbering style, and anchors that survive a redraft."""

from plugins.consultation.clauses import split_clauses
from tests.plugins.consultation.conftest import DRAFT


def test_articles_are_clauses_and_chapter_headings_are_not():
    parts = split_clauses("第一章 总则\n" + DRAFT.replace("第三条", "第三条　", 1) + "\n附件略")
    assert [p.label for p in parts] == ["第一条", "第二条", "第三条", "第四条"]
    assert parts[2].text.startswith("统计调查对象应当")
    assert parts[3].text.endswith("施行。\n附件略")  # a line that continues an article


def test_parts_and_items_are_clauses_labelled_by_their_part():
    text = (
        "为做好普查工作，提出如下意见。\n一、总体要求\n（一）指导思想。坚持依法统计。\n"
        "(二)基本原则。\n二、主要任务\n加强数据质量。"
    )
    parts = split_clauses(text)
    assert [p.label for p in parts] == ["", "一、", "一（一）", "一（二）", "二、"]
    assert parts[4].text == "主要任务\n加强数据质量。"


def test_unnumbered_text_is_split_by_paragraph():
    parts = split_clauses("第一段文字。\n\n第二段文字。\r\n第三段文字。")
    assert [p.text for p in parts] == ["第一段文字。", "第二段文字。", "第三段文字。"]
    assert all(p.label == "" for p in parts)


def test_an_inserted_clause_keeps_the_anchors_of_the_unchanged_ones():
    before = split_clauses(DRAFT)
    redraft = DRAFT.replace("第二条", "第二条 新增的规定。\n第三条", 1)
    redraft = redraft.replace("第三条 统计调查对象", "第四条 统计调查对象").replace(
        "第四条 本办法自", "第五条 本办法自"
    )
    after = split_clauses(redraft)
    assert [p.label for p in after] == ["第一条", "第二条", "第三条", "第四条", "第五条"]
    # Every clause kept its anchor, renumbered; the inserted one has a new one.
    assert [p.anchor for p in after if p.label != "第二条"] == [p.anchor for p in before]
    changed = split_clauses(DRAFT.replace("适用于本市", "适用于全市"))
    assert [a.anchor == b.anchor for a, b in zip(before, changed, strict=True)] == [
        True,
        False,
        True,
        True,
    ]


def test_blanks_and_full_width_do_not_change_an_anchor_and_repeats_are_told_apart():
    one = split_clauses("第一条 同样的话。\n第二条 同样的话。")
    two = split_clauses("第一条　同样的话。\n第二条 同样的 话。")
    assert one[0].anchor != one[1].anchor and one[1].anchor.endswith("-2")
    assert split_clauses("第一条 ＡＢＣ １２")[0].anchor == split_clauses("第一条 ABC12")[0].anchor
    assert two[1].anchor == one[1].anchor
