"""Load the public HTML pages under gunicorn with wrk; or, with ``--quick``, count their
queries in-process at two library sizes.

    python bench/pages.py [--policies 10000] [--db sqlite|postgres] [--duration 10]
    python bench/pages.py --quick [--sizes 1000,3000]

The pages: the home page, a library's first and a deep page, with and without filters,
a policy page, an interpretation page, the search page, the disclosure catalogue (first
and deep page), and the first public page each plugin lists in the sitemap (hook
``sitemap_items``: the message board, the validity catalogue, the consultations, ...), so
a later plugin's page is measured too.

Load (the default):

1. Seeds N synthetic policies with bench/api.py's seeding (the import's fast path), into
   a SQLite file under bench/.cache or, with ``--db postgres``, the database
   ``bench_pages_<N>`` at 127.0.0.1:5432; both are kept between runs.
2. Starts gunicorn with the bench settings and runs wrk against each page and against
   the bare baseline (a constant JSON view) in the same run, twice: cold (every request
   builds its page: no response cache, no conditional request; the values kept per
   publication stamp, which the first request after a publication computes, warmed by
   one request) and with caches (a repeated page asks with its ETag, as a browser or a
   proxy does, and a public page is answered 304).
3. Prints req/s, p50/p95/p99, the ratio to the baseline and, when the other size was
   measured before (bench/.cache/pages-<db>-<N>.json), the cost ratio of the two sizes
   per page (the larger's mean latency over the smaller's).

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
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
CACHE = ROOT / "bench" / ".cache"
POSTGRES = "postgres://postgres@127.0.0.1:5432/{name}"


# --- which pages ---------------------------------------------------------------------


def page_urls() -> dict[str, str]:
    """Name → URL of every public page measured, read from the database (call with Django
    set up). The same names at every size; the deep pages are halfway down the list."""
    from django.db.models import Count

    from cms.extend import plugin_manager
    from cms.models import PolicyLibraryPage
    from cms.models.home import LIBRARY_PAGE_SIZE, public_policies
    from interpretations.models import InterpretationPage

    urls = {"home": "/"}
    library = (
        PolicyLibraryPage.objects.live()
        .annotate(n=Count("agency__policies"))
        .order_by("-n", "pk")
        .first()
    )
    if library is not None:
        url = library.url
        in_library = public_policies().child_of(library)
        pages = max(1, -(-in_library.count() // LIBRARY_PAGE_SIZE))
        year = in_library.order_by("issued_on", "pk").values_list("issued_on", flat=True).first()
        urls["library"] = url
        urls["library_deep"] = f"{url}?page={max(2, pages // 2)}"
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


def load_main(args) -> None:
    """Seed (or reuse) the database, then measure every page cold and with caches."""
    import shutil

    sys.path.insert(0, str(ROOT / "bench"))
    import api  # bench/api.py: seeding, gunicorn, wrk

    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    env = api.environment(CACHE / f"api-{args.policies}.sqlite3")
    if args.db == "postgres":
        env["BENCH_DATABASE_URL"] = POSTGRES.format(name=f"bench_pages_{args.policies}")
        env["SEARCH_EMBEDDED_PATH"] = str(CACHE / f"pages-postgres-{args.policies}.search")
        database = CACHE / f"pages-postgres-{args.policies}.marker"
        seed_postgres(args.policies, env, database)
    else:
        database = CACHE / f"api-{args.policies}.sqlite3"
        api.seed(args.policies, database)  # the API bench's database, kept between runs
        api.manage(env, "migrate", "--noinput", "-v0")  # this branch's indexes
    urls = json.loads(
        subprocess.run(
            [sys.executable, "-c", URLS_SCRIPT], env=env, check=True, capture_output=True, text=True
        ).stdout.splitlines()[-1]
    )
    print(
        f"{args.policies} policies ({args.db}); gunicorn {args.workers} workers; wrk 2 threads,"
        f" {args.connections} connections, {args.duration} s a page; {os.cpu_count()} cores"
    )
    passes = {  # title: whether a repeated page asks with its ETag
        "cold: every page built (no response cache, no conditional request)": False,
        "with caches: a repeated page asks with its ETag (304 where the page is public)": True,
    }
    figures = {}
    for title, conditional in passes.items():
        figures[title] = results = load_pass(env, urls, args, {}, conditional=conditional)
        report_load(title, results)
    record = CACHE / f"pages-{args.db}-{args.policies}.json"
    record.write_text(json.dumps(figures))
    compare_sizes(args, figures)


# Run in the bench's environment: the page URLs of this database, as JSON.
URLS_SCRIPT = """
import django, json
django.setup()
from bench.pages import page_urls
print(json.dumps(page_urls()))
"""


def seed_postgres(count: int, env: dict, marker: Path) -> None:
    """The PostgreSQL database ``bench_pages_<count>``, seeded once through the import."""
    if marker.exists():
        print(f"seed: reusing bench_pages_{count} ({count} policies)")
        return
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE bench_pages_{count}"],
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
    marker.write_text(str(count))


def load_pass(env: dict, urls: dict, args, extra: dict, *, conditional: bool) -> dict:
    """wrk against the baseline and each page, on a fresh server with ``extra`` settings."""
    import urllib.request

    sys.path.insert(0, str(ROOT / "bench"))
    import api

    env = {**env, **extra}
    cache_url = api.redis_cache()  # emptied: cold starts from nothing
    if cache_url:
        env["CACHE_URL"] = cache_url
    port = api.free_port()
    base = f"http://127.0.0.1:{port}"
    server = api.start_server(env, port, args.workers)
    try:
        results = {"baseline": None}
        targets = {"baseline": [("/bench/constant.json", "")]}
        for name, url in urls.items():
            # Once each: the counts, facets and page boundaries kept per publication
            # stamp are computed by the first request after a publication, not by every.
            with urllib.request.urlopen(base + url) as response:
                etag = response.headers.get("ETag") or ""
            targets[name] = [(url, etag if conditional else "")]
        for name, paths in targets.items():
            api.run_wrk(base, paths, duration=1, connections=args.connections)  # warm up
            results[name] = api.run_wrk(
                base, paths, duration=args.duration, connections=args.connections
            )
            results[name]["conditional"] = bool(paths[0][1])
        return results
    finally:
        server.terminate()
        server.wait()


def report_load(title: str, results: dict) -> None:
    baseline = results["baseline"]["rps"]
    print(f"\n{title}")
    columns = ("req/s", "p50 ms", "p95 ms", "p99 ms")
    print(f"{'page':<24}" + "".join(f"{c:>9}" for c in columns) + f"{'errors':>8}{'vs base':>9}")
    for name, r in results.items():
        note = "  (304)" if r.get("conditional") else ""
        print(
            f"{name:<24}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['p95']:>9.2f}{r['p99']:>9.2f}"
            f"{r['errors']:>8}{r['rps'] / baseline:>9.3f}{note}"
        )


def compare_sizes(args, figures: dict) -> None:
    """The cost ratio of the larger size to the smaller per page, when both were measured
    (cost: a request's time relative to the baseline's of the same run)."""
    sizes = sorted(int(p.stem.rsplit("-", 1)[1]) for p in CACHE.glob(f"pages-{args.db}-*.json"))
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    a = json.loads((CACHE / f"pages-{args.db}-{small}.json").read_text())
    b = json.loads((CACHE / f"pages-{args.db}-{large}.json").read_text())
    for title in a:
        if title not in b:
            continue
        print(f"\n{large:,} : {small:,} cost ratio ({title.split(':')[0]})")
        base_a, base_b = a[title]["baseline"]["rps"], b[title]["baseline"]["rps"]
        for name in a[title]:
            if name == "baseline" or name not in b[title]:
                continue
            ratio = (base_b / b[title][name]["rps"]) / (base_a / a[title][name]["rps"])
            print(f"  {name:<24}{ratio:>6.2f}")


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
    parser.add_argument("--policies", type=int, default=10_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--duration", type=int, default=10, help="seconds per page")
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    args = parser.parse_args()
    if args.measure:
        measure_main(Path(args.measure), args.policies)
    elif args.quick:
        quick_main(args)
    else:
        load_main(args)


if __name__ == "__main__":
    main()
