"""The example plugin, installed with pip and enabled by POLICY_PLUGINS=builtin,example."""

import json

from django.conf import settings

from cms.extend import plugin_manager
from cms.models import Delivery, PolicyPage
from cms.review.bundle import publish_bundle, submission_findings
from policy_cms.celery import app


def findings_of(policy):
    return submission_findings(policy, policy.get_latest_revision_as_object())


def test_it_is_loaded_from_its_entry_point():
    assert plugin_manager.installed_plugins()["example"] == "policy_cms_example"
    assert "policy_cms_example" in settings.INSTALLED_APPS
    assert plugin_manager.pm.has_plugin("example") and plugin_manager.pm.has_plugin("channels")
    assert app.conf.beat_schedule["example:archive-report"]["task"] == (
        "policy_cms_example.tasks.archive_report"
    )


def test_its_check_returns_a_placeholder_title(make_policy):
    [finding] = [f for f in findings_of(make_policy("关于XXX工作的通知")) if f.check != "example"]
    assert finding.check == "example_placeholder" and finding.severity == "error"
    assert finding.excerpt == "XXX"
    assert not findings_of(make_policy("关于统计工作的通知"))


def test_its_channel_archives_each_publication_once(
    make_policy, archive, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish_bundle(make_policy("关于统计工作的通知"))
    [path] = archive.glob("*.json")
    assert json.loads(path.read_text())["policy"]["title"] == "关于统计工作的通知"
    delivery = Delivery.objects.get(channel="example-archive")
    assert delivery.state == Delivery.State.DELIVERED
    assert path.stem == str(delivery.idempotency_key)

    from policy_cms_example.tasks import archive_report

    assert archive_report.delay().get() == 1


def test_when_it_fails_it_blocks_submission_but_never_publishing(
    make_policy, archive, monkeypatch, django_capture_on_commit_callbacks
):
    from plugins.channels.models import MailSubscription

    monkeypatch.setenv("EXAMPLE_PLUGIN_FAIL", "1")
    MailSubscription.objects.create(name="读者", email="reader@example.org")
    policy = make_policy("关于统计工作的通知")

    [blocking] = [f for f in findings_of(policy) if f.check == "example"]
    assert blocking.severity == "error" and "example" in blocking.message

    with django_capture_on_commit_callbacks(execute=True):
        publish_bundle(policy)
    assert PolicyPage.objects.get(pk=policy.pk).live
    states = dict(Delivery.objects.values_list("channel", "state"))
    assert states == {"example-archive": "failed", "mail": "delivered"}
    assert "read-only" in Delivery.objects.get(channel="example-archive").last_error
