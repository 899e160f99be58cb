"""Indexing and query speed of the search backends.

    python bench/search.py [--sizes 10000 100000] [--queries 200] [--opensearch]
                           [--elasticsearch URL]

For each size N it generates N synthetic policies with interpretations (1-10 KB of
Chinese text each; a Zipf-distributed vocabulary of 5,000 words, so common words are in
most documents and rare ones in a few, as in real text), builds their index documents
(normalization included) and bulk-indexes them, timing documents per second; the same
run times building the documents alone (Python's normalization, no engine), the floor
the engine adds to. Then it runs a fixed set of queries (one and two words, common to
rare; with and without filters; with and without facets, every combination equally
often) and prints p50/p95/p99 latency over all of them and p95 for those with facets.
Last, it times 20 updates of one document each, as a publication makes them (p50 in
"update ms").

Backends: the embedded index (Tantivy) always (in a temporary folder); OpenSearch through
opensearch-py against osmem-server with --opensearch (in memory, and slow to analyze:
2,000 documents); Elasticsearch with --elasticsearch URL. Targets for the embedded backend on the
2-core machine: >= 500 documents/s; p95 <= 50 ms at 100,000 documents for queries with
facets.
"""

import argparse
import itertools
import os
import random
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

from search.backends.elastic import ElasticBackend, transport_for  # noqa: E402
from search.backends.embedded import EmbeddedBackend  # noqa: E402
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


class Corpus:
    def __init__(self, seed: int = 2026):
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

    def text(self, rng: random.Random, chars: int) -> str:
        out, size = [], 0
        while size < chars:
            sentence = "".join(
                rng.choices(self.words, cum_weights=self.cumulative, k=rng.randint(6, 14))
            )
            out.append(sentence + rng.choice("，。；。"))
            size += len(sentence) + 1
        return "".join(out)

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


def run(name, backend, corpus: Corpus, size: int, queries: list[Query]) -> dict:
    generating, building = [0.0], [0.0]

    def documents():
        for n in range(size):
            started = time.perf_counter()
            raw = corpus.raw(n)
            built = time.perf_counter()
            document = corpus.build(raw)  # normalization counts as indexing
            generating[0] += built - started
            building[0] += time.perf_counter() - built
            yield document

    started = time.perf_counter()
    indexed = backend.rebuild(documents())
    # The synthetic text's generation is not indexing work; leave it out.
    seconds = time.perf_counter() - started - generating[0]
    for query in queries[:10]:  # warm caches
        backend.search(query)
    latencies, faceted, totals = [], [], []
    for query in queries:
        t = time.perf_counter()
        result = backend.search(query)
        latencies.append((time.perf_counter() - t) * 1000)
        if query.facets:
            faceted.append(latencies[-1])
        totals.append(result.total)
    updates = []
    for n in range(0, size, max(1, size // 20))[:20]:
        document = corpus.document(n)
        t = time.perf_counter()
        backend.index_documents([document])
        updates.append((time.perf_counter() - t) * 1000)
    return {
        "update_ms": statistics.median(updates),
        "backend": name,
        "size": size,
        "docs_per_s": indexed / seconds,
        "build_per_s": indexed / building[0],
        "index_s": seconds,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "p95_facets": percentile(faceted, 95),
        "mean_hits": statistics.mean(totals),
        "max_hits": max(totals),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--opensearch", action="store_true", help="also osmem-server (2,000 documents)"
    )
    parser.add_argument("--elasticsearch", metavar="URL", help="also an Elasticsearch 8 cluster")
    args = parser.parse_args()
    corpus = Corpus()
    queries = corpus.queries(args.queries)
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as folder:
        for size in args.sizes:
            embedded = EmbeddedBackend(str(Path(folder) / f"index-{size}"))
            rows.append(run("embedded", embedded, corpus, size, queries))
            print_row(rows[-1])
            if args.elasticsearch:
                backend = ElasticBackend(
                    transport_for("elasticsearch", args.elasticsearch), index=f"bench-{size}"
                )
                rows.append(run("elasticsearch", backend, corpus, size, queries))
                print_row(rows[-1])
        if args.opensearch:
            from osmem_server import OsmemServer

            with OsmemServer.start(seed=[], freeze=False) as server:
                size = min(args.sizes[0], 2_000)
                backend = ElasticBackend(transport_for("opensearch", server.url), index="bench")
                rows.append(run("opensearch (osmem)", backend, corpus, size, queries))
                print_row(rows[-1])
    print(
        "\ndocs/s: indexing with normalization; build/s: normalization alone (the baseline);"
        " p95 fac: queries with facets"
    )
    print("targets, embedded: >= 500 documents/s; p95 with facets <= 50 ms at 100,000 documents")
    for row in rows:
        if row["backend"] == "embedded":
            ok_rate = row["docs_per_s"] >= 500
            ok_p95 = row["size"] < 100_000 or row["p95_facets"] <= 50
            print(
                f"  {row['size']:>7}: indexing {'met' if ok_rate else 'MISSED'}"
                + (
                    ""
                    if row["size"] < 100_000
                    else f", p95 with facets {'met' if ok_p95 else 'MISSED'}"
                )
            )


HEADER_PRINTED = []


def print_row(row):
    if not HEADER_PRINTED:
        print(
            f"{'backend':<20}{'docs':>8}{'docs/s':>9}{'build/s':>9}{'index s':>9}{'p50 ms':>9}"
            f"{'p95 ms':>9}{'p99 ms':>9}{'p95 fac':>9}{'mean hits':>11}{'max hits':>10}"
            f"{'update ms':>11}"
        )
        HEADER_PRINTED.append(1)
    print(
        f"{row['backend']:<20}{row['size']:>8}{row['docs_per_s']:>9.0f}{row['build_per_s']:>9.0f}"
        f"{row['index_s']:>9.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}"
        f"{row['p95_facets']:>9.1f}{row['mean_hits']:>11.0f}{row['max_hits']:>10}"
        f"{row['update_ms']:>11.1f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
