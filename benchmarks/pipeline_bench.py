"""Whole default pipeline on real news text: articles/s through ``slant analyze``, and ms per analyzer.

Synthetic corpora (ingest_bench.py) repeat a few sentences, which flatters the
encoder's per-process memory of sentences it has seen; this benchmark reads
real, distinct news articles instead: PolNeAR dev (English) and SemEval-2023
Task 3 dev articles (French, German, Italian, Polish, Russian) from
../shared/data (or $SLANT_DATA), else the bundled demo articles.

    python benchmarks/pipeline_bench.py                           # 60 articles, accurate tier, 2 workers
    python benchmarks/pipeline_bench.py --tier fast --articles 120
    python benchmarks/pipeline_bench.py --english-only            # PolNeAR only: the parser-heavy case
    python benchmarks/pipeline_bench.py --entities packaged --claims fast   # before issue 12's heads

The per-analyzer times charge the shared encoder pass to whichever analyzer asks first;
the lines "encoder: shared pass" and "encoder: entity/claim branch" split it out.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from ingest_bench import run

from slant import labelled_data
from slant.analyze import build
from slant.analyze.pipeline import DEFAULT_PIPELINE
from slant.document import Document

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


def real_articles(english_only: bool) -> Iterator[tuple[str, str]]:
    """(id, text) of real news articles, English and other languages interleaved."""
    from slant.quotes.training_data import read_split
    from slant.techniques.training_data import SEMEVAL2023, semeval2023

    root = labelled_data.find_root("polnear")
    english = ((f"polnear-{a.id}", a.text) for a in read_split(root, "dev")) if root else iter(())
    others: Iterator[tuple[str, str]] = iter(())
    semeval = labelled_data.find_root(SEMEVAL2023)
    if semeval and not english_only:
        others = (
            (f"semeval-{a.language}-{a.id}", a.text)
            for a in semeval2023(semeval, ("fr", "ge", "it", "po", "ru"))
        )
    while True:
        pair = [next(english, None), next(others, None)]
        if pair == [None, None]:
            return
        yield from (p for p in pair if p is not None)


def demo_articles() -> Iterator[tuple[str, str]]:
    from slant.ingest import read_sources

    for item in read_sources([str(DEMO)]):
        if isinstance(item, Document):
            yield item.id, item.text


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--tier", default="accurate", help="technique and claim tier: fast or accurate")
    parser.add_argument("--workers", default="2", help="comma-separated worker counts")
    parser.add_argument("--english-only", action="store_true")
    parser.add_argument(
        "--entities", default="auto", help="entities' ner: auto (the encoder head) or packaged"
    )
    parser.add_argument("--claims", default=None, help="claim tier (default: --tier)")
    args = parser.parse_args()
    articles = list(real_articles(args.english_only))[: args.articles] or list(demo_articles())
    chars = sum(len(text) for _, text in articles) / len(articles)
    print(f"{len(articles)} articles, {chars:,.0f} characters on average; tier {args.tier}")
    options = {
        "techniques": {"tier": args.tier},
        "claims": {"tier": args.claims or args.tier},
        "entities": {"ner": args.entities},
    }
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for doc_id, text in articles:
                out.write(json.dumps({"id": doc_id, "text": text}, ensure_ascii=False) + "\n")
        config = Path(folder) / "pipeline.json"
        config.write_text(json.dumps({"pipeline": list(DEFAULT_PIPELINE), "analyzers": options}))
        for workers in (int(w) for w in args.workers.split(",")):
            result = run(corpus, Path(folder) / f"bench-{workers}.db", workers, config)
            print(
                f"slant analyze, {workers} worker(s): {len(articles) / result['seconds']:.2f} articles/s "
                f"({result['seconds']:.1f} s incl. model loading; main RSS {result['main_mib']:.0f} MiB, "
                f"all PSS {result['tree_mib']:.0f} MiB)",
                flush=True,
            )
    pipeline = build(**options)
    pipeline(Document("warm-up", articles[0][1]))  # load every model before timing
    seconds: dict[str, float] = {}
    encoder_seconds = timed_encoder()
    for doc_id, text in articles:
        doc = Document(doc_id, text)
        for spec, analyzer in pipeline.steps:
            started = time.perf_counter()
            result = analyzer(doc)
            seconds[spec.name] = seconds.get(spec.name, 0.0) + time.perf_counter() - started
            doc.spans.extend(result.spans)
            doc.meta.update(result.meta)
    print("one process, models loaded, per article:")
    for name, total in seconds.items():
        print(f"{name:>12} {total / len(articles) * 1000:8.1f} ms")
    print(f"{'all':>12} {sum(seconds.values()) / len(articles) * 1000:8.1f} ms")
    for name, total in encoder_seconds.items():
        print(f"  encoder: {name}: {total / len(articles) * 1000:.1f} ms per article")


def timed_encoder() -> dict[str, float]:
    """Wrap the encoder's two graph runs with timers (benchmark instrumentation only)."""
    from slant.encoder import runtime

    totals: dict[str, float] = {}
    for cls, method, name in (
        (runtime.Encoder, "run_both", "shared pass (all layers, techniques branch)"),
        (runtime.Branch, "run", "entity/claim branch"),
    ):
        original = getattr(cls, method)

        def timed(self, *args, _original=original, _name=name):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return _original(self, *args)
            finally:
                totals[_name] = totals.get(_name, 0.0) + time.perf_counter() - started

        setattr(cls, method, timed)
    return totals


if __name__ == "__main__":
    main()
