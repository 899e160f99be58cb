"""Indexing and query speed of the search backends, up to a million documents.

    python bench/search.py [--sizes 10000 100000 1000000] [--queries 200]
                           [--opensearch [SIZE]] [--opensearch-budget SECONDS]
                           [--elasticsearch URL] [--folder DIR]

For each size N it generates N synthetic policies with interpretations (1-10 KB of
Chinese text each; a Zipf-distributed vocabulary of 5,000 words, so common words are in
most documents and rare ones in a few, as in real text; sentences are drawn from a pool
of 200,000 made once, so generating a million documents takes minutes, not an hour),
streams their index documents (normalization included; never more than one in memory)
into a rebuild and times documents per second, wall clock and per CPU second of the
process; the same run times building the documents alone (Python's normalization, no
engine), the floor the engine adds to. The synthetic text's generation is left out.

Then it runs a fixed set of queries (one and two words, common to rare; with and without
filters; with and without facets, every combination equally often), each as the search
page runs it: the backend's search, then every shown hit made into the page's item with
its highlights (``search.service.hit_item``: marked title, body fragments, matched
interpretations), each as the first search of its words since the index's last commit
(the counts the embedded backend keeps for a commit forgotten before each). It prints
p50/p95/p99 latency over all of them, p95 for those with facets, and the p95 of the
engine alone; then the same searches again (another page or visitor at the same commit:
their counts kept) and their p95. Then 20 updates of one document each, as a
publication makes them (p50 and slowest). Memory: the peak resident size of the process
(of the server's process for OpenSearch), and the embedded index's size on disk.

Backends: the embedded index (Tantivy) always (in a temporary folder under --folder);
OpenSearch through opensearch-py against osmem-server with --opensearch (in memory, and
slow to analyze: 100,000 documents by default, or as many as --opensearch-budget seconds
of indexing allow, said in the output); Elasticsearch with --elasticsearch URL.

Targets for the embedded backend on the 2-core machine, at every size up to 1,000,000:
>= 1,000 documents/s; p95 <= 50 ms with facets and highlights. The machine's load average
is printed beside each row: on a shared machine, compare docs per CPU second.
"""

import argparse
import itertools
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policy_cms.settings.base")

import django  # noqa: E402

django.setup()

from search import service  # noqa: E402
from search.backends.elastic import ElasticBackend, transport_for  # noqa: E402
from search.backends.embedded import CURRENT, EmbeddedBackend  # noqa: E402
from search.documents import TEXT_FIELDS  # noqa: E402
from search.query import Query  # noqa: E402
from search.text import doc_number_key, normalize, tokens  # noqa: E402

COMMON = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能"
    "下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量"
    "都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各"
    "重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代"
    "想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接"
    "知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北"
    "造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打"
    "白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今"
    "集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近"
    "矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写"
    "存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听"
    "该铁价严龙飞"
)
AGENCIES = [(n, f"滨江市第{n}局") for n in range(1, 21)]
DIVISIONS = [(100 + n, f"第{n}处") for n in range(1, 61)]
DOC_TYPES = ["normative", "policy", "notice", "plan", "report"]
VOCABULARY_SIZE = 5000
SENTENCES = 200_000


class Corpus:
    def __init__(self, seed: int = 2026, sentences: int = SENTENCES):
        rng = random.Random(seed)
        words = set()
        while len(words) < VOCABULARY_SIZE:
            words.add("".join(rng.choice(COMMON) for _ in range(rng.choice((2, 2, 2, 3, 4)))))
        self.words = sorted(words)
        rng.shuffle(self.words)
        # Zipf: the word of rank r is drawn with weight 1 / r.
        self.cumulative = list(
            itertools.accumulate(1 / (rank + 1) for rank in range(len(self.words)))
        )
        self.seed = seed
        # Sentences of 6 to 14 words, each ended by a mark; a text is drawn from these.
        self.sentences = [
            "".join(rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(6, 14)))
            + rng.choice("，。；。")
            for _ in range(sentences)
        ]
        self.mean_sentence = statistics.mean(map(len, self.sentences))

    def text(self, rng: random.Random, chars: int) -> str:
        """About ``chars`` characters of whole sentences (at least one)."""
        return "".join(rng.choices(self.sentences, k=max(1, round(chars / self.mean_sentence))))

    def document(self, n: int) -> dict:
        return self.build(self.raw(n))

    def raw(self, n: int) -> dict:
        """The n-th policy's original fields (the part of the work that is not indexing)."""
        rng = random.Random(self.seed * 1_000_003 + n)
        agency, division = rng.choice(AGENCIES), rng.choice(DIVISIONS)
        year = 2005 + n % 21
        title = f"关于{self.text(rng, 8)[:-1]}的{rng.choice(['通知', '办法', '意见', '方案'])}"
        doc_number = f"滨{agency[0]}〔{year}〕{n}号"
        # 1-10 KB of UTF-8 text in all: three bytes a character.
        body = self.text(rng, rng.randint(300, 2600))
        interpretations = [
            {
                "id": n * 10 + i,
                "title": f"解读{i}",
                "form": "text",
                "stage": "synchronous",
                "url": "",
                "text": self.text(rng, rng.randint(100, 600)),
            }
            for i in range(rng.choice((1, 1, 2)))
        ]
        summary = self.text(rng, 60)
        return {
            "id": n + 1,
            "title": title,
            "doc_number": doc_number,
            "doc_number_key": doc_number_key(doc_number),
            "index_number": f"000/{year}-{n:06d}",
            "agency": {"id": agency[0], "name": agency[1]},
            "division": {"id": division[0], "name": division[1]},
            "doc_type": DOC_TYPES[n % len(DOC_TYPES)],
            "topics": sorted(set(rng.choices(self.words[:200], k=2))),
            "issued_on": f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}",
            "year": year,
            "published_at": None,
            "url": "",
            "summary": summary,
            "body": body,
            "interpretations": interpretations,
            "plugins": {},
            "plugin_terms": [],
        }

    @staticmethod
    def build(raw: dict) -> dict:
        """The index document, as search.documents builds it: normalized copies added."""
        texts = {name: raw[name] for name in ("title", "doc_number", "summary", "body")}
        texts["interpretations"] = "\n".join(i["text"] for i in raw["interpretations"])
        texts["extra"] = ""
        return {**raw, **{f"{name}_n": normalize(texts[name]) for name in TEXT_FIELDS}}

    def queries(self, count: int) -> list[Query]:
        rng = random.Random(7)
        out = []
        for i in range(count):
            # Every 16 queries hold each combination of filters (i % 4), facets
            # ((i // 4) % 2) and one or two words ((i // 8) % 2).
            # Ranks spread evenly on a log scale, from the most common words to rare ones.
            words = [
                self.words[int(10 ** rng.uniform(0.5, 3.6)) % len(self.words)]
                for _ in range(1 + (i // 8) % 2)
            ]
            text = normalize("".join(words))
            filters = {}
            if i % 4 == 1:
                filters = {"doc_type": rng.choice(DOC_TYPES)}
            elif i % 4 == 3:
                filters = {"year_from": 2015, "year_to": 2020, "agency": rng.randint(1, 20)}
            out.append(
                Query(
                    text=text,
                    tokens=tuple(dict.fromkeys(t for w in words for t in tokens(normalize(w)))),
                    filters=filters,
                    limit=20,
                    facets=(i // 4) % 2 == 0,
                )
            )
        return out


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def cpu_seconds() -> float:
    """CPU time of the whole process, every thread (the engine's indexing threads too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_rss_mb(pid: int | None = None) -> float:
    """The peak resident size of this process, or of another (a server) by its pid."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def disk_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


def run(
    name,
    backend,
    corpus: Corpus,
    size: int,
    queries: list[Query],
    budget: float | None = None,
    reuse: bool = False,
) -> dict:
    generating, building, count = [0.0], [0.0], [0]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()

    def documents():
        for n in range(size):
            if budget is not None and time.perf_counter() - started > budget:
                return  # as many as the budget allowed; the row says how many
            t, cpu = time.perf_counter(), time.thread_time()
            raw = corpus.raw(n)
            built = time.perf_counter()
            document = corpus.build(raw)  # normalization counts as indexing
            generating[0] += built - t
            building[0] += time.perf_counter() - built
            generating.append(time.thread_time() - cpu)  # generation's CPU, to leave out
            count[0] += 1
            yield document
            if count[0] % 100_000 == 0:
                print(f"  … {name}: {count[0]:,} documents", file=sys.stderr, flush=True)

    cpu = cpu_seconds()
    # A kept index is there already: measure its searches again.
    indexed = size if reuse else backend.rebuild(documents())
    # The synthetic text's generation is not indexing work; leave it out.
    seconds = time.perf_counter() - started - generating[0]
    cpu = max(1e-9, cpu_seconds() - cpu - sum(generating[1:]))
    for query in queries[:10]:  # warm caches
        backend.search(query)
    latencies, faceted, engine, totals, cpu_ms = [], [], [], [], []
    # Each query measured as a first search of its words and filters since the last
    # commit: the embedded backend keeps a search's counts for the commit, which a repeat
    # (another page, the same page again) does not pay.
    forget_counts = getattr(backend, "forget_counts", lambda: None)
    for query in queries:
        forget_counts()
        t, process_cpu = time.perf_counter(), time.process_time()
        result = backend.search(query)
        searched = time.perf_counter()
        # What the search page does with the hits it shows: titles marked, fragments cut.
        items = [service.hit_item(hit.source, query, "") for hit in result.hits]
        latencies.append((time.perf_counter() - t) * 1000)
        cpu_ms.append((time.process_time() - process_cpu) * 1000)
        engine.append((searched - t) * 1000)
        if query.facets:
            faceted.append(latencies[-1])
        totals.append(result.total)
        assert len(items) == len(result.hits)
    # The same searches again, as a second page or a second visitor at the same commit
    # makes them: their counts are kept (the embedded backend), their hits scored again.
    repeated = []
    for query in queries:
        backend.search(query)
    for query in queries:
        t = time.perf_counter()
        result = backend.search(query)
        [service.hit_item(hit.source, query, "") for hit in result.hits]
        repeated.append((time.perf_counter() - t) * 1000)
    updates = []
    for n in range(0, indexed, max(1, indexed // 20))[:20]:
        document = corpus.document(n)
        t = time.perf_counter()
        backend.index_documents([document])
        updates.append((time.perf_counter() - t) * 1000)
    return {
        "backend": name,
        "size": indexed,
        "asked": size,
        # A kept index was not indexed in this run: no rate (nan prints as such).
        "docs_per_s": float("nan") if reuse else indexed / seconds,
        "docs_per_cpu_s": float("nan") if reuse else indexed / cpu,
        "build_per_s": float("nan") if reuse else indexed / max(building[0], 1e-9),
        "index_s": seconds,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "p95_facets": percentile(faceted, 95),
        "p95_engine": percentile(engine, 95),
        "p95_cpu": percentile(cpu_ms, 95),
        "p95_repeated": percentile(repeated, 95),
        "mean_hits": statistics.mean(totals),
        "max_hits": max(totals),
        "update_ms": statistics.median(updates),
        "update_max_ms": max(updates),
        "rss_mb": peak_rss_mb(),
        "disk_mb": None,
        "load": (load_before, os.getloadavg()[0]),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=int, nargs="*", default=[10_000, 100_000], help="none: only OpenSearch"
    )
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--opensearch",
        type=int,
        nargs="?",
        const=100_000,
        metavar="SIZE",
        help="also osmem-server, with SIZE documents (100,000)",
    )
    parser.add_argument(
        "--opensearch-budget",
        type=float,
        metavar="SECONDS",
        help="stop feeding osmem after this long and measure the documents it has",
    )
    parser.add_argument("--elasticsearch", metavar="URL", help="also an Elasticsearch 8 cluster")
    parser.add_argument("--folder", help="where the embedded index is built (a temporary folder)")
    parser.add_argument(
        "--keep",
        metavar="DIR",
        help="build the embedded index in DIR/index-SIZE and keep it; when it is there"
        " already, measure its searches again without indexing",
    )
    args = parser.parse_args()
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        flush=True,
    )
    corpus = Corpus()
    queries = corpus.queries(args.queries)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-search-", dir=args.folder) as folder:
        for size in args.sizes:
            path = Path(args.keep or folder) / f"index-{size}"
            reuse = bool(args.keep) and (path / CURRENT).exists()
            embedded = EmbeddedBackend(str(path))
            rows.append(run("embedded", embedded, corpus, size, queries, reuse=reuse))
            rows[-1]["disk_mb"] = disk_mb(path)
            rows[-1]["reused"] = reuse
            print_row(rows[-1])
            if not args.keep:
                shutil.rmtree(path, ignore_errors=True)
            if args.elasticsearch:
                backend = ElasticBackend(
                    transport_for("elasticsearch", args.elasticsearch), index=f"bench-{size}"
                )
                rows.append(run("elasticsearch", backend, corpus, size, queries))
                print_row(rows[-1])
        if args.opensearch:
            from osmem_server import OsmemServer

            with OsmemServer.start(seed=[], freeze=False) as server:
                transport = transport_for("opensearch", server.url)
                # osmem analyzes slowly: a bulk request of 500 documents takes more than
                # the client's 30 seconds on a loaded machine.
                transport.client = type(transport.client)(hosts=[server.url], timeout=900)
                backend = ElasticBackend(transport, index="bench")
                rows.append(
                    run(
                        "opensearch (osmem)",
                        backend,
                        corpus,
                        args.opensearch,
                        queries,
                        budget=args.opensearch_budget,
                    )
                )
                rows[-1]["rss_mb"] = peak_rss_mb(server.process.pid)
                print_row(rows[-1])
    print(
        "\ndocs/s: indexing with normalization, wall clock; /cpu-s: per CPU second of the"
        " process; build/s: normalization alone (the baseline); latency: search and the"
        " page's highlights; fac: queries with facets; engine: the search alone;"
        " cpu: p95 of the CPU time (all threads) of a search and highlights;"
        " again: p95 of the same searches repeated (counts kept for the commit);"
        " RSS: peak resident MB (the server's for osmem); disk: MB on disk"
    )
    for row in rows:
        if row["size"] < row["asked"]:
            print(
                f"  {row['backend']}: {row['size']:,} of {row['asked']:,} documents in the"
                f" {args.opensearch_budget:.0f} s budget ({row['docs_per_s']:.0f} documents/s)"
            )
    print("targets, embedded: >= 1,000 documents/s; p95 <= 50 ms with facets and highlights")
    for row in rows:
        if row["backend"] != "embedded":
            continue
        indexing = (
            "indexing not measured (a kept index)"
            if row.get("reused")
            else f"indexing {row['docs_per_s']:,.0f} documents/s"
            f" ({row['docs_per_cpu_s']:,.0f} per CPU second) {verdict(row['docs_per_s'] >= 1000)}"
        )
        print(
            f"  {row['size']:>9,}: {indexing}"
            f"; p95 {row['p95']:.1f} ms {verdict(row['p95'] <= 50)}"
            f"; p95 with facets {row['p95_facets']:.1f} ms {verdict(row['p95_facets'] <= 50)}"
            f" (CPU p95 {row['p95_cpu']:.1f} ms)"
            f"; repeated, p95 {row['p95_repeated']:.1f} ms"
            f"; peak RSS {row['rss_mb']:,.0f} MB; index {row['disk_mb'] / 1000:,.2f} GB on disk"
            f"; update p50 {row['update_ms']:.0f} ms (slowest {row['update_max_ms']:.0f})"
            f"; load {row['load'][0]:.1f} → {row['load'][1]:.1f}"
        )


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


HEADER_PRINTED = []


def print_row(row):
    if not HEADER_PRINTED:
        print(
            f"{'backend':<19}{'docs':>9}{'docs/s':>8}{'/cpu-s':>8}{'build/s':>8}{'index s':>9}"
            f"{'p50':>7}{'p95':>7}{'p99':>7}{'fac':>7}{'engine':>7}{'cpu':>7}{'again':>7}{'hits':>8}"
            f"{'upd ms':>8}{'RSS':>7}{'disk':>7}{'load':>11}"
        )
        HEADER_PRINTED.append(1)
    disk = "" if row["disk_mb"] is None else f"{row['disk_mb']:.0f}"
    print(
        f"{row['backend']:<19}{row['size']:>9}{row['docs_per_s']:>8.0f}"
        f"{row['docs_per_cpu_s']:>8.0f}{row['build_per_s']:>8.0f}{row['index_s']:>9.1f}"
        f"{row['p50']:>7.1f}{row['p95']:>7.1f}{row['p99']:>7.1f}{row['p95_facets']:>7.1f}"
        f"{row['p95_engine']:>7.1f}{row['p95_cpu']:>7.1f}{row['p95_repeated']:>7.1f}"
        f"{row['mean_hits']:>8.0f}{row['update_ms']:>8.1f}"
        f"{row['rss_mb']:>7.0f}{disk:>7}{row['load'][0]:>5.1f}→{row['load'][1]:<5.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
