"""Time ``import_policies --publish``: the fast path against the one-by-one baseline.

    python bench/import.py [--count 10000] [--baseline 500] [--batch-size 500]

For SQLite and, when it answers at 127.0.0.1:5432, PostgreSQL:

1. Writes N synthetic policies (bench/corpus.py: bodies of 1-10 KB, each with one or two
   interpretations) to a JSON Lines file under bench/.cache.
2. Imports the first ``--baseline`` of them one by one (``--one-by-one``) into an empty,
   migrated database: the baseline, measured in the same run.
3. Imports all N through the fast path into another empty database.
4. Checks each result: every policy live with an index number and a revision, its
   interpretations live, the page tree valid (treebeard's ``find_problems``), and the
   search index holding every public policy.

Each is run two ways, and each time counts until the search index and Wagtail's admin
search index hold every policy:

- "in-process": as the demo runs, without a broker: the indexing tasks run in the
  importing process after each batch commits, on one core;
- "with worker": as production runs (deploy/): the tasks go through Redis
  (127.0.0.1:6379, db 13) to a Celery worker (one process), which indexes on the
  second core while the import writes the next batch. PostgreSQL only (SQLite, the
  demo's database, takes one writer at a time); skipped when Redis does not answer.

Prints policies a second for each, the ratio to the baseline, and the time extrapolated
to the 78,812 documents of a real migration.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
MIGRATION = 78_812
TARGET = 130  # policies a second on PostgreSQL (issue 16); SQLite at most twice as slow
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"

CHECK = """
import json
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry
from wagtail.models import Page
from cms.models import PolicyPage
from interpretations.models import InterpretationPage
from search import documents
from search.backends import get_backend
from search.query import Query
policies = PolicyPage.objects.all()
print(json.dumps({
    "policies": policies.count(),
    "live": policies.live().count(),
    "numbered": policies.exclude(index_number__isnull=True).exclude(index_number="").count(),
    "with_revision": policies.filter(latest_revision__isnull=False).count(),
    "interpretations": InterpretationPage.objects.live().count(),
    "tree_problems": sum(len(p) for p in Page.find_problems()),
    "public": documents.count(),
    "indexed": get_backend().search(Query(limit=1, facets=False)).total,
    "admin_indexed": IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(PolicyPage)
    ).count(),
}))
"""
# Waits (up to an hour) until both indexes hold every public policy.
WAIT = """
import time
from django.contrib.contenttypes.models import ContentType
from wagtail.search.models import IndexEntry
from cms.models import PolicyPage
from search import documents
from search.backends import get_backend
from search.query import Query
policy_type = ContentType.objects.get_for_model(PolicyPage)
for _ in range(36000):
    public = documents.count()
    indexed = get_backend().search(Query(limit=1, facets=False)).total
    admin = IndexEntry.objects.filter(content_type=policy_type).count()
    if public and indexed == public and admin >= public:
        break
    time.sleep(0.1)
"""
REDIS = "redis://127.0.0.1:6379/13"
# One worker process: with two (deploy/'s default) the import, the workers and
# PostgreSQL contend for this machine's two cores, and the whole is slower.
WORKER = ["-A", "policy_cms", "worker", "-P", "solo", "--loglevel", "WARNING", "--without-gossip"]


def environment(database_url: str, search_path: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(search_path.with_suffix(".sqlite3")),
        "BENCH_DATABASE_URL": database_url,
        "BENCH_ADMIN_SEARCH": "1",
        "SEARCH_EMBEDDED_PATH": str(search_path),
        "PYTHONPATH": str(ROOT),
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs
    )


def corpus(count: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from bench.corpus import policy_lines

    path = CACHE / f"import-{count}.jsonl"
    if not path.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(policy_lines(count)) + "\n", encoding="utf-8")
    return path


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(POSTGRES.format(name="postgres"), connect_timeout=2).close()
        return True
    except Exception:
        return False


class Lane:
    """Empty migrated databases of one engine, made from one migrated template."""

    def __init__(self, engine: str, workdir: Path):
        self.engine, self.workdir = engine, workdir
        self.template = self._migrated("template")

    def _url(self, name: str) -> str:
        if self.engine == "sqlite":
            return f"sqlite:///{self.workdir / name}.sqlite3"
        return POSTGRES.format(name=f"bench_import_{name}")

    def _migrated(self, name: str) -> str:
        if self.engine == "postgresql":
            self._psql(f"DROP DATABASE IF EXISTS bench_import_{name}")
            self._psql(f"CREATE DATABASE bench_import_{name}")
        url = self._url(name)
        manage(self.env(url, name), "migrate", "--noinput", "-v0")
        return url

    def fresh(self, name: str) -> dict:
        shutil.rmtree(self.workdir / f"{name}.search", ignore_errors=True)
        if self.engine == "sqlite":
            shutil.copy(self.workdir / "template.sqlite3", self.workdir / f"{name}.sqlite3")
        else:
            self._psql(f"DROP DATABASE IF EXISTS bench_import_{name}")
            self._psql(f"CREATE DATABASE bench_import_{name} TEMPLATE bench_import_template")
        return self.env(self._url(name), name)

    def env(self, url: str, name: str) -> dict:
        env = environment(url, self.workdir / f"{name}.search")
        if self.engine == "sqlite":
            env["BENCH_DB"] = url.removeprefix("sqlite:///")
            env.pop("BENCH_DATABASE_URL")
        return env

    @staticmethod
    def _psql(sql: str) -> None:
        import psycopg

        with psycopg.connect(POSTGRES.format(name="postgres"), autocommit=True) as conn:
            conn.execute(sql)


def redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).flushdb()
        return True
    except Exception:
        return False


def timed_import(env, path: Path, *flags: str, worker: bool = False) -> float:
    """Seconds from the start of the import until both search indexes hold every policy."""
    celery = None
    if worker:
        env = {**env, "CELERY_BROKER_URL": REDIS}
        celery = subprocess.Popen(
            [str(Path(sys.executable).parent / "celery"), *WORKER],
            env=env,
            cwd=ROOT,
        )
        time.sleep(3)  # ready before the first batch commits
    try:
        started = time.perf_counter()
        manage(
            env,
            "import_policies",
            str(path),
            "--publish",
            "--create-missing",
            "--progress-every",
            "2000",
            *flags,
            stdout=subprocess.DEVNULL,
        )
        if worker:
            manage(env, "shell", "-c", WAIT)
        return time.perf_counter() - started
    finally:
        if celery is not None:
            celery.terminate()
            celery.wait(timeout=60)


def check(env) -> dict:
    out = manage(env, "shell", "-c", CHECK, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run_lane(engine: str, path: Path, count: int, baseline: int, batch_size: int) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-import-{engine}-"))
    try:
        lane = Lane(engine, workdir)
        first = workdir / "baseline.jsonl"
        with path.open(encoding="utf-8") as source:
            first.write_text("".join(next(source) for _ in range(baseline)), encoding="utf-8")

        results = {}
        for name, source, flags, worker in runs(engine, path, first, batch_size):
            env = lane.fresh("run")
            seconds = timed_import(env, source, *flags, worker=worker)
            results[name] = (count if source == path else baseline, seconds, check(env))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if engine == "postgresql":
            for name in ("template", "run"):
                Lane._psql(f"DROP DATABASE IF EXISTS bench_import_{name}")
    return results


def runs(engine: str, path: Path, first: Path, batch_size: int):
    """(name, file, flags, with a worker) of each run. The worker runs on PostgreSQL only:
    SQLite (the demo's) takes one writer at a time."""
    fast = ["--batch-size", str(batch_size)]
    yield "one by one, in-process (baseline)", first, ["--one-by-one"], False
    yield "fast path, in-process", path, fast, False
    if engine == "postgresql" and redis_reachable():
        yield "one by one, with worker", first, ["--one-by-one"], True
        yield "fast path, with worker", path, fast, True


def report(engine: str, result: dict, target: float) -> None:
    print(f"\n== {engine} ==")
    rates = {}
    for name, (count, seconds, facts) in result.items():
        rates[name] = count / seconds
        whole = MIGRATION / rates[name]
        print(
            f"{name:>34}: {count:>6} policies in {seconds:7.1f} s = {rates[name]:6.1f}/s; "
            f"{MIGRATION:,} would take {whole / 60:6.1f} min"
        )
        same = {facts[k] for k in ("policies", "live", "numbered", "with_revision", "public")}
        indexed = {facts["indexed"], facts["admin_indexed"]}
        good = same == indexed == {count} and facts["tree_problems"] == 0
        print(f"{'':>34}  check: {facts} {'ok' if good else 'NOT OK'}")
    for topology in ("in-process", "with worker"):
        fast, slow = f"fast path, {topology}", f"one by one, {topology}"
        if fast in rates:
            slow = slow if slow in rates else "one by one, in-process (baseline)"
            print(f"{'ratio ' + topology:>34}: {rates[fast] / rates[slow]:.1f}x")
    best = max(rate for name, rate in rates.items() if name.startswith("fast"))
    verdict = "met" if best >= target else "NOT met"
    print(f"{'target':>34}: at least {target:.0f}/s: {verdict} ({best:.1f}/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--baseline", type=int, default=500)
    parser.add_argument("--batch-size", type=int, default=500)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], help="only this one")
    args = parser.parse_args()
    path = corpus(args.count)
    engines = ["sqlite"] + (["postgresql"] if postgres_reachable() else [])
    engines = [e for e in engines if args.engine in (None, e)]
    print(f"{args.count} policies ({path.stat().st_size / 1e6:.0f} MB), engines: {engines}")
    for engine in engines:
        result = run_lane(engine, path, args.count, args.baseline, args.batch_size)
        report(engine, result, TARGET if engine == "postgresql" else TARGET / 2)


if __name__ == "__main__":
    main()
