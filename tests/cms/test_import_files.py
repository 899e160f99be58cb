"""Importing whole files: spreadsheets with the same per-row errors, progress in a log,
no news for subscribers unless asked, and a stopped run that continues where it left off."""

import json
import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from cms.importing.runs import import_file
from cms.models import ImportCheckpoint, OutboxEvent, PolicyPage
from interpretations.models import InterpretationPage

ROOT = Path(__file__).resolve().parents[2]
HEADER = ["title", "doc_number", "agency", "division", "doc_type", "issued_on", "topics", "body"]


def row(n, **fields):
    values = {
        "title": f"关于统计工作的第{n}号通知",
        "doc_number": f"测统〔2024〕{n}号",
        "agency": "测试市统计局",
        "division": "综合处",
        "doc_type": "notice",
        "issued_on": "2024-05-01",
        "topics": "统计、数据质量",
        "body": "第一条 总则。",
    }
    values.update(fields)
    return values


def test_a_csv_with_a_bad_row_imports_the_good_ones_and_names_the_bad(division, tmp_path, capsys):
    rows = [row(n) for n in range(1, 11)]
    rows.insert(4, row(99, issued_on="2024-02-30"))
    path = tmp_path / "old-site.csv"
    lines = [",".join(HEADER), *(",".join(r[k] for k in HEADER) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="gb18030")

    call_command("import_policies", str(path), "--publish")
    out, err = capsys.readouterr()
    assert "新建 10，更新 0，未变 0，失败 1" in out
    assert "第 6 行" in err and "issued_on" in err
    policy = PolicyPage.objects.get(doc_number="测统〔2024〕3号")
    assert policy.live and sorted(policy.topics.names()) == ["数据质量", "统计"]
    assert not OutboxEvent.objects.exists()  # a migration is no news to subscribers

    call_command("import_policies", str(path), "--publish")
    assert "新建 0，更新 0，未变 10，失败 1" in capsys.readouterr()[0]


def test_an_xlsx_with_dates_and_interpretations(division, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append([*HEADER, "interpretations"])
    qa = [{"title": "答记者问", "form": "qa", "qa": [{"question": "问", "answer": "答"}]}]
    first = row(1)
    sheet.append([*(first[k] for k in HEADER[:5]), date(2024, 5, 1), first["topics"], "正文",
                  json.dumps(qa, ensure_ascii=False)])  # fmt: skip
    second = row(2)
    sheet.append([*(second[k] for k in HEADER[:5]), date(2024, 6, 1), "", "正文", "[不是 JSON"])
    path = tmp_path / "old-site.xlsx"
    book.save(path)

    call_command("import_policies", str(path), "--publish", "--notify")
    out, err = capsys.readouterr()
    assert "新建 1，更新 0，未变 0，失败 1" in out
    assert "第 3 行" in err and "interpretations" in err
    policy = PolicyPage.objects.get(doc_number="测统〔2024〕1号")
    assert policy.issued_on == date(2024, 5, 1)
    stored = InterpretationPage.objects.child_of(policy).get()
    assert stored.get_latest_revision_as_object().body[0].block_type == "qa"
    assert OutboxEvent.objects.filter(kind="bundle.published").count() == 1  # --notify


def test_progress_is_a_line_every_n_records_in_a_log(division, tmp_path, capsys):
    path = tmp_path / "policies.jsonl"
    path.write_text(
        "\n".join(json.dumps(row(n), ensure_ascii=False) for n in range(1, 13)) + "\n",
        encoding="utf-8",
    )
    call_command("import_policies", str(path), "--progress-every", "5")
    err = capsys.readouterr()[1]
    progress = [line for line in err.splitlines() if "条/秒" in line]
    assert len(progress) == 2
    assert progress[0].startswith("已处理 5 行") and "共 12 行" in progress[0]


def test_a_stopped_run_continues_where_it_left_off(division, tmp_path, settings):
    """One by one: a note every 3 lines; lines done after the last are done again."""
    settings.IMPORT_CHECKPOINT_EVERY = 3
    path = tmp_path / "policies.jsonl"
    lines = [json.dumps(row(n), ensure_ascii=False) for n in range(1, 11)]
    lines[6] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def stop_at_8(number):
        if number == 8:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(path, publish=True, progress=stop_at_8, one_by_one=True)
    assert PolicyPage.objects.count() == 7  # lines 1-6 and 8 committed; line 7 failed
    assert ImportCheckpoint.objects.get().line == 6

    result, resumed_from = import_file(path, publish=True, one_by_one=True)
    assert resumed_from == 6
    assert (result.created, result.unchanged, result.failed) == (8, 1, 1)
    assert result.errors == [(7, result.errors[0][1])]  # named once, though tried twice
    assert PolicyPage.objects.live().count() == 9
    assert not ImportCheckpoint.objects.exists()
    again, resumed_from = import_file(path, publish=True)
    assert resumed_from == 0 and (again.created, again.unchanged) == (0, 9)


def test_a_stopped_fast_run_continues_after_its_last_batch(division, tmp_path, settings):
    """In batches: each committed batch is noted at once."""
    settings.IMPORT_CHECKPOINT_EVERY = 1000
    path = tmp_path / "policies.jsonl"
    lines = [json.dumps(row(n), ensure_ascii=False) for n in range(1, 12)]
    lines[6] = "{not json"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    def stop_at_6(number):
        if number == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_file(path, publish=True, progress=stop_at_6, batch_size=4)
    # Batches of lines 1-4 and 5, 6, 8, 9 (line 7 failed) committed.
    assert PolicyPage.objects.count() == 8
    assert ImportCheckpoint.objects.get().line == 9

    result, resumed_from = import_file(path, publish=True, batch_size=4)
    assert resumed_from == 9
    assert (result.created, result.unchanged, result.failed) == (10, 0, 1)
    assert [number for number, _reason in result.errors] == [7]
    assert PolicyPage.objects.live().count() == 10


def _manage(*args, env, **kwargs):
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def _pages(database: Path):
    import sqlite3

    with sqlite3.connect(database) as db:
        return db.execute(
            "SELECT p.title, p.live, p.has_unpublished_changes, c.doc_number, c.index_number,"
            " (SELECT count(*) FROM wagtailcore_revision r WHERE r.object_id = CAST(p.id AS TEXT))"
            " FROM wagtailcore_page p JOIN cms_policypage c ON c.page_ptr_id = p.id"
            " ORDER BY c.doc_number"
        ).fetchall()


@pytest.mark.once
def test_a_killed_import_run_again_ends_with_the_same_database(tmp_path):
    """A real process killed mid-run (as by a lost connection), then run again, ends as
    an uninterrupted run of the one-by-one path."""
    path = tmp_path / "policies.jsonl"
    records = [{**row(n), "agency": "江岭市统计局"} for n in range(1, 25)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    base = {"DJANGO_SETTINGS_MODULE": "policy_cms.settings.demo", "POLICY_PLUGINS": "channels"}
    empty = tmp_path / "empty.sqlite3"
    env = {**base, "DATABASE_URL": f"sqlite:///{empty}"}
    assert _manage("migrate", "--noinput", env=env).wait(timeout=600) == 0
    setup = "from cms.demo.load import _agencies, _home; _agencies(); _home()"
    assert _manage("shell", "-c", setup, env=env).wait(timeout=120) == 0

    def database(name):
        copy = tmp_path / name
        copy.write_bytes(empty.read_bytes())
        return copy, {**base, "DATABASE_URL": f"sqlite:///{copy}", "IMPORT_CHECKPOINT_EVERY": "5"}

    whole, whole_env = database("whole.sqlite3")
    run = _manage("import_policies", str(path), "--publish", "--one-by-one", env=whole_env)
    assert run.wait(timeout=600) == 0, run.stderr.read()

    stopped, stopped_env = database("stopped.sqlite3")
    fast = ["--publish", "--batch-size", "4"]
    run = _manage("import_policies", str(path), *fast, "--progress-every", "1", env=stopped_env)
    for line in run.stderr:
        if line.startswith("已处理 13 行"):
            run.send_signal(signal.SIGKILL)
            break
    run.wait(timeout=60)
    assert 0 < len(_pages(stopped)) < 24
    again = _manage("import_policies", str(path), *fast, env=stopped_env)
    out, err = again.communicate(timeout=600)
    assert again.returncode == 0, err
    assert "接着上次中断处" in out and "失败 0" in out
    assert _pages(stopped) == _pages(whole)
