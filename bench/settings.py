"""Settings for the benchmarks: the production code path on a local SQLite file.

Only what a benchmark needs differs from the base settings: the database file, a URL
for the baseline view, no rate limit (all load comes from one address), and no admin
search index updates while seeding (the admin search is not what is measured).
"""

import os

from policy_cms.settings.base import *  # noqa: F403
from policy_cms.settings.base import CACHES, DATABASES, LOGGING, WAGTAILSEARCH_BACKENDS

DEBUG = False
ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
DATABASES["default"] = {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ["BENCH_DB"],
    # WAL lets the server's worker processes read while nothing writes.
    "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"},
    # As in production (deploy/env.example): a worker keeps its connection.
    "CONN_MAX_AGE": 60,
}
if os.environ.get("BENCH_DATABASE_URL"):  # PostgreSQL, as production runs
    import dj_database_url

    DATABASES["default"] = dj_database_url.parse(os.environ["BENCH_DATABASE_URL"], conn_max_age=60)
# The import benchmark keeps it on: a migration fills the admin search index too.
WAGTAILSEARCH_BACKENDS["default"]["AUTO_UPDATE"] = bool(os.environ.get("BENCH_ADMIN_SEARCH"))
API_RATE_LIMIT = ""
MESSAGEBOARD_RATE_LIMIT = ""  # the board's own per-address limit too
LOGGING["root"]["level"] = "WARNING"
SEARCH_EMBEDDED_PATH = os.environ.get("SEARCH_EMBEDDED_PATH") or os.environ["BENCH_DB"] + ".search"
# bench/pages.py: each pass's entries in the shared Redis under a prefix of its own.
if os.environ.get("BENCH_CACHE_PREFIX"):
    for cache in CACHES.values():
        cache["KEY_PREFIX"] = os.environ["BENCH_CACHE_PREFIX"] + cache.get("KEY_PREFIX", "")
