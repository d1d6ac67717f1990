"""Milliseconds per article spent in each analyzer of the default pipeline.

python benchmarks/analyzer_times.py            # 300 generated ~700-word articles
python benchmarks/analyzer_times.py --articles 1000 --tier accurate
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from ingest_bench import make_corpus

from slant.analyze import build
from slant.document import Document


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--tier", default="fast", help="technique tier: fast or accurate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus.jsonl"
        make_corpus(corpus, args.articles)
        docs = [Document(r["id"], r["text"]) for r in map(json.loads, corpus.open(encoding="utf-8"))]
    pipeline = build(techniques={"tier": args.tier})
    pipeline(Document("warm-up", docs[0].text))  # load models before timing
    seconds: dict[str, float] = {}
    for doc in docs:
        for spec, analyzer in pipeline.steps:
            started = time.perf_counter()
            result = analyzer(doc)
            seconds[spec.name] = seconds.get(spec.name, 0.0) + time.perf_counter() - started
            doc.spans.extend(result.spans)
            doc.meta.update(result.meta)
    for name, total in seconds.items():
        print(f"{name:>12} {total / len(docs) * 1000:7.2f} ms/article")
    print(f"{'all':>12} {sum(seconds.values()) / len(docs) * 1000:7.2f} ms/article")


if __name__ == "__main__":
    main()
