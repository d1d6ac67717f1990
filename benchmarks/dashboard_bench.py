"""Server time of the corpus dashboard's aggregations over a large synthetic store.

Fills a fresh SQLite store with N synthetic documents (default 100,000; about
1,200 characters each, 10 outlets, 3 languages, dates over two years) with
22 spans each (3 technique, 4 entity with a role each, 1 quote, 1 claim, 1 source,
4 sentence, 1 paragraph, 1 narrative, 1 frame, 1 genre; quotes drawn from a pool
where popular ones repeat, 30 % of copies edited), written through ``Store.write``
in batches, then times every ``/api/corpus/...`` endpoint and the actor page (for
the actor named in most documents and for a rare one) through the app in-process
(no network), without filters and with filters. Target: ≤ 1 s per request.

    python benchmarks/dashboard_bench.py                 # 100,000 documents
    python benchmarks/dashboard_bench.py --docs 20000 --repeat 3
    python benchmarks/dashboard_bench.py --db /tmp/big.db          # fill once, then reuse the store
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app

OUTLETS = [f"Outlet {i}" for i in range(10)]
LANGUAGES = ["en", "ar", "ru"]
TECHNIQUES = [
    "Loaded_Language", "Name_Calling-Labeling", "Doubt", "Exaggeration-Minimisation", "Repetition",
    "Appeal_to_Fear-Prejudice", "Flag_Waving", "Whataboutism", "Slogans", "Causal_Oversimplification",
]  # fmt: skip
ACTORS = ["us", "ru", "sy", "ua", "isis"] + [f"per:person-{i}" for i in range(300)]
ROLES = ["Protagonist", "Antagonist", "Innocent"]
NARRATIVES = ["URW: Blaming the war on others", "URW: Discrediting Ukraine", "CC: Criticism of institutions"]
FRAMES = ["Economic", "Political", "Security_and_defense", "Morality"]
CITED = ["reuters", "afp", "ap", "sohr", "tass", "bbc", "almasdar", "sana"]
VOCABULARY = [
    "the", "council", "said", "on", "tuesday", "that", "bridge", "engineers", "warnings", "years",
    "city", "report",
]  # fmt: skip
ENDPOINTS = [
    ("techniques", {}),
    ("actors", {}),
    ("timeline", {"bucket": "month"}),
    ("timeline", {"bucket": "week"}),
    ("timeline", {"bucket": "day"}),
    ("citations", {}),
    ("speakers", {}),
    ("claims", {}),
    ("quote-clusters", {}),
    ("claim-clusters", {}),
    ("wording", {}),
    ("wording", {"actor": "us"}),
    ("actor-roles", {}),
]
ACTOR_PAGES = ["us", "ru", "ua", "per:person-50"]
"""Actors named in about 95 %, 50 % and 18 % of the documents, and a rare one."""
FILTERS = {"outlet": "Outlet 3", "technique": "Doubt", "from": "2025-03-01", "to": "2025-12-31"}


QUOTE_WORDS = [f"w{i}" for i in range(3_000)]
QUOTES = [" ".join(random.Random(q).choices(QUOTE_WORDS, k=12)) for q in range(20_000)]
"""A pool of quotes: popular ones repeat across documents (and outlets), as agency copy does."""


def quote_for(rng: random.Random) -> str:
    """Half the quotes from a popular few (Pareto ranks), half from the whole pool."""
    if rng.random() < 0.5:
        index = min(len(QUOTES) - 1, int(rng.paretovariate(0.8)) - 1)
    else:
        index = rng.randrange(len(QUOTES))
    quote = QUOTES[index]
    if rng.random() < 0.3:  # an edited copy: one word dropped
        words = quote.split()
        del words[rng.randrange(len(words))]
        quote = " ".join(words)
    return quote


def synthetic(i: int, rng: random.Random) -> Document:
    words = [rng.choice(VOCABULARY) for _ in range(200)]
    quote = quote_for(rng)
    claim = quote_for(rng)  # claims drawn from a pool like the quotes
    body = " ".join(words)
    head = body[:499] + " " + quote + " "
    text = (head + claim + " " + body[500:])[: max(1200, len(head) + len(claim) + 1)]
    day = 1 + (i * 7919) % 730
    year, day_of_year = (2025, day) if day <= 365 else (2026, day - 365)
    month = min(12, 1 + (day_of_year - 1) // 31)
    published = f"{year}-{month:02d}-{1 + (day_of_year - 1) % 28:02d}"
    doc = Document(
        f"bench-{i}",
        text,
        {
            "outlet": OUTLETS[i % len(OUTLETS)],
            "language": LANGUAGES[i % len(LANGUAGES)],
            "published": published,
            "source": "bench",
            "title": f"Synthetic {i}",
        },
    )
    spans = doc.spans
    spans.append(Span("paragraph", 0, len(text), None, None, {}, "bench"))
    for k in range(4):
        spans.append(Span("sentence", k * 300, k * 300 + 299, None, None, {}, "bench"))
    for k in range(3):  # the third in the sentence that names the actors
        label = TECHNIQUES[min(len(TECHNIQUES) - 1, int(rng.expovariate(0.4)))]
        spans.append(Span("technique", k * 200, k * 200 + 40, label, 0.8, {"category": "x"}, "bench"))
    for k in range(4):
        actor = ACTORS[min(len(ACTORS) - 1, int(rng.paretovariate(1.1)) - 1)]
        spans.append(Span("entity", 400 + k * 20, 410 + k * 20, "PER", 0.9, {"canonical": actor}, "bench"))
        # Outlets lean: even ones cast actors as protagonists more often, odd ones as antagonists.
        role = ROLES[(i % 2 + (rng.random() < 0.3)) % len(ROLES)]
        spans.append(Span("role", 400 + k * 20, 410 + k * 20, role, 0.9, {"canonical": actor}, "bench"))
    spans.append(Span("narrative", 0, 300, NARRATIVES[i % len(NARRATIVES)], 0.7, {}, "bench"))
    spans.append(Span("frame", 300, 600, FRAMES[rng.randrange(len(FRAMES))], 0.7, {}, "bench"))
    spans.append(Span("genre", 0, len(text), "opinion" if i % 3 else "reporting", 0.9, {}, "bench"))
    speaker = ACTORS[min(len(ACTORS) - 1, int(rng.paretovariate(1.0)) - 1)]
    spans.append(
        Span("quote", 500, 500 + len(quote), "direct", 0.9, {"speaker": speaker, "kind": "direct"}, "bench")
    )
    spans.append(Span("claim", len(head), len(head) + len(claim), "claim", 0.7, {}, "bench"))
    cited = CITED[min(len(CITED) - 1, int(rng.expovariate(0.5)))]
    spans.append(Span("source", 700, 707, "agency", 0.9, {"outlet": cited, "cued": True}, "bench"))
    return doc


def fill(url: str, n: int, batch: int) -> float:
    rng = random.Random(5)
    started = time.perf_counter()
    with Store(url) as store:
        for first in range(0, n, batch):
            store.write(None, [synthetic(i, rng) for i in range(first, min(n, first + batch))])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, help="SQLite file to use (filled only when it does not exist)")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "dashboard-bench.db"
    if not path.exists():
        seconds = fill(str(path), args.docs, args.batch)
        print(f"filled {args.docs:,} documents ({args.docs * 22:,} spans) in {seconds:.1f} s")
    with Store(str(path)) as store:
        print(f"store: {store.count():,} documents, {path.stat().st_size / 2**20:.0f} MiB")
    with TestClient(
        create_app(str(path), None, pipeline=["paragraphs"]), base_url="http://127.0.0.1"
    ) as client:
        print(f"{'endpoint':<28} {'filters':<8} {'median s':>9} {'max s':>7} {'rows':>6}")
        worst = 0.0
        for name, params in ENDPOINTS:
            for label, extra in (("none", {}), ("4 set", FILTERS)):
                times = []
                for _ in range(args.repeat):
                    started = time.perf_counter()
                    response = client.get(f"/api/corpus/{name}", params={**params, **extra})
                    times.append(time.perf_counter() - started)
                    assert response.status_code == 200, response.text
                rows = len(response.json()["rows"])
                worst = max(worst, max(times))
                shown = name + (f" ({next(iter(params.values()))})" if params else "")
                print(f"{shown:<28} {label:<8} {statistics.median(times):>9.3f} {max(times):>7.3f} {rows:>6}")
        for actor in ACTOR_PAGES:
            for label, extra in (("none", {}), ("4 set", FILTERS)):
                for path in (f"/actors/{actor}", f"/api/actors/{actor}"):
                    times = []
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        response = client.get(path, params=extra, headers={"accept": "text/html"})
                        times.append(time.perf_counter() - started)
                        assert response.status_code == 200, response.text[:500]
                    worst = max(worst, max(times))
                    print(f"{path:<28} {label:<8} {statistics.median(times):>9.3f} {max(times):>7.3f}")
        started = time.perf_counter()
        assert client.get("/dashboard").status_code == 200
        print(f"{'/dashboard page':<28} {'none':<8} {time.perf_counter() - started:>9.3f}")
    print(f"slowest: {worst:.3f} s (target ≤ 1 s)")
    folder.cleanup()


if __name__ == "__main__":
    main()
