"""Load the public HTML pages and the API under gunicorn with wrk and judge issue 31's
targets; or, with ``--quick``, count the pages' queries in-process at two library sizes.

    python bench/pages.py [--db sqlite|postgres] [--policies 10000] [--duration 10]
    python bench/pages.py --all [--duration 5] [--markdown] [--readme]
    python bench/pages.py --report [--all] [--markdown]    # the kept figures, judged again
    python bench/pages.py --quick [--sizes 1000,3000]

The answers: the home page, a library's first and a deep page, with and without filters,
200 random pages of that library (``library_pages``, a crawler's walk), a policy page and
200 random policies (``policies``), an interpretation page, the search page, the
disclosure catalogue (first and deep page), the first public page each plugin lists in
the sitemap (hook ``sitemap_items``: the message board, the validity catalogue, the
consultations, ...), so a later plugin's page is measured too; and the API's policy list
(500 random pages) and detail (1,000 random policies).

Load (the default; ``make bench-pages`` installs gunicorn first):

1. Seeds N synthetic policies with bench/api.py's seeding (the import's fast path), into
   a SQLite file or, with ``--db postgres``, the database ``bench_pages_<N>`` at
   127.0.0.1:5432, with its embedded search index; kept between runs in bench/.cache of
   the repository's main checkout (shared by its worktrees; ``BENCH_CACHE`` overrides).
   A reused database is migrated to this checkout's migrations, and its search index is
   rebuilt when it holds fewer documents than there are public policies.
2. Starts gunicorn with the bench settings and runs wrk against the bare baseline (a
   constant JSON view, before and after the others; their mean is the pass's baseline)
   and each answer, twice: cold (every request builds its answer: no response cache, no
   conditional request, the API's body cache off; the values kept per publication stamp,
   which the first request after a publication computes, warmed by one request) and with
   caches (a repeated page asks with its ETag, as a browser or a proxy does, and a public
   page is answered 304; the API's bodies are cached). The shared Redis holds each pass's
   entries under a prefix of its own.
3. Prints req/s, p50/p95/p99, the ratio to the baseline and the server's CPU time a
   request (gunicorn's processes and, on PostgreSQL, the cluster's, read from /proc around
   each wrk run), keeps the figures in bench/.cache/pages-<db>-<N>.json of this checkout,
   and judges every target of issue 31 (items 2 and 3) as met or missed, with the
   100,000 : 10,000 cost ratio per answer once both sizes of the engine were measured (a
   cost: an answer's CPU time a request over the bare view's in the runs beside it; see
   ``cost_ratios`` for why CPU time and not req/s). ``--all`` measures the four
   combinations (10,000 and 100,000 policies, SQLite and PostgreSQL) in one go;
   ``--markdown`` prints the figures as markdown tables and ``--readme`` writes them into
   README.md's performance section.

Quick (``--quick``, for CI; tests/cms/test_page_cost.py runs it on a smaller library):
seeds the smaller size in-process, measures each page with Django's test client
(queries counted with ``CaptureQueriesContext``, the median of a few timings), grows the
library to the larger size, measures again, and fails when a page's query count grew
with the library. Each page is measured cold (the first request after a publication: the
default cache and the stamp-kept answers emptied first) and warm (the steady state).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"


# --- which pages ---------------------------------------------------------------------


def largest_library():
    """The library with the most policies (call with Django set up)."""
    from django.db.models import Count

    from cms.models import PolicyLibraryPage

    return (
        PolicyLibraryPage.objects.live()
        .annotate(n=Count("agency__policies"))
        .order_by("-n", "pk")
        .first()
    )


def page_urls() -> dict[str, str]:
    """Name → URL of every public page measured, read from the database (call with Django
    set up). The same names at every size; the deep pages are halfway down the list."""
    from cms.extend import plugin_manager
    from cms.models.home import LIBRARY_PAGE_SIZE, public_policies
    from cms.models.paging import SHALLOW_PAGES
    from interpretations.models import InterpretationPage

    urls = {"home": "/"}
    library = largest_library()
    if library is not None:
        url = library.url
        in_library = public_policies().child_of(library)
        pages = max(1, -(-in_library.count() // LIBRARY_PAGE_SIZE))
        year = in_library.order_by("issued_on", "pk").values_list("issued_on", flat=True).first()
        urls["library"] = url
        # Past the pages read by their offset whenever the library has more (a page
        # beyond learns every page's first key, one query more, the same at any size):
        # else a small library's deep page is read one way and a larger one's the other.
        deep = max(2, pages // 2, min(pages, SHALLOW_PAGES + 1))
        urls["library_deep"] = f"{url}?page={deep}"
        if year is not None:
            urls["library_year"] = f"{url}?year={year.year}"
            urls["library_year_type_deep"] = f"{url}?year={year.year}&doc_type=normative&page=2"
    policy = public_policies().order_by("pk").first()
    if policy is not None:
        urls["policy"] = policy.url
        interpretation = InterpretationPage.objects.live().child_of(policy).order_by("pk").first()
        if interpretation is not None:
            urls["interpretation"] = interpretation.url
    urls["search"] = "/search/?" + urlencode({"q": "统计"})  # ASCII, for wrk's Lua too
    urls["catalogue"] = "/catalogue/"
    count = public_policies().count()
    urls["catalogue_deep"] = f"/catalogue/?page={max(2, count // 40)}"
    for _plugin, items in plugin_manager.call_each("sitemap_items", request=None):
        for item in list(items or [])[:1]:
            name = item.location.strip("/").split("/")[0] or "plugin"
            urls[name] = item.location
    return urls


# --- in-process (quick) ----------------------------------------------------------------


def forget_caches() -> None:
    """Empty what a cold request finds: the default cache, the stamp-kept answers and the
    view restrictions read for a stamp."""
    from django.core.cache import cache

    from cms.models.home import private_q
    from cms.models.stamps import forget_kept_answers

    cache.clear()
    forget_kept_answers()
    private_q.cache_clear()


def measure_in_process(
    urls: dict[str, str], *, repeat: int = 3, modes=("cold", "warm")
) -> dict[str, dict]:
    """Per page: status, queries and median milliseconds, cold and warm."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, url in urls.items():
        figures = {}
        for mode in modes:
            timings, queries, status = [], 0, None
            for _ in range(repeat):
                if mode == "cold":
                    forget_caches()
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    response = client.get(url)
                    timings.append((time.perf_counter() - started) * 1000)
                queries, status = len(captured.captured_queries), response.status_code
            figures[mode] = {"queries": queries, "ms": statistics.median(timings)}
        figures["status"] = status
        results[name] = figures
    return results


def seed_in_process(count: int) -> None:
    """Grow the library to ``count`` synthetic policies through the import's fast path."""
    from bench.corpus import policy_lines
    from cms.importing import bulk
    from cms.models import PolicyPage

    have = PolicyPage.objects.count()
    if have >= count:
        return
    lines = list(enumerate(policy_lines(count - have, start=have), start=1))
    result = bulk.import_records(
        ((n, json.loads(line)) for n, line in lines), publish=True, create_missing=True
    )
    if result.failed:
        raise RuntimeError(f"seeding failed: {result.errors[:3]}")


def quick(
    sizes: tuple[int, int], *, repeat: int = 3, modes=("cold", "warm"), out=sys.stdout
) -> list[str]:
    """Measure at both sizes (growing the current database); return the pages whose query
    count grew with the library (empty when none did)."""
    small, large = sizes
    seed_in_process(small)
    urls = page_urls()
    measure_in_process(urls, repeat=1)  # the process's own first-use costs
    before = measure_in_process(urls, repeat=repeat, modes=modes)
    seed_in_process(large)
    after = measure_in_process(page_urls(), repeat=repeat, modes=modes)
    return report_quick(sizes, before, after, out=out)


def report_quick(sizes, before: dict, after: dict, *, out=sys.stdout) -> list[str]:
    small, large = sizes
    modes = [m for m in ("cold", "warm") if m in next(iter(before.values()), {})]
    header = "".join(f"{f'{m} queries':>16}{f'{m} ms':>18}" for m in modes)
    print(f"{'page':<24}{'status':>8}{header}", file=out)
    print(f"{'':<24}{'':>8}" + f"{f'{small} → {large}':>16}{'':>18}" * len(modes), file=out)
    grew = []
    for name, a in before.items():
        b = after.get(name)
        if b is None:
            continue
        cells = ""
        for mode in modes:
            qa, qb = a[mode]["queries"], b[mode]["queries"]
            if qb > qa:
                grew.append(f"{name} ({mode}: {qa} → {qb} queries)")
            cells += f"{qa:>9} → {qb:<4}{a[mode]['ms']:>9.1f} → {b[mode]['ms']:<6.1f}"
        print(f"{name:<24}{a['status']:>4}/{b['status']:<3}{cells}", file=out)
    if grew:
        print("query count grew with the library: " + "; ".join(grew), file=out)
    else:
        print("no page's query count grew with the library", file=out)
    return grew


def quick_main(args) -> None:
    """``--quick``: a bench SQLite file per size under bench/.cache (kept between runs; the
    larger grown from a copy of the smaller), each measured in a process of its own."""
    import shutil

    small, large = args.sizes
    CACHE.mkdir(parents=True, exist_ok=True)
    results = {}
    previous = None
    started = time.perf_counter()
    for size in (small, large):
        database = CACHE / f"pages-quick-{size}.sqlite3"
        if not database.with_suffix(".complete").exists():
            for stale in CACHE.glob(database.name + "*"):
                shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
            if previous is not None:  # with its search index
                shutil.copyfile(previous, database)
                shutil.copytree(f"{previous}.search", f"{database}.search")
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(database), "--policies", str(size)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results[size] = json.loads(out.splitlines()[-1])
        database.with_suffix(".complete").write_text(str(size))
        previous = database
    grew = report_quick((small, large), results[small], results[large])
    print(f"({time.perf_counter() - started:.0f} s, seeding included)")
    sys.exit(1 if grew else 0)


def measure_main(database: Path, size: int) -> None:
    """``--measure FILE``: seed FILE up to ``size`` in this process, measure, print JSON."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DB=str(database),
        SITE_BASE_URL="http://testserver",
        LOG_LEVEL="WARNING",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", "--noinput", verbosity=0)
    seed_in_process(size)
    urls = page_urls()
    measure_in_process(urls, repeat=1)  # the process's own first-use costs
    print(json.dumps(measure_in_process(urls, repeat=5)))


# --- under load ------------------------------------------------------------------------

# The targets (issue 31, items 2 and 3). Cold: (rows, req/s at least, p95 at most).
COLD_TARGETS = {
    "library list ≥ 300 req/s, p95 ≤ 50 ms": (
        ("library", "library_deep", "library_year", "library_year_type_deep", "library_pages"),
        300,
        50.0,
    ),
    "policy page ≥ 300 req/s, p95 ≤ 50 ms": (("policy", "policies"), 300, 50.0),
    "search page ≥ 200 req/s": (("search",), 200, None),
    "API list ≥ 300 req/s (body cache off)": (("api_list",), 300, None),
    "API detail ≥ 500 req/s (body cache off)": (("api_detail",), 500, None),
}
MAX_COST_RATIO = 1.3  # 100,000 : 10,000, every page, cold
MIN_CACHED_SHARE = 0.5  # of the bare baseline, a repeated page with caches
API_ROWS = ("api_list", "api_detail")
SIZES = (10_000, 100_000)
ENGINES = ("sqlite", "postgres")
CRAWL = 200  # distinct URLs of the crawl rows (library pages, policies)
CACHED_URLS = 20  # with caches, of a row with many URLs: each asked once first
PASSES = {
    "cold": "cold: every answer built (no response cache, no conditional request, "
    "API body cache off)",
    "cached": "with caches: a repeated page asks with its ETag (304 where the page is "
    "public); API bodies cached by ETag, warmed",
}


def shared_cache() -> Path:
    """Where the seeded databases are kept: bench/.cache of the repository's main checkout,
    shared by its worktrees (``BENCH_CACHE`` overrides)."""
    sys.path.insert(0, str(ROOT / "bench"))
    import api

    return api.shared_cache()


# Run in the bench's environment: every URL measured under load, as JSON. Pages are
# measured one URL each; the crawl rows and the API pick among many at random.
TARGETS_SCRIPT = """
import django, json, random
django.setup()
from bench.pages import load_targets
print(json.dumps(load_targets(random.Random(5))))
"""


def load_targets(rng) -> dict[str, list[str]]:
    """Name → the URLs wrk picks from (call with Django set up)."""
    from cms.models import PolicyPage
    from cms.models.home import LIBRARY_PAGE_SIZE, public_policies

    urls = page_urls()
    ids = list(public_policies().order_by("pk").values_list("pk", flat=True))
    crawl = {}
    library = largest_library()
    if library is not None:
        pages = max(1, -(-public_policies().child_of(library).count() // LIBRARY_PAGE_SIZE))
        crawl["library_pages"] = [
            f"{library.url}?page={rng.randint(1, pages)}" for _ in range(CRAWL)
        ]
    sample = rng.sample(ids, min(CRAWL, len(ids)))
    if sample:
        by_id = {p.pk: p for p in PolicyPage.objects.filter(pk__in=sample)}
        crawl["policies"] = [by_id[i].url for i in sample]
    targets = {}
    for name, url in urls.items():  # each crawl row after its page's
        targets[name] = [url]
        if name == "library_year_type_deep" or name == "policy":
            key = "library_pages" if name.startswith("library") else "policies"
            if key in crawl:
                targets[key] = crawl.pop(key)
    targets.update(crawl)
    list_pages = max(1, len(ids) // 20)
    targets["api_list"] = [
        f"/api/v1/policies?page={rng.randint(1, list_pages)}&page_size=20" for _ in range(500)
    ]
    targets["api_detail"] = [f"/api/v1/policies/{i}" for i in rng.sample(ids, min(1000, len(ids)))]
    return targets


def load_main(args) -> None:
    """Seed (or reuse) the databases, measure each combination of engine and size, then
    judge every target of the issue from the kept records."""
    import shutil

    combinations = (
        [(db, size) for db in ENGINES for size in SIZES] if args.all else [(args.db, args.policies)]
    )
    if not args.report:
        if not shutil.which("wrk"):
            sys.exit("wrk is missing: apt-get install wrk")
        for db, size in combinations:
            try:
                measure_combination(db, size, args)
            except NotReady as reason:
                print(f"\n{engine_name(db)}, {size:,} policies: skipped: {reason}", flush=True)
    records = {c: read_record(*c) for c in combinations}
    verdicts = judge(records)
    print_verdicts(verdicts)
    if args.markdown or args.readme:
        text = markdown(records, verdicts, args)
        if args.readme:
            write_readme(text)
        if args.markdown:
            print("\n" + text)


class NotReady(Exception):
    """A database that is missing and cannot be seeded now (another process seeds it)."""


def engine_name(db: str) -> str:
    return {"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]


def record_path(db: str, size: int) -> Path:
    """The kept figures of a run: per checkout (a worktree's branch measures its own
    code), beside the quick mode's databases."""
    return CACHE / f"pages-{db}-{size}.json"


def read_record(db: str, size: int) -> dict | None:
    try:
        record = json.loads(record_path(db, size).read_text())
    except (FileNotFoundError, ValueError):
        return None
    if "meta" not in record or "cost" not in record["passes"]["cold"].get("home", {}):
        return None  # an older format: not comparable
    return record


def measure_combination(db: str, size: int, args) -> dict:
    """Prepare the database of ``db`` with ``size`` policies, measure both passes, keep
    and print the figures."""
    sys.path.insert(0, str(ROOT / "bench"))
    import api

    cache = shared_cache()
    started = time.time()
    load_before = os.getloadavg()
    print(f"\n{engine_name(db)}, {size:,} policies", flush=True)
    if db == "postgres":
        env = api.environment(cache / f"api-{size}.sqlite3")  # BENCH_DB: unused, required
        env["BENCH_DATABASE_URL"] = POSTGRES.format(name=f"bench_pages_{size}")
        env["SEARCH_EMBEDDED_PATH"] = str(cache / f"pages-postgres-{size}.search")
        seed_postgres(size, env, cache / f"pages-postgres-{size}.marker")
    else:
        database = cache / f"api-{size}.sqlite3"
        env = api.environment(database)
        if not database.with_suffix(".complete").exists() and _being_written(database):
            raise NotReady(f"{database} is being seeded by another process")
        api.seed(size, database)  # the API bench's database, kept between runs
    api.manage(env, "migrate", "--noinput", "-v0")  # this branch's migrations
    if db == "postgres":
        # Planner statistics for what the seeding wrote: until autovacuum gets to it, a
        # bulk-imported library is estimated at one row, and PostgreSQL then reads and
        # sorts all of it for a list's first page (225 ms at 100,000 instead of 2). And
        # its visibility map: until a vacuum sets it, an index-only scan reads the table
        # too (a freshly seeded 100,000: policy pages 222 req/s, 287 once vacuumed).
        name = f"bench_pages_{size}"
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", name, "-qc",
                        "VACUUM (ANALYZE)"], check=True)  # fmt: skip
    ensure_search_index(env)
    targets = json.loads(
        subprocess.run(
            [sys.executable, "-c", TARGETS_SCRIPT],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()[-1]
    )
    print(
        f"{engine_name(db)}, {size:,} policies; gunicorn {args.workers} workers; wrk 2 threads,"
        f" {args.connections} connections, {args.duration} s an answer; {os.cpu_count()} cores;"
        f" load average {load_before[0]:.1f}",
        flush=True,
    )
    passes = {}
    for key, title in PASSES.items():
        extra = {"API_RESPONSE_CACHE_SECONDS": "0"} if key == "cold" else {}
        passes[key] = load_pass(env, targets, args, extra, conditional=key == "cached")
        report_load(title, passes[key])
    record = {
        "meta": {
            "engine": db,
            "policies": size,
            "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(started)),
            "seconds": round(time.time() - started),
            "load": [round(load_before[0], 1), round(os.getloadavg()[0], 1)],
            "cpu": cpu_model(),
            "cores": os.cpu_count(),
            "commit": commit(),
            "command": command_line(args),
            "workers": args.workers,
            "connections": args.connections,
            "duration": args.duration,
            "rounds": args.rounds,
        },
        "passes": passes,
    }
    CACHE.mkdir(parents=True, exist_ok=True)
    record_path(db, size).write_text(json.dumps(record, indent=1))
    return record


def _being_written(database: Path) -> bool:
    """Whether another process is writing the SQLite file now (modified within a minute)."""
    latest = max(
        (p.stat().st_mtime for p in database.parent.glob(database.name + "*") if p.is_file()),
        default=0,
    )
    return time.time() - latest < 60


def ensure_search_index(env: dict) -> None:
    """The search page needs the embedded index of this database: rebuilt when it holds
    fewer documents than there are public policies (a database seeded without it), or
    none of the index format this checkout reads (an index of an older one)."""
    script = (
        "import django, json; django.setup()\n"
        "from search import documents\n"
        "from search.backends import get_backend\n"
        "from search.query import Query\n"
        "try:\n"
        "    indexed = get_backend().search(Query(limit=1, facets=False)).total\n"
        "except Exception:  # an index of another format\n"
        "    indexed = -1\n"
        "print(json.dumps([indexed, documents.count()]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, check=True, capture_output=True, text=True
    ).stdout
    indexed, public = json.loads(out.splitlines()[-1])
    if indexed < public:
        print(f"search index: {indexed} of {public} public policies; rebuilding", flush=True)
        sys.path.insert(0, str(ROOT / "bench"))
        import api

        api.manage(env, "search_index", "rebuild", "--no-progress", stdout=subprocess.DEVNULL)


def seed_postgres(count: int, env: dict, marker: Path) -> None:
    """The PostgreSQL database ``bench_pages_<count>``, seeded once through the import;
    not while another process seeds it (connected, no marker yet)."""
    name = f"bench_pages_{count}"
    if marker.exists():
        print(f"seed: reusing {name} ({count} policies)")
        return
    others = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
         f"SELECT count(*) FROM pg_stat_activity WHERE datname = '{name}'"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    if others not in ("", "0"):
        raise NotReady(f"{name} is being seeded by another process ({marker.name} missing)")
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {name}"],
        check=False,
        capture_output=True,
    )
    sys.path.insert(0, str(ROOT / "bench"))
    import api
    from corpus import policy_lines

    api.manage(env, "migrate", "--noinput", "-v0")
    for start in range(0, count, api.CHUNK):
        size = min(api.CHUNK, count - start)
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as chunk:
            chunk.write("\n".join(policy_lines(size, start=start)))
        api.manage(env, "import_policies", chunk.name, "--publish", "--create-missing",
                   stdout=subprocess.DEVNULL)  # fmt: skip
        os.unlink(chunk.name)
        print(f"seed: {start + size}/{count} policies", flush=True)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(str(count))


def redis_cache() -> str | None:
    """The Redis URL of the shared cache when a server answers (as production's
    CACHE_URL); each pass keys its entries under a prefix of its own, so a cold pass
    starts from nothing without emptying what other runs keep there."""
    sys.path.insert(0, str(ROOT / "bench"))
    import api

    try:
        import redis

        redis.Redis.from_url(api.REDIS_URL, socket_connect_timeout=1).ping()
        return api.REDIS_URL
    except Exception:
        return None


def forget_prefix(url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    for key in client.scan_iter(match=f"*{prefix}*", count=1000):
        client.delete(key)


def load_pass(env: dict, targets: dict, args, extra: dict, *, conditional: bool) -> dict:
    """wrk against the baseline (before and after) and each answer, on a fresh server."""
    sys.path.insert(0, str(ROOT / "bench"))
    import api

    prefix = f"bench-pages-{os.getpid()}-{time.monotonic_ns()}"
    env = {**env, **extra, "BENCH_CACHE_PREFIX": prefix}
    cache_url = redis_cache()
    if cache_url:
        env["CACHE_URL"] = cache_url
    port = api.free_port()
    base = f"http://127.0.0.1:{port}"
    # A first request after a publication may take longer than gunicorn's 30 s on a loaded
    # machine: not killed, so that it is measured.
    server = api.start_server(env, port, args.workers, timeout=300)
    postgres = "BENCH_DATABASE_URL" in env
    try:
        # Every answer asked once first: the counts, facets and page boundaries kept per
        # publication stamp are computed by the first request after a publication, not by
        # every. With caches, each URL (the first 20) is asked once: a page's ETag is kept
        # for the repeated requests, an API body is kept in the body cache.
        plan = {"baseline": [("/bench/constant.json", "")]}
        for name, urls in targets.items():
            if not conditional:
                first(base, name, urls[0])
                plan[name] = [(url, "") for url in urls]
                continue
            urls = urls[:CACHED_URLS]
            with ThreadPoolExecutor(args.connections) as pool:
                etags = list(pool.map(lambda url, name=name: first(base, name, url), urls))
            if name in API_ROWS:
                etags = [""] * len(urls)
            plan[name] = list(zip(urls, etags, strict=True))

        def measure(paths, duration):
            drain(base, args.connections)
            cpu_before = server_cpu(server.pid, postgres=postgres)
            run = api.run_wrk(base, paths, duration=duration, connections=args.connections)
            drain(base, args.connections)  # what was in progress is the answer's CPU too
            cpu = server_cpu(server.pid, postgres=postgres) - cpu_before
            run["cpu_ms"] = 1000 * cpu / max(1, run["requests"])
            return run

        # Cold, each answer is measured in rounds, each run between two runs of the bare
        # view (its cost: the CPU time a request over the bare view's then, their mean), and
        # its figures are the rounds' medians: a stall of the machine in one run moves one
        # round, not the figure, and a slower machine in one part of the pass slows the
        # bare view beside it as much.
        rounds = 1 if conditional else args.rounds
        runs = {name: [] for name in plan}
        for turn in range(rounds):
            bare = None
            for name, paths in plan.items():
                if turn == 0:
                    api.run_wrk(base, paths, duration=1, connections=args.connections)  # warm
                run = measure(paths, args.duration)
                if name == "baseline":
                    bare = run["cpu_ms"]
                elif not conditional:
                    after = measure(plan["baseline"], 1)["cpu_ms"]
                    run["cost"] = run["cpu_ms"] / max(1e-9, (bare + after) / 2)
                    bare = after
                runs[name].append(run)
        results = {name: combine(rows) for name, rows in runs.items()}
        for name, paths in plan.items():
            results[name]["conditional"] = any(etag for _, etag in paths)
            results[name]["urls"] = len(paths)
        after = measure(plan["baseline"], args.duration)
        results["baseline"]["rps_after"] = after["rps"]
        results["baseline"]["cpu_ms_after"] = after["cpu_ms"]
        return results
    finally:
        server.terminate()
        server.wait()
        if cache_url:
            forget_prefix(cache_url, prefix)


def combine(runs: list[dict]) -> dict:
    """An answer's figures over its rounds: the median of each, the sum of the counts."""
    figures = {
        key: statistics.median(run[key] for run in runs)
        for key in ("rps", "p50", "p95", "p99", "cpu_ms", "cost")
        if key in runs[0]
    }
    figures.update(
        errors=sum(run["errors"] for run in runs),
        requests=sum(run["requests"] for run in runs),
        rounds=len(runs),
    )
    return figures


def server_cpu(gunicorn: int, *, postgres: bool) -> float:
    """CPU seconds the server side has spent so far: gunicorn's processes (with SQLite, the
    database's work is theirs) and, with ``postgres``, every process of the machine's
    PostgreSQL cluster (the queries' work). wrk's and this script's are not counted."""
    processes = read_processes()
    roots = [gunicorn]
    if postgres:
        roots += [
            pid
            for pid, (comm, ppid, _) in processes.items()
            if comm == "postgres" and processes.get(ppid, ("",))[0] != "postgres"
        ]
    return sum(tree_cpu(root, processes) for root in roots)


def read_processes() -> dict[int, tuple[str, int, float]]:
    """pid → (command name, parent pid, CPU seconds of the process and of its children it
    has reaped), from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    processes = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended since the listing
            continue
        # The command name is in parentheses and may hold spaces and parentheses itself.
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks = sum(map(int, fields[11:15]))  # utime, stime, cutime, cstime
        processes[int(entry.name)] = (comm, int(fields[1]), ticks / tick)
    return processes


def tree_cpu(root: int, processes: dict | None = None) -> float:
    """CPU seconds of ``root`` and its descendants, those alive and those ended: an ended
    process's time is in its parent's children's time once reaped, so a PostgreSQL backend
    that closed during a run is counted as one that stayed. 0 when ``root`` is gone."""
    processes = read_processes() if processes is None else processes
    children: dict[int, list[int]] = {}
    for pid, (_, ppid, _) in processes.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        if pid in processes:
            total += processes[pid][2]
            stack += children.get(pid, [])
    return total


def drain(base: str, connections: int) -> None:
    """Wait until the workers have finished what wrk left them (a request in progress
    when wrk stops is still answered) by asking the bare view on every connection at
    once: the next run starts with idle workers."""
    import urllib.request

    def ask(_):
        urllib.request.urlopen(base + "/bench/constant.json", timeout=120).read()

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(ask, range(connections)))


def first(base: str, name: str, url: str) -> str:
    """Ask for ``url`` once; its ETag ("" without)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(base + url) as response:
            response.read()
            return response.headers.get("ETag") or ""
    except urllib.error.HTTPError as error:
        print(f"  {name}: {url} answered {error.code}", flush=True)
        return ""
    except OSError as error:  # a worker that timed out closes the connection
        print(f"  {name}: {url} failed: {error}", flush=True)
        return ""


def baseline_rps(results: dict) -> float:
    """The bare view's req/s of a pass: the mean of its runs before and after the pages."""
    base = results["baseline"]
    return (base["rps"] + base.get("rps_after", base["rps"])) / 2


def report_load(title: str, results: dict) -> None:
    baseline = baseline_rps(results)
    b = results["baseline"]
    print(f"\n{title}")
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "CPU ms")
    print(f"{'answer':<24}" + "".join(f"{c:>9}" for c in columns) + f"{'errors':>8}{'vs base':>9}")
    for name, r in results.items():
        note = "  (304)" if r.get("conditional") else ""
        if r.get("urls", 1) > 1:
            note += f"  ({r['urls']} URLs)"
        if name == "baseline":
            note = f"  (before; {b['rps_after']:.0f} after)"
        print(
            f"{name:<24}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
            f"{r['cpu_ms']:>9.2f}"
            f"{r['errors']:>8}{r['rps'] / baseline:>9.3f}{note}",
            flush=True,
        )


def baseline_cpu(results: dict) -> float:
    """The bare view's server CPU milliseconds a request in a pass (before and after)."""
    base = results["baseline"]
    return (base["cpu_ms"] + base.get("cpu_ms_after", base["cpu_ms"])) / 2


def cost_ratios(small: dict | None, large: dict | None, key: str = "cold") -> dict[str, float]:
    """Per answer, the larger library's cost over the smaller's. A cost (``load_pass``) is
    the server's CPU time a request, gunicorn's and PostgreSQL's, over the bare view's
    in the run next to it, the median of the rounds. Not the time a request takes
    relative to the pass's bare view: that moved by ±15% between runs of the same code
    on this machine, so a 1.3 ceiling could not be judged from it."""
    if not small or not large:
        return {}
    a, b = small["passes"][key], large["passes"][key]
    return {
        name: b[name]["cost"] / a[name]["cost"]
        for name in a
        if name != "baseline" and name in b and a[name]["requests"] and b[name]["requests"]
    }


def judge(records: dict) -> list[tuple[str, str, str, bool | None]]:
    """Every target for every measured combination: (combination, target, figures, met);
    met is None when the figures are missing."""
    verdicts = []
    for (db, size), record in records.items():
        combo = f"{engine_name(db)} {size:,}"
        cost_target = f"{max(SIZES):,} : {min(SIZES):,} cost ratio ≤ {MAX_COST_RATIO}, every page"
        if record is None:
            verdicts.append((combo, "every target", "not measured", None))
            if size == max(SIZES):
                verdicts.append((combo, cost_target, "not measured", None))
            continue
        cold, cached = record["passes"]["cold"], record["passes"]["cached"]
        for target, (rows, min_rps, max_p95) in COLD_TARGETS.items():
            for row in rows:
                r = cold.get(row)
                if r is None:
                    continue
                ok = (
                    r["rps"] >= min_rps
                    and (max_p95 is None or r["p95"] <= max_p95)
                    and not r["errors"]
                )
                figures = f"{row}: {r['rps']:.0f} req/s, p95 {r['p95']:.1f} ms"
                if r["errors"]:
                    figures += f", {r['errors']} errors"
                verdicts.append((combo, target, figures, ok))
        baseline = baseline_rps(cached)
        target = f"with caches ≥ {MIN_CACHED_SHARE}× the bare baseline, a repeated page"
        for row, r in cached.items():
            if row == "baseline" or row in API_ROWS:
                continue
            share = r["rps"] / baseline
            figures = f"{row}: {share:.2f}× ({r['rps']:.0f} req/s)"
            if not r.get("conditional"):  # a page with a form: private, no ETag
                verdicts.append((combo, target, figures + ", no ETag (a form)", "n/a"))
                continue
            verdicts.append((combo, target, figures, share >= MIN_CACHED_SHARE))
        if size == max(SIZES):
            small = records.get((db, min(SIZES)))
            small = small if small is not None else read_record(db, min(SIZES))
            ratios = cost_ratios(small, record)
            if not ratios:
                verdicts.append((combo, cost_target, f"{min(SIZES):,} not measured", None))
            for row, ratio in ratios.items():
                met = ratio <= MAX_COST_RATIO
                verdicts.append((combo, cost_target, f"{row}: {ratio:.2f}", met))
            if ratios:  # a row of both runs where no request finished: no ratio, not met
                for row in small["passes"]["cold"]:
                    if row != "baseline" and row in cold and row not in ratios:
                        figures = f"{row}: no request finished in a run"
                        verdicts.append((combo, cost_target, figures, None))
    return verdicts


def print_verdicts(verdicts) -> None:
    print("\nissue 31's targets")
    current = None
    for combo, target, figures, met in verdicts:
        if (combo, target) != current:
            current = (combo, target)
            print(f"  {combo}: {target}")
        mark = {True: "met", False: "MISSED", None: "not measured", "n/a": "n/a"}[met]
        print(f"    {mark:<13}{figures}")
    missed = sum(1 for v in verdicts if v[3] is False)
    unknown = sum(1 for v in verdicts if v[3] is None)
    met = sum(1 for v in verdicts if v[3] is True)
    print(
        f"\n{met} met, {missed} missed, {unknown} not measured"
        + ("; every target met" if not missed and not unknown else "")
    )


def markdown(records: dict, verdicts, args) -> str:
    """The figures as markdown tables, for the README's performance section."""
    measured = [r for r in records.values() if r]
    if not measured:
        return "(nothing measured yet)"
    meta = measured[0]["meta"]
    dates = sorted({r["meta"]["date"] for r in measured})
    loads = [load for r in measured for load in r["meta"]["load"]]
    commands = "\n".join(
        f"    {command}" for command in dict.fromkeys(r["meta"]["command"] for r in measured)
    )
    lines = [
        f"Machine: {meta['cores']} cores ({meta['cpu']}), load average "
        f"{min(loads):.1f}–{max(loads):.1f} during the run; measured {dates[0]}"
        + (f" to {dates[-1]}" if len(dates) > 1 else "")
        + f" at {', '.join(sorted({r['meta']['commit'] for r in measured}))} with",
        "",
        commands,
        "",
        f"gunicorn {meta['workers']} workers, wrk {meta['connections']} connections, "
        f"{meta['duration']} s an answer. Cold: no response cache, no conditional request, "
        "the API's body cache off; with caches: the page asked again with its ETag (304), "
        "the API's bodies cached. × bare: the share of a bare Django view's req/s in the same "
        "pass; CPU ms: the server's CPU time a request, gunicorn's and PostgreSQL's; "
        "100k : 10k: the page's CPU time a request at 100,000 policies over that at 10,000, "
        "each relative to the bare view's runs beside it (the median of the rounds).",
        "",
    ]
    if max(loads) > meta["cores"]:
        lines[-1:] = [
            "",
            f"The machine was busy (load average up to {max(loads):.0f} on {meta['cores']} "
            "cores): req/s and latencies are far below an idle machine's; the ratios to the "
            "bare view of the same pass hold better.",
            "",
        ]
    for db in ENGINES:
        sizes = [(s, records.get((db, s))) for s in SIZES if records.get((db, s))]
        if not sizes:
            continue
        ratios = cost_ratios(records.get((db, min(SIZES))), records.get((db, max(SIZES))))
        header = "| answer |"
        rule = "|---|"
        for size, _ in sizes:
            k = f"{size // 1000}k"
            header += (
                f" {k} cold req/s | {k} p95 ms | {k} × bare | {k} CPU ms | {k} cached × bare |"
            )
            rule += "---:|---:|---:|---:|---:|"
        if ratios:
            header += " 100k : 10k |"
            rule += "---:|"
        lines += [f"**{engine_name(db)}**", "", header, rule]
        names = list(sizes[0][1]["passes"]["cold"])
        for name in names:
            row = f"| {name} |"
            for _, record in sizes:
                cold, cached = record["passes"]["cold"], record["passes"]["cached"]
                r, c = cold.get(name), cached.get(name)
                if r is None:
                    row += " – | – | – | – | – |"
                    continue
                if name == "baseline":
                    row += (
                        f" {baseline_rps(cold):,.0f} | {r['p95']:.1f} | 1 |"
                        f" {baseline_cpu(cold):.2f} | 1 |"
                    )
                    continue
                share = f"{c['rps'] / baseline_rps(cached):.2f}" if c else "–"
                row += (
                    f" {r['rps']:,.0f} | {r['p95']:.1f} | {r['rps'] / baseline_rps(cold):.3f} |"
                    f" {r['cpu_ms']:.2f} | {share} |"
                )
            if ratios:
                row += f" {ratios[name]:.2f} |" if name in ratios else " – |"
            lines.append(row)
        lines.append("")
    lines += targets_table(records, verdicts)
    return "\n".join(lines)


def targets_table(records: dict, verdicts) -> list[str]:
    """Each target's verdict per combination, naming the rows that missed."""
    combos = [f"{engine_name(db)} {size:,}" for db, size in records]
    targets = list(dict.fromkeys(t for _, t, _, _ in verdicts if t != "every target"))
    lines = [
        "| target | " + " | ".join(combos) + " |",
        "|---|" + "---|" * len(combos),
    ]
    for target in targets:
        cells = []
        for combo in combos:
            found = [v for v in verdicts if v[0] == combo and v[1] == target]
            judged = [v for v in found if v[3] in (True, False)]
            missed = [v[2].split(":")[0] for v in judged if v[3] is False]
            if not judged:
                cells.append("–")
            elif missed:
                cells.append("**missed**: " + ", ".join(missed))
            else:
                cells.append("met")
        lines.append(f"| {target} | " + " | ".join(cells) + " |")
    counts = {k: sum(1 for v in verdicts if v[3] is k) for k in (True, False, None)}
    if counts[False] or counts[None]:
        summary = f"{counts[True]} met, {counts[False]} missed, {counts[None]} not measured."
    else:
        summary = "Every target met."
    lines += ["", summary]
    return lines


README_BEGIN = "<!-- bench/pages.py: begin -->"
README_END = "<!-- bench/pages.py: end -->"


def write_readme(text: str) -> None:
    """Replace the figures between the README's markers with ``text``."""
    readme = ROOT / "README.md"
    content = readme.read_text()
    start, end = content.find(README_BEGIN), content.find(README_END)
    if start < 0 or end < start:
        sys.exit(f"README.md has no {README_BEGIN} … {README_END} section")
    readme.write_text(content[: start + len(README_BEGIN)] + "\n" + text + "\n" + content[end:])
    print(f"README.md: figures replaced between {README_BEGIN} and {README_END}")


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


def commit() -> str:
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return out or "unknown"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def command_line(args) -> str:
    parts = ["python bench/pages.py"]
    parts += ["--all"] if args.all else [f"--db {args.db}", f"--policies {args.policies}"]
    parts.append(f"--duration {args.duration}")
    if args.rounds != 3:
        parts.append(f"--rounds {args.rounds}")
    if args.connections != 4:
        parts.append(f"--connections {args.connections}")
    if args.workers != 4:
        parts.append(f"--workers {args.workers}")
    return " ".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="in-process query counts (CI)")
    parser.add_argument(
        "--sizes",
        type=lambda s: tuple(int(n) for n in s.split(",")),
        default=(1000, 3000),
        help="--quick: the two library sizes (default 1000,3000)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # --quick's worker
    parser.add_argument(
        "--policies", type=int, default=10_000, help="library size, seeded once (10000)"
    )
    parser.add_argument("--db", choices=ENGINES, default="sqlite", help="database engine (sqlite)")
    parser.add_argument(
        "--all", action="store_true", help="10,000 and 100,000 policies on SQLite and PostgreSQL"
    )
    parser.add_argument(
        "--report", action="store_true", help="judge the kept figures, measure nothing"
    )
    parser.add_argument("--markdown", action="store_true", help="print the figures as markdown")
    parser.add_argument(
        "--readme", action="store_true", help="write the markdown into README.md's section"
    )
    parser.add_argument("--duration", type=int, default=10, help="seconds per answer (10)")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="cold: runs of each answer, each between two 1 s runs of the bare view; "
        "the figures are their medians (3)",
    )
    parser.add_argument("--connections", type=int, default=4, help="wrk's open connections (4)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes (4)")
    args = parser.parse_args()
    if args.measure:
        measure_main(Path(args.measure), args.policies)
    elif args.quick:
        quick_main(args)
    else:
        load_main(args)


if __name__ == "__main__":
    main()
