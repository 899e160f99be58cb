"""Indexing follows publishing, survives a failing engine, and rebuilds in bulk."""

import io

import pytest
from django.core.management import call_command

from search.backends import get_backend
from search.backends.embedded import EmbeddedBackend
from tests.search.test_behaviour import ids, search

pytestmark = pytest.mark.django_db


def test_editing_a_live_policy_updates_the_index(
    client, search_backend, publish_policy, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_policy("关于统计工作的通知")
    assert ids(search(client, q="统计工作")) == [policy.pk]
    with django_capture_on_commit_callbacks(execute=True):
        policy.title = "关于人口普查的通知"
        policy.save_revision().publish()
    assert search(client, q="统计工作")["total"] == 0
    assert ids(search(client, q="人口普查")) == [policy.pk]


def test_rebuild_replaces_the_index_and_searches_keep_working(
    client, search_backend, publish_policy
):
    # Published without running the on-commit tasks: only the rebuild indexes them.
    made = [publish_policy(f"第{n}号统计通知") for n in range(3)]
    publish_policy("未公开的统计通知", live=False)
    backend = get_backend()
    if search_backend != "embedded":
        before = backend.transport.indices_of(backend.alias)
    assert search(client, q="统计通知")["total"] == 0
    err, out = io.StringIO(), io.StringIO()
    call_command("search_index", "rebuild", stdout=out, stderr=err)
    assert "3" in out.getvalue()
    assert sorted(ids(search(client, q="统计通知"))) == sorted(p.pk for p in made)
    if search_backend != "embedded":
        after = backend.transport.indices_of(backend.alias)
        assert len(after) == 1 and after != before  # a new index behind the alias


def test_changes_made_during_a_rebuild_are_not_lost(
    client, search_backend, publish_policy, django_capture_on_commit_callbacks, monkeypatch
):
    from search import documents

    kept, withdrawn, edited = (publish_policy(f"第{n}号统计通知") for n in range(3))
    read = documents.documents

    def documents_changing_meanwhile():
        for number, document in enumerate(read()):
            yield document
            if number == 0:
                # The rebuild has read all three; these updates reach the old index.
                with django_capture_on_commit_callbacks(execute=True):
                    withdrawn.unpublish()
                    edited.title = "关于人口普查的通知"
                    edited.save_revision().publish()

    monkeypatch.setattr(documents, "documents", documents_changing_meanwhile)
    call_command("search_index", "rebuild", "--no-progress", stdout=io.StringIO())
    assert ids(search(client, q="统计通知")) == [kept.pk]
    assert ids(search(client, q="人口普查")) == [edited.pk]


def test_rebuild_of_the_embedded_index_leaves_open_readers_working(
    client, settings, tmp_path, publish_policy
):
    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    publish_policy("统计公报发布办法")
    reader = EmbeddedBackend(str(settings.SEARCH_EMBEDDED_PATH))
    call_command("search_index", "rebuild", "--no-progress", stdout=io.StringIO())
    from search.query import Query

    assert reader.search(Query(text="统计公报", tokens=("统计", "计公", "公报"))).total == 1
    call_command("search_index", "rebuild", "--no-progress", stdout=io.StringIO())
    # The reader notices the file was replaced and opens the new one.
    assert reader.search(Query(text="统计公报", tokens=("统计", "计公", "公报"))).total == 1


def _flaky(monkeypatch, backend, failures: int) -> list:
    original, calls = backend.index_documents, []

    def index_documents(documents):
        calls.append(1)
        if len(calls) <= failures:
            raise OSError("disk full")
        return original(documents)

    monkeypatch.setattr(backend, "index_documents", index_documents)
    return calls


def test_a_failing_engine_never_blocks_publishing_and_the_task_retries(
    client, settings, tmp_path, publish_policy, django_capture_on_commit_callbacks, monkeypatch
):
    from search.tasks import update_policies

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    calls = _flaky(monkeypatch, get_backend(), failures=1)
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_policy("关于统计执法的通知")
    policy.refresh_from_db()
    assert policy.live and calls == [1]
    assert search(client, q="统计执法")["total"] == 0
    # The task retries (a worker after a backoff: see the services test below).
    assert update_policies.apply(args=[[policy.pk]]).get() == 1
    assert ids(search(client, q="统计执法")) == [policy.pk]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_retries_indexing_until_the_engine_answers(
    client, settings, tmp_path, publish_policy, monkeypatch
):
    """Publish → Redis → a real worker → the engine fails → backoff → indexed."""
    import time

    from celery.contrib.testing.worker import start_worker

    from search.tasks import update_policies
    from tests.conftest import BROKER_URL, celery_broker

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    settings.API_RESPONSE_CACHE_SECONDS = 0
    calls = _flaky(monkeypatch, get_backend(), failures=1)
    monkeypatch.setattr(update_policies, "retry_backoff", 1)
    with (
        celery_broker(BROKER_URL) as worker_app,
        start_worker(worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        policy = publish_policy("经由 Celery 索引的统计通知")  # commits; the task goes to Redis
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and len(calls) < 2:
            time.sleep(0.2)
        time.sleep(0.5)
    assert len(calls) == 2
    assert ids(search(client, q="统计通知")) == [policy.pk]


def test_a_plugin_field_change_reaches_the_index_through_schedule(
    client, settings, tmp_path, publish_policy, plugin, django_capture_on_commit_callbacks
):
    from cms.extend.hookspecs import hookimpl
    from search.indexing import schedule

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    status = {"value": "in_force"}

    class Validity:
        @hookimpl
        def extra_search_fields(self, policy):
            return {"status": status["value"]}

    plugin(Validity(), "status_demo")
    with django_capture_on_commit_callbacks(execute=True):
        policy = publish_policy("统计资料管理规定")
    assert ids(search(client, q="统计资料", plugin="status_demo.status=in_force")) == [policy.pk]
    status["value"] = "repealed"  # a validity sweep, say: no publication
    with django_capture_on_commit_callbacks(execute=True):
        schedule(policy.pk)
    assert search(client, q="统计资料", plugin="status_demo.status=in_force")["total"] == 0
    assert ids(search(client, q="统计资料", plugin="status_demo.status=repealed")) == [policy.pk]


def test_what_one_transaction_schedules_goes_to_the_index_in_one_task(
    client, settings, tmp_path, publish_policy, django_capture_on_commit_callbacks, monkeypatch
):
    from django.db import transaction

    from search import indexing

    settings.SEARCH_BACKEND = "embedded"
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "index"
    sent = []
    real = indexing._queue
    monkeypatch.setattr(indexing, "_queue", lambda ids: (sent.append(ids), real(ids)))
    with django_capture_on_commit_callbacks(execute=True):
        made = [publish_policy(f"第{n}号统计通知") for n in range(3)]
        try:
            with transaction.atomic():
                indexing.schedule(999_999)  # rolled back below, and harmless if sent
                raise RuntimeError
        except RuntimeError:
            pass
    assert sorted(sent[0]) == sorted([p.pk for p in made] + [999_999]) and len(sent) == 1
    assert sorted(ids(search(client, q="统计通知"))) == sorted(p.pk for p in made)

    sent.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        indexing.schedule(made[0].pk)
    assert sent == [[made[0].pk]]  # nothing left over from before
