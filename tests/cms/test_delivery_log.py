"""Issue 24.9: Reports → 投递记录 reads in Chinese, keeps long errors out of the way, counts
every attempt, and the demo's deliveries wait for its server."""

import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from cms.delivery import outbox
from cms.models import Delivery
from cms.review import bundle as bundles
from plugins.channels.models import MailSubscription, WebhookSubscription

LOG = "/admin/reports/deliveries/"


def cells(client, **query) -> list[str]:
    """The text of every cell of the log's table, as the admin shows it."""
    page = client.get(LOG, query).content.decode()
    return [text.strip() for text in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]


@pytest.fixture
def hook(webhook_receiver, db):
    return WebhookSubscription.objects.create(name="省政策库", url=webhook_receiver.url)


def publish(make_policy, capture, title="关于投递记录的通知"):
    with capture(execute=True):
        bundles.publish_bundle(make_policy(title, live=False))


def test_the_log_names_channels_and_results_in_chinese_and_cuts_long_errors(
    hook, webhook_receiver, make_policy, admin_client, django_capture_on_commit_callbacks
):
    MailSubscription.objects.create(name="读者", email="reader@example.org")
    webhook_receiver.default_status = 500
    publish(make_policy, django_capture_on_commit_callbacks)
    failed = Delivery.objects.get(channel="webhook")
    long_error = "连接被对方重置：" + "很长的错误说明" * 40
    Delivery.objects.filter(pk=failed.pk).update(last_error=long_error)

    shown = cells(admin_client)
    assert "mail" not in shown and "webhook" not in shown and "sent" not in shown
    assert {"邮件", "Webhook", "已发送", "已送达", "失败，将重试"} <= set(shown)
    # The long error: its start in the row, the whole text on demand.
    [outcome] = [cell for cell in shown if "很长的错误说明" in cell]
    assert outcome.startswith("<details><summary") and long_error[:60] + "…</summary>" in outcome
    assert outcome.count(long_error) == 1  # once, inside the details

    exported = b"".join(admin_client.get(LOG, {"export": "csv"}).streaming_content).decode()
    assert "邮件" in exported and "已送达" in exported

    only_mail = cells(admin_client, channel="mail")
    assert "已发送" in only_mail and not any("很长的错误说明" in cell for cell in only_mail)


def test_a_manual_retry_counts_on(
    hook,
    webhook_receiver,
    make_policy,
    admin_client,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    webhook_receiver.default_status = 503
    publish(make_policy, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    outbox.deliver(delivery.pk, now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("dead", 2)

    for attempts, state in ((3, "failed"), (4, "dead")):
        with django_capture_on_commit_callbacks(execute=True):
            if state == "failed":
                admin_client.post(f"/admin/deliveries/{delivery.pk}/retry/")
            else:
                outbox.deliver(delivery.pk, now=Delivery.objects.get().next_attempt_at)
        delivery.refresh_from_db()
        assert (delivery.attempts, delivery.state) == (attempts, state)

    webhook_receiver.default_status = 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(f"/admin/deliveries/{delivery.pk}/retry/")
    delivery.refresh_from_db()
    assert (delivery.attempts, delivery.state) == (5, "delivered")
    assert "5" in cells(admin_client)


def test_held_deliveries_wait_for_the_server_then_go(
    hook, webhook_receiver, make_policy, django_capture_on_commit_callbacks, capsys
):
    """What the demo does: load with deliveries held, then send once the server answers."""
    with outbox.held():
        publish(make_policy, django_capture_on_commit_callbacks)
    assert webhook_receiver.requests == []
    assert Delivery.objects.get().state == "pending"

    call_command("send_pending_deliveries", when_up=urlsplit(webhook_receiver.url).netloc)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response) == ("delivered", 1, "HTTP 200")
    assert len(webhook_receiver.requests) == 1
    assert "成功 1 条" in capsys.readouterr().out
