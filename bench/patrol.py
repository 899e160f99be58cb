"""The link patrol against many links: its concurrency next to checking one by one.

    python bench/patrol.py [--links 2000] [--hosts 40] [--sequential 200] [--seed 1]

1. A local HTTP server (threads) answers on the loopback addresses 127.0.0.1 … 127.0.0.N,
   one "host" each, so the per-host limit and delay act as they would across many sites.
   Each link's page takes a random 0–500 ms (fixed by the seed) and 5 % of them are 404s.
2. The patrol's checks (``plugins.govservice.patrol.check_all``) of every link with the
   production defaults (20 at once, 2 per host, 0.5 s between one host's requests): wall
   time, and the Python memory they took at their peak (tracemalloc) and the process's
   peak resident size.
3. In the same run, the same checks one at a time (the first ``--sequential`` links; the
   wall time for all of them is extrapolated from those), as a plain checker would.
4. Prints both, the speed-up, and that both found the same outcomes for the same links.

The database is not part of it: recording a check is one small transaction per link.
"""

import argparse
import asyncio
import os
import random
import resource
import sys
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policy_cms.settings.demo")
os.environ["OUTBOUND_ALLOWED_DESTINATIONS"] = "127.0.0.1:*"  # the bench's sites, on the loopback

import django  # noqa: E402

django.setup()

from cms.operations.outbound import client  # noqa: E402
from plugins.govservice import conf  # noqa: E402
from plugins.govservice.checker import HostThrottle, check  # noqa: E402
from plugins.govservice.patrol import check_all  # noqa: E402

PAGE = (
    "<html><head><title>统计调查项目审批 - 江岭市政务服务网</title></head><body>办理</body></html>"
)


def plan(links: int, seed: int) -> dict[int, tuple[float, int]]:
    """Link number → (latency in seconds, status)."""
    rng = random.Random(seed)
    return {n: (rng.uniform(0, 0.5), 404 if rng.random() < 0.05 else 200) for n in range(links)}


def serve(answers: dict) -> ThreadingHTTPServer:
    class Site(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def answer(self, with_body):
            number = int(self.path.rsplit("/", 1)[-1])
            latency, status = answers[number]
            time.sleep(latency)
            body = PAGE.encode() if status == 200 else b"<title>404</title>"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)

        def do_HEAD(self):
            self.answer(False)

        def do_GET(self):
            self.answer(True)

        def log_message(self, *args):
            pass

    # Every 127.x address reaches a socket bound to all addresses; the bench stays local.
    server = ThreadingHTTPServer(("0.0.0.0", 0), Site)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


async def one_by_one(links):
    throttle = HostThrottle(per_host=1, delay=0)
    results = []
    async with client(timeout=conf.get("GOVSERVICE_TIMEOUT")) as http:
        for pk, url, words in links:
            results.append((pk, await check(http, throttle, url, words)))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--links", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=40)
    parser.add_argument("--sequential", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    answers = plan(args.links, args.seed)
    server = serve(answers)
    port = server.server_address[1]
    words = ["统计调查项目审批", "江岭市统计局"]
    links = [(n, f"http://127.0.0.{1 + n % args.hosts}:{port}/item/{n}", words) for n in answers]
    print(
        f"{args.links} links on {args.hosts} hosts, 0–500 ms each, "
        f"{sum(s == 404 for _l, s in answers.values())} answer 404"
    )
    print(
        f"patrol settings: {conf.get('GOVSERVICE_CONCURRENCY')} at once, "
        f"{conf.get('GOVSERVICE_PER_HOST')} per host, "
        f"{conf.get('GOVSERVICE_HOST_DELAY')} s between one host's requests"
    )

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    started = time.perf_counter()
    concurrent = asyncio.run(check_all(links))
    patrol_seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    sample = links[: args.sequential]
    started = time.perf_counter()
    sequential = asyncio.run(one_by_one(sample))
    sample_seconds = time.perf_counter() - started
    sequential_seconds = sample_seconds * len(links) / len(sample)
    server.shutdown()

    outcomes = dict((pk, r.outcome) for pk, r in concurrent)
    agree = all(outcomes[pk] == r.outcome for pk, r in sequential)
    failed = sum(r.outcome != "ok" for _pk, r in concurrent)
    print(f"patrol (concurrent): {patrol_seconds:7.1f} s for {len(links)} links, {failed} not ok")
    print(
        f"one by one:          {sequential_seconds:7.1f} s "
        f"(measured {sample_seconds:.1f} s for the first {len(sample)}, extrapolated)"
    )
    print(f"speed-up:            {sequential_seconds / patrol_seconds:7.1f}×")
    print(
        f"memory: peak {peak / 2**20:.1f} MiB of Python objects while checking; "
        f"process peak RSS {rss_after / 1024:.0f} MiB (+{(rss_after - rss_before) / 1024:.0f})"
    )
    print(f"same outcomes one by one: {'yes' if agree else 'NO'}")


if __name__ == "__main__":
    main()
