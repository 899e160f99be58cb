"""What plugins declare to the core through hooks rather than core registries: their
outbox event kinds."""

import pytest
from django.apps import apps

from cms.extend.hookspecs import hookimpl
from cms.models import OutboxEvent
from cms.models.outbox import event_kinds


class Archive:
    @hookimpl
    def event_kinds(self):
        return {"example.reviewed": "reviewed by the archive", "bundle.published": "taken"}


def test_a_plugin_declares_its_event_kinds_beside_the_cores(plugin):
    plugin(Archive(), "example")
    kinds = dict(event_kinds())
    assert kinds["example.reviewed"] == "reviewed by the archive"
    assert kinds["bundle.published"] == OutboxEvent.Kind.PUBLISHED.label  # the core keeps it
    assert OutboxEvent(kind="example.reviewed").get_kind_display() == "reviewed by the archive"
    assert OutboxEvent(kind="other.kind").get_kind_display() == "other.kind"


@pytest.mark.skipif(not apps.is_installed("plugins.validity"), reason="validity not enabled")
def test_the_validity_plugin_declares_validity_changed():
    assert "validity.changed" in dict(event_kinds())
    assert "validity.changed" not in OutboxEvent.Kind.values
