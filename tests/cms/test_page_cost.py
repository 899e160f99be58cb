"""A public page's queries do not grow with the library (issue 31): bench/pages.py's
quick mode, on a small library grown threefold, in the test database."""

import io
import os
import subprocess
import sys
import time

import pytest
from django.apps import apps

from bench import pages

# The pages plugins add, measured when their plugin runs.
PLUGIN_PAGES = (
    ("messages", "plugins.messageboard"),
    ("validity", "plugins.validity"),
    ("consultations", "plugins.consultation"),
)


@pytest.mark.django_db
def test_no_public_page_reads_more_queries_in_a_larger_library(settings):
    settings.PUBLIC_VALUE_CACHE_SECONDS = 3600
    out = io.StringIO()
    grew = pages.quick((50, 150), repeat=1, modes=("cold",), out=out)
    report = out.getvalue()
    print(report)
    # Every page was measured and answered, at both sizes.
    for name in (
        "home",
        "library",
        "library_deep",
        "library_year",
        "policy",
        "interpretation",
        "search",
        "catalogue",
        "catalogue_deep",
        *(name for name, app in PLUGIN_PAGES if apps.is_installed(app)),
    ):
        assert f"\n{name} " in report, name
    assert " 500/" not in report and "/500" not in report
    assert grew == []


BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass\n"


@pytest.mark.skipif(not os.path.exists("/proc/self/stat"), reason="reads /proc")
def test_server_cpu_counts_descendants_alive_and_ended():
    """The cost ratio's CPU time: a process tree's, with a child that ended and was reaped
    (a PostgreSQL backend that closed during a run) counted as one still running."""
    script = (
        "import subprocess, sys, time\n"
        f"subprocess.run([sys.executable, '-c', {BURN!r}])\n"  # ended, reaped
        f"alive = subprocess.Popen([sys.executable, '-c', {BURN!r} + 'time.sleep(60)'])\n"
        "time.sleep(0.2)\n"
        f"exec({BURN!r})\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout.readline().strip() == "ready"
        time.sleep(0.3)  # the live child's burn done
        own = pages.read_processes()[parent.pid][2]
        total = pages.tree_cpu(parent.pid)
        assert 0.55 <= own < 0.95  # itself and the reaped child, not the live one (0.3 more)
        assert total >= 0.85  # all three burns
        assert pages.server_cpu(parent.pid, postgres=False) == pytest.approx(total, abs=0.05)
    finally:
        for pid, (_, ppid, _) in pages.read_processes().items():
            if ppid == parent.pid:
                os.kill(pid, 9)
        parent.kill()
        parent.wait()
    assert pages.tree_cpu(parent.pid) == 0  # gone


def test_cost_ratio_is_the_cpu_cost_not_the_throughput():
    """A page that answered slower in the larger library's run while costing the same CPU
    time a request, next to its bare view, has a ratio of 1: its cost did not grow."""

    def record(rps, cpu_ms, bare_cpu_ms):
        runs = [
            {"rps": rps * k, "p50": 1, "p95": 2, "p99": 3, "errors": 0, "requests": 100,
             "cpu_ms": cpu_ms * k, "cost": cpu_ms * k / bare_cpu_ms}
            for k in (0.5, 1, 3)  # a stalled round and a slow one: the median holds
        ]  # fmt: skip
        page = pages.combine(runs)
        return {"passes": {"cold": {"baseline": {"rps": 1000, "requests": 1}, "policy": page}}}

    assert pages.combine([{"rps": 1, "errors": 1, "requests": 5}] * 3)["errors"] == 3
    same = pages.cost_ratios(record(600, 2.0, 0.5), record(300, 2.0, 0.5))
    assert same == {"policy": pytest.approx(1.0)}
    grew = pages.cost_ratios(record(600, 2.0, 0.5), record(590, 3.0, 0.5))
    assert grew == {"policy": pytest.approx(1.5)}
