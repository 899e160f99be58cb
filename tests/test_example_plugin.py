"""The example third-party plugin installs with pip and works without touching the core."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "policy-cms-example"


@pytest.mark.once
def test_the_example_plugin_installs_with_pip_and_passes_its_tests(tmp_path):
    source, site = tmp_path / "src", tmp_path / "site"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info"))
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", site, source],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    assert (site / "policy_cms_example-0.1.0.dist-info" / "entry_points.txt").is_file()

    # Its own suite, in a fresh interpreter that finds it only through its entry point.
    # SQLite keeps it off the outer run's PostgreSQL test database.
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "POLICY_PLUGINS": "builtin,example",
        "DJANGO_SETTINGS_MODULE": "policy_cms.settings.test",
    }
    env["DATABASE_URL"] = ""
    config, tests = ["-c", str(ROOT / "pyproject.toml")], str(source / "tests")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *config, tests],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "4 passed" in run.stdout
