"""The in-transaction hooks of a bundle's publication and withdrawal (bundle_publishing,
bundle_withdrawing), and the signal receivers that serve pages published outside a
bundle (docs/architecture.md#publishing)."""

import pytest

from cms.extend.hookspecs import hookimpl
from cms.models import OutboxEvent, PolicyPage, PublicationStamp
from cms.review import bundle as bundles
from interpretations.models import InterpretationPage


class Witness:
    """Records what a plugin sees inside the bundle's transaction."""

    def __init__(self):
        self.calls = []

    def _seen(self, moment, policy, members):
        events = OutboxEvent.objects.filter(policy_id=policy.pk, kind__startswith="bundle.")
        live = [page.pk for page in members if type(page).objects.get(pk=page.pk).live]
        self.calls.append((moment, policy.pk, [page.pk for page in members], live, events.count()))

    @hookimpl
    def bundle_publishing(self, policy, members):
        self._seen("publishing", policy, members)

    @hookimpl
    def bundle_withdrawing(self, policy, members):
        self._seen("withdrawing", policy, members)


def test_plugins_act_inside_the_transaction_once_the_members_moved_before_the_event(
    bundle, plugin, django_capture_on_commit_callbacks
):
    witness = Witness()
    plugin(witness, "witness")
    policy, interpretation = bundle
    ids = [policy.pk, interpretation.pk]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bundles.publish_bundle(PolicyPage.objects.get(pk=policy.pk))
        # Called before the commit, every member live, the event not written yet.
        assert witness.calls == [("publishing", policy.pk, ids, ids, 0)]
    assert callbacks  # the index and the outbox wait for the commit
    assert OutboxEvent.objects.filter(policy_id=policy.pk, kind="bundle.published").exists()

    bundles.withdraw_bundle(PolicyPage.objects.get(pk=policy.pk))
    assert witness.calls[-1] == ("withdrawing", policy.pk, ids, [], 1)
    assert OutboxEvent.objects.filter(policy_id=policy.pk, kind="bundle.withdrawn").exists()


class Failing:
    @hookimpl
    def bundle_publishing(self, policy):
        raise RuntimeError("the validity records are locked")


def test_a_failing_in_transaction_hook_rolls_the_publication_back(bundle, plugin):
    plugin(Failing(), "failing")
    policy, interpretation = bundle
    with pytest.raises(RuntimeError, match="locked"):
        bundles.publish_bundle(PolicyPage.objects.get(pk=policy.pk))
    assert not PolicyPage.objects.get(pk=policy.pk).live
    assert not InterpretationPage.objects.get(pk=interpretation.pk).live
    assert not OutboxEvent.objects.filter(policy_id=policy.pk).exists()


def test_a_page_published_outside_a_bundle_keeps_the_signal_effects(make_policy, plugin):
    witness = Witness()
    plugin(witness, "witness")
    policy = make_policy(live=False)
    version = PublicationStamp.current()[0]
    policy.get_latest_revision().publish()  # a page published on its own
    assert witness.calls == []  # no bundle moment
    assert PublicationStamp.current()[0] > version  # the receiver bumped the stamp
    policy.refresh_from_db()
    policy.unpublish()  # a shell's unpublish: the receiver writes the withdrawal
    assert witness.calls == []
    assert OutboxEvent.objects.filter(policy_id=policy.pk, kind="bundle.withdrawn").exists()


def test_a_bundle_moves_the_stamp_once_in_its_sequence(bundle):
    policy, _ = bundle
    version = PublicationStamp.current()[0]
    bundles.publish_bundle(PolicyPage.objects.get(pk=policy.pk))
    assert PublicationStamp.current()[0] == version + 1
