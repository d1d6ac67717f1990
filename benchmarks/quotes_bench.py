"""Speed of the quotes analyzer alone (segmentation done beforehand), in articles per second.

python benchmarks/quotes_bench.py            # demo/ articles, then invented long English and Swedish articles
python benchmarks/quotes_bench.py --repeat 5

Times one process; the spaCy English model is loaded (and timed) before the first article.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import slant.quotes.analyzer  # noqa: F401  (registers the analyzer)
from slant.analyze import build
from slant.analyze.registry import get
from slant.document import Document
from slant.ingest import read_sources

ROOT = Path(__file__).resolve().parents[1]

EN = [
    "“We will not give up the port,” union chair Tomas Brandt said on Monday.",
    "Interior Minister Mirela Dostan stated that the bridge would be cleared by Friday.",
    "According to the harbour authority, 40 ships are waiting outside Kaldmora.",
    "He added that the concession had been signed without a vote in parliament.",
    "The ferry to Velsburg left at nine, as it does every weekday.",
    "Police Commissioner Henrik Orlen told reporters the operation had gone to plan.",
]
SV = [
    "– Vi lämnar inte hamnen, säger fackordföranden Tomas Brandt.",
    "Inrikesminister Mirela Dostan sa att bron skulle röjas före fredag.",
    "Enligt hamnmyndigheten väntar 40 fartyg utanför Kaldmora.",
    "Färjan till Velsburg gick klockan nio, som varje vardag.",
]


def invented(sentences: list[str], paragraphs: int, language: str) -> Document:
    """A long article: paragraphs of five sentences taken in turn from the list."""
    body = []
    for p in range(paragraphs):
        body.append(" ".join(sentences[(p * 5 + i) % len(sentences)] for i in range(5)))
    return Document(f"{language}-{paragraphs}", "Headline\n\n" + "\n\n".join(body), {"language": language})


def timed(docs: list[Document], repeat: int) -> dict[str, float]:
    segment = build(["paragraphs", "language", "sentences"])
    quotes = get("quotes").factory()
    prepared = [segment(Document(d.id, d.text, dict(d.meta))) for d in docs]
    quotes(prepared[0])  # loads spaCy and the table
    started = time.perf_counter()
    found = 0
    for _ in range(repeat):
        for doc in prepared:
            found += len(quotes(doc).spans)
    elapsed = time.perf_counter() - started
    n = len(prepared) * repeat
    chars = sum(len(d.text) for d in prepared) / len(prepared)
    return {
        "articles": n,
        "mean_chars": round(chars),
        "articles_per_s": round(n / elapsed, 2),
        "quotes": found,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    from slant.quotes.parse import english

    english()
    print(json.dumps({"spacy_load_s": round(time.perf_counter() - started, 2)}))
    demo = [item for item in read_sources([ROOT / "demo" / "articles"]) if isinstance(item, Document)]
    print(json.dumps({"set": "demo", **timed(demo, args.repeat)}))
    for language, sentences in (("en", EN), ("sv", SV)):
        for paragraphs in (20, 100):
            docs = [invented(sentences, paragraphs, language)]
            print(json.dumps({"set": f"invented-{language}-{paragraphs}p", **timed(docs, args.repeat)}))


if __name__ == "__main__":
    main()
