import time
from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import PolicyPage
from cms.tasks import publish_scheduled_pages
from policy_cms.celery import app


def _schedule(policy):
    policy.save_revision(approved_go_live_at=timezone.now() - timedelta(minutes=1))


def test_scheduled_policy_goes_live_in_process(make_policy):
    policy = make_policy("定时发布", live=False)
    _schedule(policy)
    publish_scheduled_pages.delay()
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.live and policy.index_number


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_scheduled_policy_goes_live_through_a_celery_worker(make_policy):
    """The beat task, sent through Redis and run by a real worker, publishes the page."""
    from celery.contrib.testing.worker import start_worker

    from tests.conftest import BROKER_URL

    policy = make_policy("经由 Celery 定时发布", live=False)
    _schedule(policy)
    app.conf.update(broker_url=BROKER_URL, task_always_eager=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            # An explicit connection: the app's producer pool may predate the broker change.
            with app.connection_for_write(BROKER_URL) as connection:
                publish_scheduled_pages.apply_async(connection=connection)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if PolicyPage.objects.filter(pk=policy.pk, live=True).exists():
                    break
                time.sleep(0.2)
    finally:
        app.conf.update(broker_url="memory://", task_always_eager=True)
    policy = PolicyPage.objects.get(pk=policy.pk)
    assert policy.live and policy.index_number
