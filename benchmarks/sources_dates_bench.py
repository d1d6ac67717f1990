"""Articles per second of the ``sources`` and ``dates`` analyzers alone (one process), after the
paragraph, language and sentence layers are built (those are not timed).

python benchmarks/sources_dates_bench.py                 # demo/articles, repeated to 200 articles
python benchmarks/sources_dates_bench.py --invented 200  # invented ~700-word articles, many sources and dates
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import slant.dates.analyzer  # registers the analyzers
import slant.sources.analyzer  # noqa: F401
from slant.analyze import build
from slant.analyze.registry import get
from slant.document import Document
from slant.ingest.inputs import read_sources

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"

SENTENCES = [
    "According to SOHR, government forces shelled the eastern districts on 9 September 2016.",
    "The Russian Defence Ministry said yesterday that its jets had not flown over Aleppo.",
    "Fox News broke the story last week, citing two unnamed US officials.",
    "Local activists told Reuters that the convoy was hit twice, 15 years after the first siege.",
    "Pictures published on almasdarnews.com and https://www.sana.sy/?p=123 show the damage.",
    "The White Helmets said rescuers worked through the night, and the UN called for a pause on Sunday.",
    "Residents said the market had been quiet since March, when the last convoy arrived.",
    "Prices rose by 12 per cent in 2015, economists at the central bank said.",
    "Nobody expected the bridge to close, and the harbour stayed empty for days.",
    "Two days ago, Amnesty International and Human Rights Watch published a joint report.",
]


def invented(n: int, seed: int = 11) -> list[Document]:
    """``n`` invented English articles of ~700 words, a date or source in most sentences."""
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        paragraphs = [" ".join(rng.choice(SENTENCES) for _ in range(rng.randint(3, 6))) for _ in range(10)]
        docs.append(Document(f"invented-{i}", "\n\n".join(paragraphs), {"published": "2016-09-27"}))
    return docs


def demo(n: int) -> list[Document]:
    """The demo articles, repeated to ``n`` documents."""
    found = [d for d in read_sources([DEMO]) if isinstance(d, Document)]
    rounds = range(n // len(found) + 1)
    return [Document(f"{d.id}-{i}", d.text, dict(d.meta)) for i in rounds for d in found][:n]


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--articles", type=int, default=200, help="demo articles to time (repeated)")
    parser.add_argument("--invented", type=int, default=0, help="time this many invented articles instead")
    args = parser.parse_args()
    docs = invented(args.invented) if args.invented else demo(args.articles)
    base = build(["paragraphs", "language", "sentences"])
    for doc in docs:
        base(doc)
    chars = sum(len(d.text) for d in docs) / len(docs)
    print(f"{len(docs)} articles, {chars:.0f} characters each on average")
    for name in ("sources", "dates"):
        spec = get(name)
        analyzer = spec.factory(**spec.default_config)
        analyzer(docs[0])  # compile patterns and load tables before timing
        spans = 0
        started = time.perf_counter()
        for doc in docs:
            spans += len(analyzer(doc).spans)
        seconds = time.perf_counter() - started
        print(f"{name:>8}: {len(docs) / seconds:8.1f} articles/s  ({spans / len(docs):.1f} spans/article)")


if __name__ == "__main__":
    main()
