"""An import stopped right after a batch commits: the batch and the run's note commit
together, and what it committed but did not live to index is indexed when the run
continues (``PendingIndex``, the outbox pattern); Ctrl-C says so in a sentence."""

import json

import pytest
from django.core.management import call_command

from cms.importing import runs as import_runs
from cms.importing.runs import import_file
from cms.models import ImportCheckpoint, PendingIndex, PolicyPage
from search.backends import get_backend
from search.indexing import sweep_pending
from tests.cms.test_import_files import row


@pytest.fixture
def policies_file(division, tmp_path):
    get_backend().reset()
    path = tmp_path / "policies.jsonl"
    lines = [json.dumps({**row(n), "topics": ["统计"]}, ensure_ascii=False) for n in range(1, 9)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def found(client) -> int:
    return client.get("/api/v1/search", {"q": "统计工作", "page_size": 50}).json()["total"]


def test_a_batch_whose_indexing_task_died_with_the_run_is_found_after_it_continues(
    policies_file, client, django_capture_on_commit_callbacks
):
    def stop_after_first_batch(number):
        raise KeyboardInterrupt

    # The process dies once the first batch committed: no after-commit task ran.
    with django_capture_on_commit_callbacks(execute=False), pytest.raises(KeyboardInterrupt):
        import_file(policies_file, publish=True, progress=stop_after_first_batch, batch_size=4)
    assert PolicyPage.objects.live().count() == 4
    assert ImportCheckpoint.objects.get().line == 4
    assert found(client) == 0
    assert PendingIndex.objects.count() == 4  # recorded with the batch

    with django_capture_on_commit_callbacks(execute=True):
        result, resumed_from = import_file(policies_file, publish=True, batch_size=4)
    assert resumed_from == 4
    assert (result.created, result.unchanged, result.failed) == (8, 0, 0)
    assert found(client) == 8
    assert not PendingIndex.objects.exists()


def test_a_run_stopped_between_a_batch_and_its_note_continues_before_the_batch(
    policies_file, client, django_capture_on_commit_callbacks, monkeypatch
):
    def stopped(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(import_runs, "save", stopped)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(KeyboardInterrupt):
        import_file(policies_file, publish=True, batch_size=4)
    # Neither the batch nor its note: they commit together.
    assert not PolicyPage.objects.exists()
    assert ImportCheckpoint.objects.get().line == 0
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=True):
        result, _resumed_from = import_file(policies_file, publish=True, batch_size=4)
    assert (result.created, result.unchanged) == (8, 0)  # not 4 "unchanged"
    assert found(client) == 8


def test_the_beat_sweep_leaves_young_rows_to_their_own_task(
    policies_file, client, django_capture_on_commit_callbacks, settings
):
    settings.SEARCH_SWEEP_GRACE_SECONDS = 3600
    with django_capture_on_commit_callbacks(execute=False):
        import_file(policies_file, publish=True, batch_size=4)
    assert sweep_pending() == 0 and PendingIndex.objects.count() == 8
    assert sweep_pending(grace_seconds=0) == 8
    assert found(client) == 8 and not PendingIndex.objects.exists()


def test_ctrl_c_prints_a_sentence_not_a_traceback(policies_file, capsys, monkeypatch):
    from cms.management.commands import import_policies

    def interrupted(self, number):
        raise KeyboardInterrupt

    monkeypatch.setattr(import_policies.Progress, "__call__", interrupted)
    with pytest.raises(SystemExit) as stopped:
        call_command("import_policies", str(policies_file), "--publish", "--batch-size", "4")
    assert stopped.value.code == 130
    err = capsys.readouterr().err
    assert "导入已中断。已导入的内容均已保存；再次运行同一命令，将从中断处继续。" in err
    assert "Traceback" not in err
