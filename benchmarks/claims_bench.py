"""Speed of the claims analyzer on the demo articles: sentences/s and articles/s, per tier.

python benchmarks/claims_bench.py                      # demo/articles, 20 rounds, both tiers
python benchmarks/claims_bench.py --rounds 5 --tiers fast

Timed: the pipeline paragraphs, language, sentences, claims from raw text, after a
warm-up call that loads the models; "claims alone" is that time minus segmentation's.
One process on the machine's cores.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import slant.claims.analyzer  # noqa: F401  (registers the analyzer)
from slant.analyze import build
from slant.analyze.pipeline import Pipeline
from slant.document import Document
from slant.ingest.inputs import read_sources

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


def _seconds(pipeline: Pipeline, raw: list[Document], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for doc in raw:
            pipeline(Document(doc.id, doc.text, dict(doc.meta)))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--folder", type=Path, default=DEMO)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the articles (fast tier only)")
    parser.add_argument("--tiers", default="fast,accurate")
    args = parser.parse_args()
    raw = [d for d in read_sources([args.folder]) if isinstance(d, Document)]
    segment = build(["paragraphs", "language", "sentences"])
    segment(Document("warm-up", "Warm up. The language model loads here.", {}))
    sentences = sum(len(segment(Document(d.id, d.text, dict(d.meta))).layer("sentence")) for d in raw)
    print(f"{len(raw)} articles, {sentences} sentences")
    print(
        "| tier | claims alone, sentences/s | alone, articles/s | with segmenting, articles/s | claims/art. |"
    )
    print("|---|---:|---:|---:|---:|")
    for tier in args.tiers.split(","):
        # The encoder engine answers repeated texts from memory, so the accurate tier gets one
        # pass over texts it has not seen; its model is loaded on a text outside the corpus.
        rounds = args.rounds if tier == "fast" else 1
        pipeline = build(["paragraphs", "language", "sentences", "claims"], claims={"tier": tier})
        pipeline(Document("warm-up", "Unemployment rose by 4 percent in 2019, the ministry said.", {}))
        segmenting = _seconds(segment, raw, rounds)
        whole = _seconds(pipeline, raw, rounds)
        found = sum(len(pipeline(Document(d.id, d.text, dict(d.meta))).layer("claim")) for d in raw)
        n = rounds * len(raw)
        alone = max(whole - segmenting, 1e-9)
        print(
            f"| {tier} | {rounds * sentences / alone:.0f} | {n / alone:.1f} | {n / whole:.1f} "
            f"| {found / len(raw):.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
