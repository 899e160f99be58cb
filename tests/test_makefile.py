"""`make demo` on another PORT: every process it starts knows where the demo serves.

The Makefile runs here with a stand-in for the virtualenv's python, which records what
each command was started with; for runserver it reads the demo settings' base URL (the
one the admin's notification mails link to) in that very environment."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STAND_IN = """#!/bin/sh
case "$*" in
  *runserver*) base=$(cd {root} && PYTHONPATH={root} {python} -c \
"import policy_cms.settings.demo as s; print(s.WAGTAILADMIN_BASE_URL)") ;;
  *) base=- ;;
esac
echo "$SITE_BASE_URL|$base|$*" >> {log}
"""


def run_demo(tmp_path, **environment) -> list[list[str]]:
    if not shutil.which("make"):
        pytest.skip("make is not installed")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "log"
    python = venv / "bin" / "python"
    python.write_text(STAND_IN.format(root=ROOT, python=sys.executable, log=log))
    python.chmod(0o755)
    (venv / ".installed-stamp").touch()  # newer than pyproject.toml: no install
    env = {k: v for k, v in os.environ.items() if k not in {"SITE_BASE_URL", "PORT", "MAKEFLAGS"}}
    env.update(environment)
    result = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "demo", f"VENV={venv}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return [line.split("|") for line in log.read_text().splitlines()]


def test_the_demo_server_links_to_the_port_it_serves_on(tmp_path):
    calls = run_demo(tmp_path, PORT="8123")
    commands = [args for _, _, args in calls]
    assert commands[:2] == ["manage.py migrate --noinput", "manage.py load_demo"]
    assert "manage.py runserver 127.0.0.1:8123 --insecure" in commands
    assert {site for site, _, _ in calls} == {"http://127.0.0.1:8123"}
    served = next(call for call in calls if "runserver" in call[2])
    assert served[1] == "http://127.0.0.1:8123"  # what runserver's mails link to


def test_an_explicit_site_base_url_wins(tmp_path):
    calls = run_demo(tmp_path, PORT="8123", SITE_BASE_URL="https://demo.example.gov.cn")
    assert {site for site, _, _ in calls} == {"https://demo.example.gov.cn"}
    served = next(call for call in calls if "runserver" in call[2])
    assert served[1] == "https://demo.example.gov.cn"
