"""Load the public API under gunicorn with wrk and print throughput and latency.

    python bench/api.py [--policies 10000] [--duration 10] [--connections 4] [--workers 4]
                        [--db sqlite|postgres] [--cold]

1. Seeds N synthetic policies with ``import_policies --publish`` (its fast path) into a
   SQLite file under bench/.cache (kept between runs; seeding 10,000 takes about three
   minutes; an interrupted seed resumes, since the import is idempotent).
2. Starts gunicorn on 127.0.0.1 with the bench settings.
3. Runs wrk from a second process against: a bare Django view with a constant JSON body
   (the baseline), the policy list (20 a page), policy details, and conditional GETs of
   details answered with 304. Requests pick random ids (1,000) and pages (500).
4. Does it twice: with the production defaults (response bodies cached by ETag, in
   Redis at 127.0.0.1:6379 db 14 when it answers, as production's CACHE_URL does, else
   in each worker's memory), after requesting every URL once (the steady state of a
   public API, where the same documents are asked for again and again); then with that
   cache off, so every request builds its body from the database.
5. Prints requests per second and p50/p95/p99 latency of each, its ratio to the baseline
   of the same pass, and whether the targets are met: issue 5's on the first pass, issue
   31's (list >= 300 and detail >= 500 req/s, every body built) on the second.

``--cold`` runs only the second pass. ``--db postgres`` runs against the PostgreSQL
database of bench/pages.py (``bench_pages_<N>`` at 127.0.0.1, with its search index in
bench/.cache/pages-postgres-<N>.search), seeding it first if its marker is missing.
"""

import argparse
import importlib.util
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 2500


def shared_cache() -> Path:
    """Where the seeded databases are kept between runs: bench/.cache of the repository's
    main checkout, so its worktrees reuse them instead of seeding their own
    (``BENCH_CACHE`` overrides; outside a git checkout, this one's bench/.cache)."""
    if os.environ.get("BENCH_CACHE"):
        return Path(os.environ["BENCH_CACHE"])
    try:
        common = subprocess.run(
            ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        common = ""
    main = Path(common).parent if common else ROOT
    return (main if (main / "bench").is_dir() else ROOT) / "bench" / ".cache"


CACHE = shared_cache()

# (name, requests/s at least, p95 at most in ms) from issue 5, with the body cache on.
TARGETS = {"detail": (500, 20.0), "list": (200, None), "not_modified": (1500, None)}
# Issue 31's, with every body built (no body cache).
COLD_TARGETS = {"detail": (500, None), "list": (300, None)}
POSTGRES = "postgres://postgres@127.0.0.1:5432/bench_pages_{count}"

WRK_SCRIPT = """
local targets = {%(targets)s}
math.randomseed(%(seed)d)
request = function()
  local t = targets[math.random(#targets)]
  local headers = {}
  if t[2] ~= "" then headers["If-None-Match"] = t[2] end
  return wrk.format("GET", t[1], headers)
end
"""


def environment(database: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DB": str(database),
        # This checkout first (a worktree measures its own code), then what was set.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "SITE_BASE_URL": "http://127.0.0.1",
        "LOG_LEVEL": "WARNING",
    }


REDIS_URL = "redis://127.0.0.1:6379/14"


def redis_cache() -> str | None:
    """The Redis URL for the shared cache when a server answers, emptied first."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.flushdb()
        return REDIS_URL
    except Exception:
        return None


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True, **kwargs
    )


def seed(count: int, database: Path) -> None:
    """Import `count` synthetic policies through the import command, in chunks."""
    sys.path.insert(0, str(ROOT))
    from bench.corpus import policy_lines

    done_marker = database.with_suffix(".complete")
    if done_marker.exists():
        print(f"seed: reusing {database} ({count} policies)")
        return
    env = environment(database)
    database.parent.mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--noinput", "-v0")
    started = time.perf_counter()
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as chunk:
            chunk.write("\n".join(policy_lines(size, start=start)))
        manage(
            env,
            "import_policies",
            chunk.name,
            "--publish",
            "--create-missing",
            stdout=subprocess.DEVNULL,
        )
        os.unlink(chunk.name)
        elapsed = time.perf_counter() - started
        print(
            f"seed: {start + size}/{count} policies, {(start + size) / elapsed:.1f}/s", flush=True
        )
    done_marker.write_text(str(count))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(env, port: int, workers: int, timeout: int = 30) -> subprocess.Popen:
    """gunicorn with the bench settings, once it answers."""
    if importlib.util.find_spec("gunicorn") is None:
        sys.exit("gunicorn is missing: pip install -e '.[production]'")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "policy_cms.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--timeout",
            str(timeout),
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/constant.json", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    sys.exit("gunicorn did not start")


PUBLIC_IDS = """
import django, json
django.setup()
from cms.models.home import public_policies
print(json.dumps(list(public_policies().values_list("pk", flat=True))))
"""


def public_ids(env: dict) -> list[int]:
    """The public policies' ids, read through Django (whichever database ``env`` names)."""
    out = subprocess.run(
        [sys.executable, "-c", PUBLIC_IDS], env=env, cwd=ROOT, check=True, capture_output=True
    )
    return json.loads(out.stdout.decode().splitlines()[-1])


def etag(base: str, path: str) -> str:
    with urllib.request.urlopen(base + path) as response:
        return response.headers["ETag"]


# Every wrk script ends with this: one parseable line of the run's figures.
WRK_DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def wrk(base: str, lua: str, *, duration, connections, threads=2) -> dict:
    """Run wrk with a Lua script (``WRK_DONE`` appended); return its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua + WRK_DONE)
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t",
                str(threads),
                "-c",
                str(connections),
                "-d",
                f"{duration}s",
                "-s",
                script.name,
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    requests, micros, p50, p95, p99, errors = map(int, line.split()[1:])
    return {
        "rps": requests / (micros / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": errors,
        "requests": requests,
    }


def run_wrk(base, targets, *, duration, connections, threads=2) -> dict:
    lua = WRK_SCRIPT % {
        "targets": ",".join(f"{{{json.dumps(p)}, {json.dumps(e)}}}" for p, e in targets),
        "seed": 2026,
    }
    return wrk(base, lua, duration=duration, connections=connections, threads=threads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--policies", type=int, default=10_000)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--cold", action="store_true", help="only the pass without the body cache")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    database = CACHE / f"api-{args.policies}.sqlite3"
    env = environment(database)
    if args.db == "postgres":
        env["BENCH_DATABASE_URL"] = POSTGRES.format(count=args.policies)
        env["SEARCH_EMBEDDED_PATH"] = str(CACHE / f"pages-postgres-{args.policies}.search")
        sys.path.insert(0, str(ROOT / "bench"))
        from pages import seed_postgres

        seed_postgres(args.policies, env, CACHE / f"pages-postgres-{args.policies}.marker")
    else:
        seed(args.policies, database)
    ids = public_ids(env)
    print(
        f"{len(ids)} public policies ({args.db}); gunicorn {args.workers} workers; wrk 2 "
        f"threads, {args.connections} connections, {args.duration} s a scenario; "
        f"{os.cpu_count()} cores"
    )
    passes = {
        "bodies cached by ETag (default), cache warmed: every URL requested once": (
            {},
            TARGETS,
        ),
        "no body cache (API_RESPONSE_CACHE_SECONDS=0)": (
            {"API_RESPONSE_CACHE_SECONDS": "0"},
            COLD_TARGETS,
        ),
    }
    if args.cold:
        passes = dict(list(passes.items())[1:])
    for title, (extra, targets) in passes.items():
        results = measure({**env, **extra}, ids, args)
        report(title, results, targets)


def measure(env: dict, ids: list[int], args) -> dict:
    env = dict(env)
    cache_url = redis_cache()
    if cache_url:
        env["CACHE_URL"] = cache_url
    print(f"cache: {cache_url or 'per-worker memory'}", flush=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(env, port, args.workers)
    try:
        rng = random.Random(5)
        sample = rng.sample(ids, min(1000, len(ids)))
        pages = max(1, len(ids) // 20)
        detail_paths = [f"/api/v1/policies/{i}" for i in sample]
        with_etags = [(p, etag(base, p)) for p in detail_paths[:200]]
        scenarios = {
            "baseline": [("/bench/constant.json", "")],
            "detail": [(p, "") for p in detail_paths],
            "list": [
                (f"/api/v1/policies?page={rng.randint(1, pages)}&page_size=20", "")
                for _ in range(500)
            ],
            "not_modified": with_etags,
        }
        check = urllib.request.Request(
            base + with_etags[0][0], headers={"If-None-Match": with_etags[0][1]}
        )
        try:
            urllib.request.urlopen(check)
            sys.exit("the conditional request was not answered with 304")
        except urllib.error.HTTPError as answer:
            assert answer.code == 304, answer.code
        for paths in scenarios.values():  # start every worker's connection
            run_wrk(base, paths, duration=1, connections=args.connections)
        if env.get("API_RESPONSE_CACHE_SECONDS") != "0":
            warm(base, [p for name in ("detail", "list") for p, _ in scenarios[name]])
        return {
            name: run_wrk(base, paths, duration=args.duration, connections=args.connections)
            for name, paths in scenarios.items()
        }
    finally:
        server.terminate()
        server.wait()


def warm(base: str, paths: list[str]) -> None:
    """Request every URL once, so the shared cache holds each body (a steady state)."""
    started = time.perf_counter()
    for path in dict.fromkeys(paths):
        urllib.request.urlopen(base + path).read()
    print(f"warmed {len(set(paths))} URLs in {time.perf_counter() - started:.0f} s", flush=True)


def report(title: str, results: dict, targets: dict) -> None:
    baseline = results["baseline"]["rps"]
    print(f"\n{title}")
    print(
        f"{'scenario':<14}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}{'vs base':>9}  target"
    )
    for name, r in results.items():
        verdict = ""
        if name in targets:
            min_rps, max_p95 = targets[name]
            ok = r["rps"] >= min_rps and (max_p95 is None or r["p95"] <= max_p95)
            verdict = f">= {min_rps} req/s" + (f", p95 <= {max_p95} ms" if max_p95 else "")
            verdict = ("met: " if ok else "MISSED: ") + verdict
        print(
            f"{name:<14}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
            f"{r['errors']:>8}{r['rps'] / baseline:>9.2f}  {verdict}"
        )


if __name__ == "__main__":
    main()
