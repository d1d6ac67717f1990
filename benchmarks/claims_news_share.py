"""How many news sentences the claims layer marks, per tier: stored, and shown by default.

The accurate tier's display thresholds were chosen on the first 60 SemEval-2023 training
articles per language; this reads other news: PolNeAR dev (English) and SemEval-2023
training articles 61-100 per language (fr de it pl ru), through the real pipeline.

    python benchmarks/claims_news_share.py
"""

from __future__ import annotations

import argparse
from collections import defaultdict

import slant.claims.analyzer  # noqa: F401  (registers the analyzer)
from slant import labelled_data
from slant.analyze import build
from slant.claims.analyzer import scorable
from slant.document import Document
from slant.quotes.training_data import read_split
from slant.techniques.training_data import SEMEVAL2023, semeval2023


def articles(first: int, last: int, english: int) -> list[tuple[str, str]]:
    out = []
    polnear = labelled_data.find_root("polnear")
    if polnear:
        out += [("en", a.text) for _, a in zip(range(english), read_split(polnear, "dev"), strict=False)]
    root = labelled_data.find_root(SEMEVAL2023)
    if root:
        seen: dict[str, int] = defaultdict(int)
        for article in semeval2023(root, ("fr", "ge", "it", "po", "ru")):
            seen[article.language] += 1
            if first < seen[article.language] <= last:
                out.append((article.language, article.text))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--english", type=int, default=60, help="PolNeAR dev articles")
    args = parser.parse_args()
    docs = articles(60, 100, args.english)
    print(f"{len(docs)} articles")
    for tier in ("fast", "accurate"):
        pipeline = build(["paragraphs", "language", "sentences", "claims"], claims={"tier": tier})
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        for lang, text in docs:
            doc = pipeline(Document("n", text, {"declared_language": lang}))
            row = counts[lang]
            row[0] += sum(scorable(doc.span_text(s)) for s in doc.layer("sentence"))
            row[1] += len(doc.layer("claim"))
            row[2] += sum(not s.attrs.get("hidden") for s in doc.layer("claim"))
        total = [sum(r[k] for r in counts.values()) for k in range(3)]
        for lang, (n, stored, shown) in [*sorted(counts.items()), ("all", tuple(total))]:
            print(
                f"{tier:>8} {lang:>3}: {n:5} scored sentences, stored {stored / max(n, 1):6.1%}, "
                f"shown {shown / max(n, 1):6.1%}"
            )


if __name__ == "__main__":
    main()
