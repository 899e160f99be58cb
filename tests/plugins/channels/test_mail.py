"""Issue 24.4: every kind of event gets its own mail or none; a validity change of a live
policy is never mailed as a withdrawal."""

from datetime import date

import pytest
from django.apps import apps
from django.core import mail

from cms.delivery import outbox
from cms.models import Delivery, OutboxEvent, PolicyPage
from cms.review import bundle as bundles
from plugins.channels.models import MailSubscription

TITLE = "统计调查试行办法"


@pytest.fixture
def reader(db):
    return MailSubscription.objects.create(name="读者", email="reader@example.org")


@pytest.fixture
def policy(make_policy, reader, django_capture_on_commit_callbacks, time_machine):
    """A normative document expiring on 31 March 2026, published as the bundle is, on its
    last day (its publication mails 新发布政策)."""
    time_machine.move_to("2026-03-31 10:00 +08:00")
    policy = make_policy(TITLE, live=False, doc_type="normative", doc_number="测统规〔2024〕1号")
    if apps.is_installed("plugins.validity"):
        from plugins.validity.models import ValidityTerms

        draft = policy.get_latest_revision_as_object()
        draft.validity_terms = [
            ValidityTerms(effective_from=date(2024, 4, 1), expires_on=date(2026, 3, 31))
        ]
        draft.save_revision()
    with django_capture_on_commit_callbacks(execute=True):
        bundles.publish_bundle(PolicyPage.objects.get(pk=policy.pk))
    return PolicyPage.objects.get(pk=policy.pk)


def test_a_publication_is_mailed_as_new(policy):
    [message] = mail.outbox
    assert message.subject == f"新发布政策：{TITLE}"
    assert policy.get_full_url() in message.body and "撤回" not in message.body


@pytest.mark.skipif(not apps.is_installed("plugins.validity"), reason="validity plugin off")
def test_a_validity_change_is_mailed_as_such_not_as_a_withdrawal(
    policy, time_machine, django_capture_on_commit_callbacks
):
    from plugins.validity.tasks import refresh_validity

    mail.outbox.clear()
    time_machine.move_to("2026-03-31 16:05 +00:00")  # 00:05 on 1 April in Shanghai
    with django_capture_on_commit_callbacks(execute=True):
        assert refresh_validity() == 1
    event = OutboxEvent.objects.get(kind="validity.changed")
    assert event.payload["validity"]["to"] == "expired"
    [message] = mail.outbox
    assert message.subject == f"政策效力变更：{TITLE}"
    assert "撤回" not in message.subject + message.body
    assert "自 2026-04-01 起，本文件的效力由“现行有效”变更为“已失效”。" in message.body
    assert policy.get_full_url() in message.body  # still on the site


def test_a_withdrawal_is_mailed_as_a_withdrawal(policy, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bundles.withdraw_bundle(PolicyPage.objects.get(pk=policy.pk))
    [message] = mail.outbox
    assert message.subject == f"政策撤回：{TITLE}"
    assert f"政策“{TITLE}”已从网站撤回。" in message.body


def test_an_event_of_another_kind_is_not_mailed(policy, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = outbox.record_event(policy, "example.reviewed")
    assert event is not None
    assert not Delivery.objects.filter(event=event, channel="mail").exists()
    assert mail.outbox == []
