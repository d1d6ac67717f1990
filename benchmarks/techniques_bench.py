"""Speed of the persuasion-technique analyzer: model load time and articles per second, per tier.

python benchmarks/techniques_bench.py                 # 200 generated ~700-word articles
python benchmarks/techniques_bench.py --articles 500 --tiers fast

Articles come from ingest_bench's generator (sentences of our own in six languages,
recombined). Times are for one process on the machine's cores; the techniques step
is timed alone (segmentation done beforehand) and with the whole default pipeline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ingest_bench import make_corpus

from slant.analyze import build
from slant.document import Document

LOAD_SNIPPET = """
import time
started = time.perf_counter()
from slant.analyze import build
from slant.document import Document
if {tier!r} == "fast":
    from slant.techniques.model import load
    load("fast")
else:
    from slant.encoder.runtime import encoder
    from slant.techniques.tagger import load
    load(), encoder()
loaded = time.perf_counter()
doc = build(["paragraphs", "language", "sentences", "techniques"], techniques={{"tier": {tier!r}}})(
    Document("x", "The shameful minister lied again. Everyone knows it.", {{}}))
print(round(loaded - started, 3), round(time.perf_counter() - started, 3))
"""


def load_seconds(tier: str) -> tuple[float, float]:
    """Seconds to import and load a tier in a fresh process, and until its first result."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_SNIPPET.format(tier=tier)], capture_output=True, text=True, check=True
    )
    first, second = done.stdout.split()
    return float(first), float(second)


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--tiers", default="fast,accurate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        make_corpus(corpus, args.articles)
        rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    words = sum(len(r["text"].split()) for r in rows) / len(rows)
    segment = build(["paragraphs", "language", "sentences"])
    segmented = [segment(Document(r["id"], r["text"], {})) for r in rows]
    print(f"{len(rows)} articles, {words:.0f} words each on average")
    print("| tier | load s | first result s | techniques alone, articles/s | whole pipeline, articles/s |")
    print("|---|---:|---:|---:|---:|")
    for tier in args.tiers.split(","):
        loaded, first = load_seconds(tier)
        pipeline = build(techniques={"tier": tier})
        step = dict((spec.name, analyzer) for spec, analyzer in pipeline.steps)["techniques"]
        step(segmented[0])  # load before timing
        started = time.perf_counter()
        for doc in segmented:
            step(doc)
        alone = len(segmented) / (time.perf_counter() - started)
        started = time.perf_counter()
        for r in rows:
            pipeline(Document(r["id"], r["text"], {}))
        whole = len(rows) / (time.perf_counter() - started)
        print(f"| {tier} | {loaded:.2f} | {first:.2f} | {alone:.1f} | {whole:.1f} |", flush=True)


if __name__ == "__main__":
    main()
