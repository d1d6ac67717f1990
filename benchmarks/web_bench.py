"""Server time of the workbench's article view for a 5,000-word article with every layer.

The article is built from the analysed demo articles (demo-analysis.jsonl, as
scripts/demo.sh writes it; without that file, or with ``--analyse``, the demo's
plain-text articles are analysed here with the default pipeline: all layers,
real analyzer output), concatenated with their spans shifted until the
text has at least ``--words`` words, stored in a fresh SQLite store, and then
fetched as ``GET /doc/{id}`` through the app in-process (no network): the time
covers the store read, the highlighting and the template. Target: ≤ 300 ms.

    python benchmarks/web_bench.py               # 5,000 words, 20 requests
    python benchmarks/web_bench.py --words 20000 --repeat 5
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app
from slant.web.render import article_view

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo-analysis.jsonl"


def analysed_demo(analyse: bool) -> list[Document]:
    """The demo articles with every layer: from demo-analysis.jsonl, else analysed now."""
    if DEMO.exists() and not analyse:
        return [
            Document.from_dict(json.loads(line)) for line in DEMO.read_text(encoding="utf-8").splitlines()
        ]
    from slant.analyze import build
    from slant.ingest.options import ReadOptions
    from slant.ingest.text import text_document

    pipeline = build()
    paths = sorted((ROOT / "demo" / "articles").glob("*.txt"))
    return [
        pipeline(text_document(p.read_bytes(), source=str(p), doc_id=p.stem, options=ReadOptions()))
        for p in paths
    ]


def long_article(words: int, analyse: bool = False) -> Document:
    """Demo articles joined (spans shifted) until the text has ``words`` words."""
    sources = analysed_demo(analyse)
    text = ""
    spans: list[Span] = []
    while len(text.split()) < words:
        for source in sources:
            offset = len(text) + (2 if text else 0)
            text = f"{text}\n\n{source.text}" if text else source.text
            spans += [
                Span(s.layer, s.start + offset, s.end + offset, s.label, s.score, s.attrs, s.model)
                for s in source.spans
            ]
            if len(text.split()) >= words:
                break
    return Document("bench-long", text, {"title": "Long article", "language": "en"}, spans)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--analyse", action="store_true", help="analyse the demo articles here")
    args = parser.parse_args()
    doc = long_article(args.words, args.analyse)
    layers: dict[str, int] = {}
    for span in doc.spans:
        layers[span.layer] = layers.get(span.layer, 0) + 1
    print(f"article: {len(doc.text.split()):,} words, {len(doc.text):,} characters, {len(doc.spans):,} spans")
    print("spans per layer: " + ", ".join(f"{k} {v}" for k, v in sorted(layers.items())))
    with tempfile.TemporaryDirectory() as folder:
        url = str(Path(folder) / "bench.db")
        with Store(url) as store:
            store.write(None, [doc])
            started = time.perf_counter()
            stored = store.get(doc.id)
            read_ms = (time.perf_counter() - started) * 1000
        assert stored is not None
        started = time.perf_counter()
        view = article_view(stored)
        render_ms = (time.perf_counter() - started) * 1000
        with TestClient(create_app(url, None), base_url="http://127.0.0.1") as client:
            client.get("/doc/bench-long")  # warm up templates and connections
            times = []
            size = 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get("/doc/bench-long")
                times.append((time.perf_counter() - started) * 1000)
                size = len(response.content)
                assert response.status_code == 200
    print(
        f"store read: {read_ms:.1f} ms; highlighting: {render_ms:.1f} ms "
        f"({len(view.body):,} characters of HTML)"
    )
    print(
        f"GET /doc/{{id}} over {args.repeat} requests: median {statistics.median(times):.1f} ms, "
        f"min {min(times):.1f} ms, max {max(times):.1f} ms; page {size / 1024:,.0f} KiB (target ≤ 300 ms)"
    )


if __name__ == "__main__":
    main()
