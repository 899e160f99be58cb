"""The outbox (docs/architecture.md#delivery): events with the change, deliveries with
retries, no duplicates."""

import json
import time
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cms.delivery import outbox
from cms.models import Delivery, OutboxEvent, PolicyPage
from cms.review import bundle as bundles
from plugins.channels.models import MailSubscription, WebhookSubscription
from plugins.channels.webhooks import verify_signature
from policy_cms.celery import app
from tests.conftest import BROKER_URL, celery_broker, publish_reviewed

SECRET = "s3cret-for-tests"


@pytest.fixture
def subscription(webhook_receiver, db):
    return WebhookSubscription.objects.create(
        name="省政策库", url=webhook_receiver.url, secret=SECRET
    )


def publish(bundle, drafter, reviewers, capture):
    policy, _interpretation = bundle
    with capture(execute=True):
        return publish_reviewed(policy, drafter, reviewers)


def later(seconds):
    return timezone.now() + timedelta(seconds=seconds)


def sweep_at(when):
    """The periodic sweep as beat runs it at `when` (the tasks it queues see that clock)."""
    with time_machine.travel(when, tick=False):
        return outbox.sweep()


def test_publishing_writes_one_event_with_the_bundle(
    bundle, drafter, reviewers, subscription, webhook_receiver, django_capture_on_commit_callbacks
):
    policy = publish(bundle, drafter, reviewers, django_capture_on_commit_callbacks)

    event = OutboxEvent.objects.get()
    assert event.kind == OutboxEvent.Kind.PUBLISHED and event.policy_id == policy.pk
    assert event.dispatched_at is not None
    payload = event.payload["policy"]
    assert payload["title"] == policy.title and payload["index_number"] == policy.index_number
    assert [i["title"] for i in payload["interpretations"]] == [bundle[1].title]
    assert payload["url"].endswith(policy.url)

    [request] = webhook_receiver.requests
    headers = request["headers"]
    assert verify_signature(SECRET, request["body"], headers["X-PolicyCMS-Signature"])
    assert not verify_signature("wrong", request["body"], headers["X-PolicyCMS-Signature"])
    assert headers["X-PolicyCMS-Event"] == "bundle.published"
    assert json.loads(request["body"])["policy"]["interpretations"][0]["url"]
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.DELIVERED and delivery.response == "HTTP 200"
    assert headers["X-PolicyCMS-Delivery"] == str(delivery.idempotency_key)


def test_a_publication_that_rolls_back_leaves_no_event(bundle, drafter, reviewers, monkeypatch):
    policy, _ = bundle
    from tests.conftest import act, submit

    submit(policy, drafter)
    for reviewer in reviewers[:3]:
        act(policy, reviewer)
    monkeypatch.setattr(
        bundles, "_publish_members", lambda *a: (_ for _ in ()).throw(RuntimeError("disk full"))
    )
    with pytest.raises(RuntimeError):
        act(policy, reviewers[3])
    assert not OutboxEvent.objects.exists()


def test_500_then_200_is_delivered_once(
    bundle, drafter, reviewers, subscription, webhook_receiver, django_capture_on_commit_callbacks
):
    webhook_receiver.statuses = [500]
    publish(bundle, drafter, reviewers, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == 1
    assert "HTTP 500" in delivery.last_error
    assert delivery.next_attempt_at > timezone.now()

    # Not due yet: the sweep leaves it alone.
    with django_capture_on_commit_callbacks(execute=True):
        outbox.sweep()
    assert len(webhook_receiver.requests) == 1

    sweep_at(delivery.next_attempt_at + timedelta(seconds=1))
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED and delivery.attempts == 2

    # Delivered is final: neither the sweep nor a second dispatch sends it again.
    sweep_at(later(10**6))
    assert outbox.dispatch(delivery.event_id) == []
    assert [r["status"] for r in webhook_receiver.requests] == [500, 200]
    keys = {r["headers"]["X-PolicyCMS-Delivery"] for r in webhook_receiver.requests}
    assert keys == {str(delivery.idempotency_key)}


def test_backoff_doubles_up_to_the_cap(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 30
    settings.OUTBOX_RETRY_MAX_SECONDS = 100
    assert [outbox.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 100, 100]


def test_a_subscriber_down_for_good_is_dead_then_retried_from_the_admin(
    bundle,
    drafter,
    reviewers,
    subscription,
    webhook_receiver,
    django_capture_on_commit_callbacks,
    settings,
    admin_client,
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    webhook_receiver.default_status = 503
    publish(bundle, drafter, reviewers, django_capture_on_commit_callbacks)
    for hours in (1, 2):
        sweep_at(later(hours * 3600))
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.DEAD and delivery.attempts == 3
    sweep_at(later(10**6))
    assert len(webhook_receiver.requests) == 3  # dead stays dead

    log = admin_client.get("/admin/reports/deliveries/?state=dead")
    assert log.status_code == 200
    assert "HTTP 503" in log.content.decode() and subscription.name in log.content.decode()

    webhook_receiver.default_status = 200
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/deliveries/{delivery.pk}/retry/")
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.DELIVERED
    assert len(webhook_receiver.requests) == 4
    assert delivery.event.policy.get_latest_revision  # the retry is in the policy's log
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(action="policy_cms.delivery.retry").exists()


def test_only_admins_with_the_permission_retry(client, drafter, bundle):
    client.force_login(drafter)
    assert client.get("/admin/reports/deliveries/").status_code == 302


@pytest.fixture
def broker_down():
    """Celery pointed at a port where nothing listens, as when Redis is down."""
    with celery_broker(
        "redis://127.0.0.1:1/0",
        task_publish_retry=False,
        broker_connection_retry=False,
        broker_connection_timeout=1,
    ):
        yield


def test_broker_down_at_publish_is_delivered_later_by_the_sweep(
    bundle,
    drafter,
    reviewers,
    subscription,
    webhook_receiver,
    django_capture_on_commit_callbacks,
    broker_down,
):
    policy = publish(bundle, drafter, reviewers, django_capture_on_commit_callbacks)
    assert policy.live  # publishing never waits for the broker
    event = OutboxEvent.objects.get()
    assert event.dispatched_at is None and not Delivery.objects.exists()
    assert webhook_receiver.requests == []

    # The broker is back; the beat task's sweep finds the event.
    app.conf.update(task_always_eager=True)
    assert outbox.sweep()["events"] == 0  # too young: its own task may still be on the way
    sweep_at(later(600))
    event.refresh_from_db()
    assert event.dispatched_at is not None
    assert Delivery.objects.get().state == Delivery.State.DELIVERED
    assert len(webhook_receiver.requests) == 1


def test_scheduled_and_command_line_publishing_deliver(
    bundle,
    drafter,
    reviewers,
    subscription,
    webhook_receiver,
    django_capture_on_commit_callbacks,
    agency,
):
    policy, _ = bundle
    draft = policy.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + timedelta(hours=1)
    draft.save_revision(user=drafter)
    with django_capture_on_commit_callbacks(execute=True):
        publish_reviewed(policy, drafter, reviewers)
    assert webhook_receiver.requests == []  # scheduled, not published
    with (
        time_machine.travel(later(7200), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert bundles.publish_due_bundles() == 1
    assert len(webhook_receiver.requests) == 1

    from cms.importing.importer import import_policies

    line = json.dumps(
        {
            "agency": agency.name,
            "division": "综合处",
            "title": "命令行导入并发布的通知",
            "doc_number": "测统〔2024〕9号",
            "doc_type": "notice",
            "issued_on": "2024-05-01",
            "body": "<p>正文</p>",
        },
        ensure_ascii=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert import_policies([line], publish=True, notify=True).created == 1
    with django_capture_on_commit_callbacks(execute=True):
        import_policies([line], publish=True, notify=True)  # unchanged: nothing new to tell
    quiet = line.replace("9号", "10号").replace("命令行", "迁移")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_policies([quiet], publish=True).created == 1  # a migration: no news
    titles = [json.loads(r["body"])["policy"]["title"] for r in webhook_receiver.requests]
    assert titles == [policy.title, "命令行导入并发布的通知"]


def test_withdrawal_is_delivered(
    client,
    bundle,
    drafter,
    reviewers,
    subscription,
    webhook_receiver,
    django_capture_on_commit_callbacks,
):
    policy = publish(bundle, drafter, reviewers, django_capture_on_commit_callbacks)
    client.force_login(reviewers[3])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{policy.pk}/unpublish/")
    assert not PolicyPage.objects.get(pk=policy.pk).live
    events = [r["headers"]["X-PolicyCMS-Event"] for r in webhook_receiver.requests]
    assert events == ["bundle.published", "bundle.withdrawn"]
    withdrawn = json.loads(webhook_receiver.requests[1]["body"])
    assert withdrawn["policy"]["url"] is None and withdrawn["policy"]["interpretations"] == []


def test_non_proactive_bundles_never_reach_a_channel(
    make_policy, subscription, webhook_receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy(
            "依申请公开的文件", live=False, disclosure="on_request", disclosure_reason="第二十条"
        )
        bundles.publish_bundle(policy)
    assert PolicyPage.objects.get(pk=policy.pk).live
    assert not OutboxEvent.objects.exists() and webhook_receiver.requests == []


def test_subscribers_get_only_their_topics_and_mail_is_sent(
    make_policy, webhook_receiver, django_capture_on_commit_callbacks
):
    jobs = WebhookSubscription.objects.create(name="就业", url=webhook_receiver.url, secret=SECRET)
    jobs.topics.add("就业")
    jobs.save()
    reader = MailSubscription.objects.create(name="读者", email="reader@example.org")
    reader.topics.add("统计")
    reader.save()
    MailSubscription.objects.create(name="停用", email="off@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy("关于统计调查的通知", live=False)
        policy.topics.add("统计")
        policy.save_revision()
        bundles.publish_bundle(policy)

    assert webhook_receiver.requests == []  # 就业 only
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert "关于统计调查的通知" in message.subject
    assert PolicyPage.objects.get(pk=policy.pk).get_full_url() in message.body
    delivery = Delivery.objects.get(channel="mail")
    assert message.extra_headers["X-PolicyCMS-Delivery"] == str(delivery.idempotency_key)


def test_a_webhook_subscribed_to_a_topic_gets_policies_filed_under_its_other_spelling(
    make_policy, webhook_receiver, django_capture_on_commit_callbacks
):
    """A subscriber chose 就业创业; an imported policy is filed under 就業創業: the same
    topic, so it is posted (signed), and a policy of another topic is not."""
    jobs = WebhookSubscription.objects.create(name="就业", url=webhook_receiver.url, secret=SECRET)
    jobs.topics.add("就业创业")
    jobs.save()
    for title, topic in (("關於創業補貼的通知", "就業創業"), ("关于统计调查的通知", "统计")):
        with django_capture_on_commit_callbacks(execute=True):
            policy = make_policy(title, live=False)
            policy.topics.add(topic)
            policy.save_revision()
            bundles.publish_bundle(policy)
    [request] = webhook_receiver.requests
    body = json.loads(request["body"])
    assert body["policy"]["title"] == "關於創業補貼的通知"
    assert verify_signature(SECRET, request["body"], request["headers"]["X-PolicyCMS-Signature"])
    assert list(Delivery.objects.values_list("channel", "state")) == [("webhook", "delivered")]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_delivers_through_redis_and_retries_after_a_500(
    make_policy, webhook_receiver, settings
):
    """Publish → outbox → Redis → a real worker → 500 → backoff → 200, once."""
    from celery.contrib.testing.worker import start_worker

    settings.OUTBOX_RETRY_BASE_SECONDS = 1
    WebhookSubscription.objects.create(name="省政策库", url=webhook_receiver.url, secret=SECRET)
    webhook_receiver.statuses = [500]
    with (
        celery_broker(BROKER_URL) as worker_app,
        start_worker(worker_app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        policy = make_policy("经由 Celery 推送的通知", live=False)
        bundles.publish_bundle(policy)  # commits; the dispatch goes to Redis
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if Delivery.objects.filter(state=Delivery.State.DELIVERED).exists():
                break
            time.sleep(0.2)
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.DELIVERED and delivery.attempts == 2
    assert [r["status"] for r in webhook_receiver.requests] == [500, 200]
    assert OutboxEvent.objects.get().dispatched_at is not None


def test_deleting_a_live_policy_tells_the_channels_and_keeps_the_event(
    make_policy, subscription, webhook_receiver, django_capture_on_commit_callbacks
):
    policy = make_policy("将被删除的文件", live=False)
    with django_capture_on_commit_callbacks(execute=True):
        bundles.publish_bundle(policy)
    with django_capture_on_commit_callbacks(execute=True):
        PolicyPage.objects.get(pk=policy.pk).delete()
    assert not PolicyPage.objects.filter(pk=policy.pk).exists()
    withdrawn = OutboxEvent.objects.get(kind=OutboxEvent.Kind.WITHDRAWN)
    assert withdrawn.policy_id == policy.pk and withdrawn.policy is None
    assert [r["headers"]["X-PolicyCMS-Event"] for r in webhook_receiver.requests] == [
        "bundle.published",
        "bundle.withdrawn",
    ]
