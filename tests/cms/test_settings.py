import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_production(**env):
    """Import the production settings in a fresh interpreter; return (exit code, stderr)."""
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", "import policy_cms.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result.returncode, result.stderr


GOOD = {
    "SECRET_KEY": "k" * 50,
    "ALLOWED_HOSTS": "policy.example.gov.cn",
    "DATABASE_URL": "postgres://cms@db:5432/cms",
}


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"SECRET_KEY": "demo-only-insecure-key-do-not-use-in-production"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3"}, "DATABASE_URL"),
    ],
)
def test_production_refuses_demo_configuration(override, message):
    code, stderr = _load_production(**{**GOOD, **override})
    assert code != 0
    assert "ImproperlyConfigured" in stderr and message in stderr


def test_production_starts_with_real_configuration():
    code, stderr = _load_production(**GOOD)
    assert code == 0, stderr


def test_every_message_is_translated():
    import polib

    catalogues = [*ROOT.glob("*/locale/zh_Hans/LC_MESSAGES/django.po")]
    catalogues += ROOT.glob("plugins/*/locale/zh_Hans/LC_MESSAGES/django.po")
    assert len(catalogues) >= 3
    for catalogue in catalogues:
        po = polib.pofile(str(catalogue))
        untranslated = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
        assert not untranslated, f"{catalogue}: {untranslated}"
        # Keyed by context too: one English word may be a state and a label (pgettext).
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr for e in polib.mofile(str(catalogue.with_suffix(".mo")))
        }
        source = {(e.msgctxt, e.msgid): e.msgstr for e in po.translated_entries()}
        assert compiled == source, f"{catalogue}: run compilemessages"


def test_each_database_has_its_own_embedded_index():
    """Another DATABASE_URL (or a demo database in another folder) never serves the
    index of the first: the default folder is named after the database."""
    from policy_cms.settings.base import database_key

    def key(url):
        import dj_database_url

        return database_key(dj_database_url.parse(url))

    demo = key("sqlite:////srv/a/db.sqlite3")
    assert demo == key("sqlite:////srv/a/db.sqlite3")
    assert demo.startswith("db-")
    assert demo != key("sqlite:////srv/b/db.sqlite3")
    assert key("postgres://u@db:5432/cms") != key("postgres://u@db:5432/cms2")
    assert key("postgres://u@db:5432/cms") != key("postgres://u@other:5432/cms")


@pytest.mark.once  # a fresh interpreter with its own settings: the lane does not matter
def test_the_deployment_check_reports_nothing_with_production_settings():
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    key = secrets.token_urlsafe(50)  # as deploy/env.example says to make one
    environment.update(
        GOOD, SECRET_KEY=key, DJANGO_SETTINGS_MODULE="policy_cms.settings.production"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_errors_go_to_sentry_only_with_a_dsn():
    client = "sentry_sdk.get_client()"
    check = (
        f"import policy_cms.settings.production, sentry_sdk; c = {client};"
        "print(c.is_active(), c.is_active() and c.options['send_default_pii'])"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    for dsn, expected in (
        ("https://public@sentry.example.gov.cn/1", "True False"),
        ("", "False False"),
    ):
        environment.update(GOOD, SENTRY_DSN=dsn)
        result = subprocess.run(
            [sys.executable, "-c", check], cwd=ROOT, env=environment, capture_output=True,
            text=True, timeout=60,
        )  # fmt: skip
        assert result.stdout.split() == expected.split(), result.stderr


def test_production_logs_one_json_object_a_line():
    code = (
        "import logging, logging.config, policy_cms.settings.production as s;"
        "logging.config.dictConfig(s.LOGGING);"
        "log = logging.getLogger('cms.test'); log.warning('导入 %d 行', 3)\n"
        "try:\n    1 / 0\nexcept ZeroDivisionError:\n    log.exception('失败')"
    )
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL"}}
    environment.pop("LOG_FORMAT", None)
    environment.update(GOOD)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True,
        text=True, timeout=60,
    )  # fmt: skip
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    assert lines[0]["message"] == "导入 3 行" and lines[0]["level"] == "WARNING"
    assert lines[0]["logger"] == "cms.test" and lines[0]["time"].endswith("+00:00")
    assert "ZeroDivisionError" in lines[1]["exception"]


@pytest.mark.once  # a fresh interpreter with its own settings: the lane does not matter
def test_the_demo_runs_without_debug_and_serves_its_own_media():
    """A visitor of the demo who follows a dead link meets the site's 404 page, not
    Django's technical page that lists every URL pattern; runserver --insecure serves the
    static files and the demo's own route the media."""
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment["DJANGO_SETTINGS_MODULE"] = "policy_cms.settings.demo"
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "import policy_cms.urls as urls;"
        "print(settings.DEBUG, settings.SERVE_MEDIA,"
        " any('media' in str(p.pattern) for p in urls.urlpatterns))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=environment,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True"]
