"""How well do technique heads on the multilingual encoder carry over to a language they never saw?

python benchmarks/techniques_unseen_languages.py --held-out de,pl,ru

We have no labelled Swedish, Arabic or Spanish data, so we measure the next best thing:
for each held-out language L, heads on encoder vectors alone (sentence + paragraph mean,
no n-grams, which do not carry across languages) are trained on the other five
languages, and scored on L's validation articles; the same heads trained on all six
languages give the in-language figure beside it. Paragraph micro-F1 against the
SemEval-2023 line labels, as in docs/QUALITY.md. Needs ../shared/data, the
`accurate` extra and ~10 minutes on 2 cores (pooled encoder vectors are cached in
.cache/techniques on the first run). It measures the retired sentence-level heads, not the
token tagger (docs/QUALITY.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from slant.techniques import corpus, dataset, thresholds
from slant.techniques.heads import MultiLabelLogistic
from slant.techniques.model import AccurateModel
from slant.techniques.taxonomy import NAMES

L2 = 2.0


def inputs(table: dataset.Table, vectors: np.ndarray) -> np.ndarray:
    """Sentence vector and paragraph mean vector, as the accurate tier uses them (no n-gram logits)."""
    group, _ = thresholds.paragraph_index(table.article, [u.paragraph for u in table.unit])
    return AccurateModel.inputs(np.zeros((len(vectors), 0), dtype=np.float32), vectors, group)


def fit(x: np.ndarray, table: dataset.Table, rows: np.ndarray) -> tuple[MultiLabelLogistic, np.ndarray]:
    head = MultiLabelLogistic.fit(x[rows], table.y[rows], l2=L2, max_iter=200)
    sub = table.select(rows)
    index, groups = thresholds.paragraph_index(sub.article, [u.paragraph for u in sub.unit])
    chosen = thresholds.choose(
        thresholds.by_paragraph(head.predict(x[rows]), index, groups),
        thresholds.by_paragraph(sub.y, index, groups),
    )
    return head, chosen


def line_f1(
    articles: dict[str, corpus.Article], table: dataset.Table, rows: np.ndarray, predicted: np.ndarray
) -> float:
    """Micro-F1 over (article, line, technique) of the validation articles in ``rows``."""
    gold, pred = set(), set()
    by_article: dict[str, list[tuple[int, np.ndarray]]] = {}
    for i, row in zip(rows, predicted, strict=True):
        by_article.setdefault(table.article[i], []).append((i, row))
    for article_id, members in by_article.items():
        article = articles[article_id]
        bounds = article.line_bounds()
        for line, names in article.lines.items():
            gold |= {(article_id, line, n) for n in names}
            start, end = bounds[line]
            for i, row in members:
                unit = table.unit[i]
                if unit.start < end and unit.end > start:
                    pred |= {(article_id, line, NAMES[c]) for c in np.flatnonzero(row)}
    tp = len(gold & pred)
    return 2 * tp / (len(gold) + len(pred)) if gold or pred else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--held-out", default="de,pl,ru", help="ISO codes of languages to hold out in turn")
    parser.add_argument("--cache", type=Path, default=Path(".cache/techniques"))
    args = parser.parse_args()
    root = corpus.require_root(None)
    articles = {a.id: a for a in corpus.semeval2023(root)}
    table = dataset.table(articles.values())
    x = inputs(table, dataset.vectors(table, args.cache).astype(np.float32))
    language = np.array(table.language)
    train = ~table.validation
    everything, everything_thresholds = fit(x, table, np.flatnonzero(train))
    print("| language | heads trained without it | heads trained with it |")
    print("|---|---:|---:|")
    for held in args.held_out.split(","):
        rows = np.flatnonzero(table.validation & (language == held))
        without, without_thresholds = fit(x, table, np.flatnonzero(train & (language != held)))
        unseen = line_f1(articles, table, rows, without.predict(x[rows]) >= without_thresholds)
        seen = line_f1(articles, table, rows, everything.predict(x[rows]) >= everything_thresholds)
        print(f"| {held} | {unseen:.3f} | {seen:.3f} |", flush=True)


if __name__ == "__main__":
    main()
