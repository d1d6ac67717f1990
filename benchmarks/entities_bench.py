"""Speed of the ``entities`` analyzer: load time and articles per second, per language, one process.

python benchmarks/entities_bench.py                  # 60 generated ~700-word articles + the demo articles
python benchmarks/entities_bench.py --articles 120

Articles come from ingest_bench's generator (sentences of our own in several languages, recombined)
and from demo/articles (read as slant reads them). Segmentation (paragraphs, language, sentences)
runs beforehand; the entities step is timed alone, after one warm-up document per language loads models.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from ingest_bench import make_corpus

import slant.entities.analyzer  # noqa: F401 - registers the analyzer
from slant.analyze import build
from slant.analyze.registry import get
from slant.document import Document
from slant.ingest import read_sources

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "corpus.jsonl"
        make_corpus(path, args.articles)
        texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    texts += [item.text for item in read_sources([DEMO]) if isinstance(item, Document)]
    segment = build(["paragraphs", "language", "sentences"])
    docs = [segment(Document(f"d{i}", text, {})) for i, text in enumerate(texts)]
    began = time.perf_counter()
    entities = get("entities").factory()
    warmed: set[str | None] = set()
    for doc in docs:
        if doc.language not in warmed:
            entities(doc)
            warmed.add(doc.language)
    load_s = time.perf_counter() - began
    seconds: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    spans: dict[str, int] = defaultdict(int)
    for doc in docs:
        start = time.perf_counter()
        found = entities(doc)
        lang = doc.language or "?"
        seconds[lang] += time.perf_counter() - start
        counts[lang] += 1
        spans[lang] += len(found.spans)
    total_s = sum(seconds.values())
    result = {
        "articles": len(docs),
        "load_and_warm_up_s": round(load_s, 2),
        "articles_per_s": round(len(docs) / total_s, 1),
        "by_language": {
            lang: {
                "articles": counts[lang],
                "articles_per_s": round(counts[lang] / seconds[lang], 1),
                "entities_per_article": round(spans[lang] / counts[lang], 1),
            }
            for lang in sorted(counts)
        },
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
