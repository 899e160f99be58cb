import json

import pytest
from django.core.management import CommandError, call_command

from cms.importing.importer import import_policies
from cms.models import Agency, PolicyPage
from interpretations.models import InterpretationPage


def line(**fields):
    record = {
        "title": "关于加强统计数据质量管理的通知",
        "doc_number": "测统〔2024〕2号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "normative",
        "issued_on": "2024-05-01",
        "topics": ["统计", "数据质量"],
        "body": "第一条 总则。\n第二条 适用范围。",
    }
    record.update(fields)
    return json.dumps(record, ensure_ascii=False)


@pytest.fixture
def jsonl(tmp_path):
    def write(*lines):
        path = tmp_path / "policies.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    return write


def test_good_lines_import_and_bad_lines_are_named(division, jsonl, capsys):
    good = [line(doc_number=f"测统〔2024〕{n}号", title=f"第{n}号文件") for n in range(1, 11)]
    bad = line(doc_number="测统〔2024〕99号", issued_on="2024-02-30")
    path = jsonl(*good[:5], bad, *good[5:])

    call_command("import_policies", path, "--publish")

    out, err = capsys.readouterr()
    assert "新建 10，更新 0，未变 0，失败 1" in out
    assert "第 6 行" in err and "issued_on" in err
    assert PolicyPage.objects.live().count() == 10


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        ("{not json", "不是有效的 JSON"),
        ("[1, 2]", "每一行必须是一个 JSON 对象"),
        (line(title=""), "“title”为必填项"),
        (line(agency="不存在的局"), "未知的发文机关"),
        (line(division="不存在的处"), "没有名为"),
        (line(doc_type="memo"), "memo"),
        (line(disclosure="withheld"), "必须说明法定理由"),
        (line(title="长" * 300), "超过 255 个字符"),
        (line(topics=[1, 2]), "topics"),
        (line(interpretations=[{"form": "text"}]), "解读 1"),
    ],
)
def test_each_bad_line_has_a_reason(division, bad_line, reason):
    result = import_policies([line(doc_number="好"), bad_line], publish=False)
    assert result.created == 1
    assert result.failed == 1
    assert result.errors[0][0] == 2
    assert reason in result.errors[0][1]


def test_reimport_creates_no_duplicates(division, jsonl, capsys):
    path = jsonl(
        line(
            interpretations=[
                {"title": "解读", "form": "qa", "qa": [{"question": "问", "answer": "答"}]}
            ]
        ),
        line(doc_number="", title="无文号的通知", issued_on="2024-06-01"),
    )
    call_command("import_policies", path, "--publish")
    call_command("import_policies", path, "--publish")
    out, _ = capsys.readouterr()
    assert "新建 0，更新 0，未变 2，失败 0" in out
    assert PolicyPage.objects.count() == 2
    assert InterpretationPage.objects.count() == 1


def test_changed_line_updates_in_place(division):
    import_policies([line(summary="旧摘要")], publish=True)
    result = import_policies([line(summary="新摘要")], publish=True)
    assert (result.created, result.updated) == (0, 1)
    policy = PolicyPage.objects.get()
    assert policy.summary == "新摘要"
    assert policy.live and not policy.has_unpublished_changes


def test_without_doc_number_the_key_is_title_and_date(division):
    import_policies([line(doc_number="", issued_on="2024-01-01")], publish=False)
    result = import_policies([line(doc_number="", issued_on="2024-01-02")], publish=False)
    assert result.created == 1
    assert PolicyPage.objects.count() == 2


def test_html_is_sanitized(division):
    body = (
        '<p onclick="steal()">正文<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">坏链接</a><a href="https://example.gov.cn/">好链接</a>'
        "<iframe src=x></iframe><h2>标题</h2>"
    )
    import_policies([line(body=body)], publish=True)
    stored = PolicyPage.objects.get().body
    for forbidden in ("<script", "onclick", "javascript:", "<iframe", "alert(1)"):
        assert forbidden not in stored
    assert '<a href="https://example.gov.cn/">好链接</a>' in stored
    assert "<h2>标题</h2>" in stored


def test_plain_text_becomes_escaped_paragraphs(division):
    import_policies([line(body="第一段 a<b\n\n第二段")], publish=False)
    assert PolicyPage.objects.get().body == "<p>第一段 a&lt;b</p><p>第二段</p>"


def test_draft_flag_keeps_items_unpublished(division):
    import_policies([line(interpretations=[{"title": "解读", "body": "内容"}])], publish=False)
    assert not PolicyPage.objects.get().live
    assert not InterpretationPage.objects.get().live


def test_interpretations_are_children_of_their_policy(division):
    import_policies(
        [line(interpretations=[{"title": "图解", "form": "graphic"}, {"title": "文字解读"}])],
        publish=True,
    )
    policy = PolicyPage.objects.get()
    assert sorted(i.policy.pk for i in InterpretationPage.objects.all()) == [policy.pk] * 2


def test_create_missing_agencies(db):
    result = import_policies(
        [line(agency="新设的局", division="办公室")], publish=False, create_missing=True
    )
    assert result.created == 1
    assert Agency.objects.get(name="新设的局").library is not None


def test_a_file_of_only_bad_lines_fails_the_command(division, jsonl):
    with pytest.raises(CommandError, match="没有一行能够导入"):
        call_command("import_policies", jsonl("{", "[]"))


def test_missing_file_is_a_clear_error(db):
    with pytest.raises(CommandError, match="无法打开"):
        call_command("import_policies", "/nonexistent/policies.jsonl")
