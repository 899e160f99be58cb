"""Lines the importer must name rather than misread: two lines for one document in one
file, and a line that is not valid UTF-8, in JSON Lines and in CSV, wherever it is."""

import json

from django.core.management import call_command

from cms.models import PolicyPage
from tests.cms.test_import_files import HEADER, row


def _jsonl(n, **fields):
    record = {**row(n), "topics": ["统计"], **fields}
    return json.dumps(record, ensure_ascii=False).encode()


def test_two_lines_with_one_document_number_are_named_not_overwritten(division, tmp_path, capsys):
    path = tmp_path / "policies.jsonl"
    lines = [_jsonl(1), _jsonl(2, title="第一版标题"), _jsonl(3), _jsonl(2, title="第二版标题")]
    path.write_bytes(b"\n".join(lines) + b"\n")
    # A document without a number is known by its title and date.
    path.write_bytes(
        path.read_bytes()
        + _jsonl(4, doc_number="", title="无文号")
        + b"\n"
        + _jsonl(5, doc_number="", title="无文号")
        + b"\n"
    )

    for expected in ("新建 4，更新 0，未变 0，失败 2", "新建 0，更新 0，未变 4，失败 2"):
        call_command("import_policies", str(path), "--publish")
        out, err = capsys.readouterr()
        assert expected in out
        assert "第 4 行：发文字号“测统〔2024〕2号”已在本文件第 2 行出现" in err
        assert "第 6 行：标题和成文日期相同的文件已在本文件第 5 行出现" in err
        policy = PolicyPage.objects.get(doc_number="测统〔2024〕2号")
        assert policy.title == "第一版标题"
        assert policy.revisions.count() == 1  # a re-run flips nothing back


def test_a_json_line_that_is_not_utf8_says_so(division, tmp_path, capsys):
    path = tmp_path / "policies.jsonl"
    bad = _jsonl(2).replace("第2号".encode(), b"\xff\xfe")
    path.write_bytes(b"\n".join([_jsonl(1), bad, _jsonl(3)]) + b"\n")
    call_command("import_policies", str(path), "--publish")
    out, err = capsys.readouterr()
    assert "新建 2，更新 0，未变 0，失败 1" in out
    assert "第 2 行：此行不是有效的 UTF-8 文本" in err
    assert "issued_on" not in err


def _csv_line(values: dict) -> bytes:
    return ",".join(values[k] for k in HEADER).encode()


def test_a_csv_line_that_is_not_utf8_says_so_also_past_the_first_256_kb(division, tmp_path, capsys):
    # Long bodies put the bad lines at the start and past the encoding sniff's window.
    long_body = "第一条 总则。" * 3000  # about 57 KB a line in UTF-8
    lines = [_csv_line(row(n, body=long_body)) for n in range(1, 9)]
    lines[1] = lines[1].replace("第2号".encode(), b"\xb5\xda2\xba\xc5")  # GB18030 bytes
    lines[6] = lines[6].replace("第7号".encode(), b"\xff")
    path = tmp_path / "old-site.csv"
    path.write_bytes(b"\n".join([",".join(HEADER).encode(), *lines]) + b"\n")
    assert len(b"\n".join(lines[:6])) > 256 * 1024

    call_command("import_policies", str(path), "--publish")
    out, err = capsys.readouterr()
    assert "新建 6，更新 0，未变 0，失败 2" in out
    assert "第 3 行：此行不是有效的 UTF-8 文本" in err
    assert "第 8 行：此行不是有效的 UTF-8 文本" in err
    assert "issued_on" not in err
    assert PolicyPage.objects.get(doc_number="测统〔2024〕8号").title == "关于统计工作的第8号通知"
