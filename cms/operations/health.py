"""Health for orchestrators, load balancers and nginx.

``/healthz`` answers while the process does, touching nothing else (liveness).
``/readyz`` checks what serving a request needs: the database, the cache, what the
project and its apps register (the Celery broker, search) and what the plugins declare
(hook ``readiness_checks``), each reported with its time; 503 when one fails (readiness).
A failure is named by its kind only, never its message: the answer is public, and
messages carry internal host names.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from cms.extend import plugin_manager

Check = Callable[[], str | None]
_checks: dict[str, Check] = {}


def register(name: str, check: Check) -> None:
    """Add a readiness check of the project or its own apps (the project registers its
    Celery broker, search its engine): a
    function that raises when its service cannot serve, and may return a word on how it
    is (“in-process”). Plugins declare theirs through the hook ``readiness_checks``."""
    _checks[name] = check


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def shared_cache() -> None:
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", 10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    cache.delete(key)


register("database", database)
register("cache", shared_cache)


def run_checks() -> dict[str, dict]:
    """Each check's outcome: ok, what it said or the kind of error, and milliseconds."""
    results = {}
    for name, check in {**_checks, **plugin_manager.readiness_checks()}.items():
        started = time.monotonic()
        try:
            detail, ok = check() or "ok", True
        except Exception as error:
            detail, ok = type(error).__name__, False
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.monotonic() - started) * 1000),
        }
    return results


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    checks = run_checks()
    ready = all(result["ok"] for result in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "fail", "checks": checks}, status=200 if ready else 503
    )


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    """Answer the probes before anything else: an orchestrator asks by address, not by
    the site's host name, and over plain HTTP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PROBES.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
