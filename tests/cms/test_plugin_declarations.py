"""What plugins declare to the core through hooks rather than core registries: their
outbox event kinds, readiness checks and the Django apps they need."""

import os
import subprocess
import sys
from pathlib import Path

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


class Catalogue:
    def __init__(self, up):
        self.up = up

    @hookimpl
    def readiness_checks(self):
        def catalogue():
            if not self.up:
                raise ConnectionError("catalogue.internal:8443 refused")
            return "in sync"

        return {"catalogue": catalogue}


def test_a_plugins_readiness_check_is_reported_by_readyz(client, db, plugin, settings, tmp_path):
    settings.SEARCH_EMBEDDED_PATH = tmp_path / "search"
    catalogue = Catalogue(up=True)
    plugin(catalogue, "example")
    response = client.get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["example:catalogue"]["detail"] == "in sync"
    catalogue.up = False
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["example:catalogue"] == {
        "ok": False,
        "detail": "ConnectionError",
        "ms": response.json()["checks"]["example:catalogue"]["ms"],
    }
    assert "catalogue.internal" not in response.content.decode()


def test_a_plugins_required_apps_are_installed_only_with_it():
    from cms.extend.plugin_manager import plugin_apps

    board = {"messageboard": "plugins.messageboard"}
    assert plugin_apps(board) == ["plugins.messageboard", "captcha"]
    assert plugin_apps({"channels": "plugins.channels"}) == ["plugins.channels"]
    assert plugin_apps({**board, "other": "plugins.messageboard"}).count("captcha") == 1
    assert apps.is_installed("captcha") == apps.is_installed("plugins.messageboard")


@pytest.mark.once  # a fresh interpreter with its own settings: the lane does not matter
def test_the_core_settings_install_no_plugins_app():
    root = Path(__file__).resolve().parents[2]
    code = "import django; django.setup(); from django.conf import settings as s;"
    code += "print('captcha' in s.INSTALLED_APPS)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "policy_cms.settings.test"}
    for plugins, installed in [("channels", "False"), ("messageboard", "True")]:
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=root,
            env={**env, "POLICY_PLUGINS": plugins},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.stdout.strip() == installed, result.stderr


class Listener:
    def __init__(self):
        self.calls = []

    @hookimpl
    def bundle_withdrawn(self, event):
        self.calls.append(event.kind)


def test_an_event_of_a_plugins_kind_calls_no_bundle_hook(
    make_policy, plugin, django_capture_on_commit_callbacks
):
    from cms.delivery.outbox import record_event

    plugin(Archive(), "example")
    listener = Listener()
    plugin(listener, "listener")
    policy = make_policy()
    with django_capture_on_commit_callbacks(execute=True):
        event = record_event(policy, "example.reviewed")
    assert event is not None and OutboxEvent.objects.get(pk=event.pk).dispatched_at
    assert listener.calls == []  # the policy was not withdrawn
