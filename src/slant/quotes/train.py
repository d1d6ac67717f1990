"""Learn the cue precision table from PolNeAR train (deterministic, CPU only, a few minutes).

Every verb of every parsed train paragraph is tried with every pattern; each
candidate is a hit when it shares characters with a gold content. The table keeps
each ``lemma|pattern`` key's smoothed precision, the patterns' own precisions,
and the keep threshold that gives the best content-overlap F1 on train.
Parses are cached under ``.cache/quotes/`` so a second run takes seconds.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slant.analyze.paragraphs import paragraph_bounds
from slant.quotes.candidates import Candidate, Range
from slant.quotes.extract import english_candidates, select
from slant.quotes.marks import Quoted
from slant.quotes.scoring import Scored, Tally, is_direct
from slant.quotes.table import TABLE_FILE, Table, features, smooth
from slant.quotes.training_data import Article, read_split

Report = Callable[[str], None]
CACHE = Path(".cache") / "quotes"
MIN_KEEP = 0.15
"""Keys below this precision are left out of the file (no threshold ever keeps them)."""
THRESHOLDS = [round(0.2 + 0.025 * i, 3) for i in range(17)]
REGRESSION_C = 0.3
"""Inverse L2 strength: on a held-out sixth of train, content-overlap F1 0.770 (1.0 gave 0.767)."""


@dataclass(slots=True)
class Parsed:
    """An article with its paragraphs and each paragraph's parsed pieces."""

    article: Article
    paragraphs: list[Range]
    pieces: list[list[tuple[int, Any]]]


def parsed_split(root: Path | None, split: str, cache: Path, report: Report) -> list[Parsed]:
    """Articles of ``split`` (one annotator each) parsed, through a DocBin cache."""
    from spacy.tokens import DocBin

    from slant.quotes.parse import english, parse

    articles = list(read_split(root, split))
    nlp = english()
    bin_path, index_path = cache / f"{split}.spacy", cache / f"{split}.index.json"
    if bin_path.is_file() and index_path.is_file():
        index = json.loads(index_path.read_text())
        docs = list(DocBin().from_disk(bin_path).get_docs(nlp.vocab))
    else:
        report(f"parsing {len(articles)} {split} articles (cached in {cache})")
        db = DocBin(store_user_data=False)
        index = []
        started = time.monotonic()
        for n, art in enumerate(articles):
            bounds = paragraph_bounds(art.text)
            parsed = parse([art.text[s:e] for s, e in bounds])
            for (start, _), paragraph_pieces in zip(bounds, parsed, strict=True):
                for offset, sdoc in paragraph_pieces:
                    db.add(sdoc)
                    index.append([art.id, start + offset])
            if n % 100 == 99:
                report(f"  {n + 1} articles, {time.monotonic() - started:.0f} s")
        cache.mkdir(parents=True, exist_ok=True)
        db.to_disk(bin_path)
        index_path.write_text(json.dumps(index))
        docs = list(db.get_docs(nlp.vocab))
    by_article: dict[str, list[tuple[int, Any]]] = {}
    for (article_id, offset), sdoc in zip(index, docs, strict=True):
        by_article.setdefault(article_id, []).append((offset, sdoc))
    out = []
    for art in articles:
        bounds = paragraph_bounds(art.text)
        pieces: list[list[tuple[int, Any]]] = [[] for _ in bounds]
        for offset, sdoc in by_article.get(art.id, []):
            k = next(i for i, (s, e) in enumerate(bounds) if s <= offset < max(e, s + 1))
            pieces[k].append((offset - bounds[k][0], sdoc))
        out.append(Parsed(art, bounds, pieces))
    return out


def gold_quotes(art: Article) -> list[Scored]:
    """The gold attributions of an article as the scorer sees them."""
    return [
        Scored(
            a.content, (a.source[0][0], a.source[-1][1]) if a.source else None, is_direct(art.text, a.content)
        )
        for a in art.attributions
    ]


def predicted(text: str, cands: list[Candidate]) -> list[Scored]:
    """Candidates as the scorer sees them."""
    from slant.quotes.extract import kind

    return [Scored(tuple(c.parts), c.source, kind(text, c) == "direct") for c in cands if c.parts]


def _touch(a: tuple[Range, ...] | list[Range], b: tuple[Range, ...] | list[Range]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def _hit(cand: Candidate, art: Article) -> bool:
    """A candidate is right when it shares content with a gold attribution whose cue it shares too
    (a cue-less candidate, a bare quotation, needs only the content)."""
    for gold in art.attributions:
        if _touch(cand.parts, gold.content) and (cand.cue is None or _touch([cand.cue], gold.cue)):
            return True
    return False


def count_keys(items: list[Parsed]) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Hits and totals per ``lemma|pattern`` key and per pattern over every candidate."""
    keys: dict[str, list[int]] = {}
    patterns: dict[str, list[int]] = {}
    for item in items:
        text = item.article.text
        cands, quotes = english_candidates(text, item.paragraphs, item.pieces, None)
        for cand in select(text, cands, quotes, item.paragraphs, None):
            hit = int(_hit(cand, item.article))
            for table, key in ((keys, cand.key), (keys, cand.subkey), (patterns, cand.pattern)):
                row = table.setdefault(key, [0, 0])
                row[0] += hit
                row[1] += 1
    return keys, patterns


def all_candidates(items: list[Parsed]) -> list[tuple[list[Candidate], list[list[Quoted]]]]:
    """Every candidate of every article (computed once, scored many times)."""
    return [english_candidates(i.article.text, i.paragraphs, i.pieces, None) for i in items]


def score_items(
    items: list[Parsed], table: Table, found: list[tuple[list[Candidate], list[list[Quoted]]]] | None = None
) -> dict[str, dict[str, float]]:
    """Scorer figures of the table's selections over parsed articles."""
    tally = Tally()
    found = found or all_candidates(items)
    for item, (cands, quotes) in zip(items, found, strict=True):
        text = item.article.text
        chosen = select(text, cands, quotes, item.paragraphs, table)
        tally.article(text, gold_quotes(item.article), predicted(text, chosen))
    return tally.scores()


def fit_regression(
    items: list[Parsed], found: list[tuple[list[Candidate], list[list[Quoted]]]], table: Table, c: float
) -> tuple[dict[str, float], float]:
    """Logistic regression over every raw candidate's features (hit = shares content and cue with gold)."""
    import numpy as np
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    vocabulary: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    labels: list[int] = []
    for item, (cands, _) in zip(items, found, strict=True):
        text = item.article.text
        for cand in cands:
            if not cand.parts:
                continue
            prior = table.score(cand.key, cand.pattern, cand.subkey)
            names = features(
                text, cand.key, cand.subkey, cand.pattern, cand.source_class, cand.parts, cand.cue, prior
            )
            row = len(labels)
            for name in names:
                rows.append(row)
                cols.append(vocabulary.setdefault(name, len(vocabulary)))
            labels.append(int(_hit(cand, item.article)))
    matrix = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(labels), len(vocabulary)))
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000)
    model.fit(matrix, np.array(labels))
    names_by_index = {i: n for n, i in vocabulary.items()}
    weights = {names_by_index[i]: round(float(w), 3) for i, w in enumerate(model.coef_[0]) if abs(w) >= 0.02}
    return weights, round(float(model.intercept_[0]), 4)


def build_table(items: list[Parsed], report: Report, c: float | None = REGRESSION_C) -> Table:
    """Count and smooth; fit the regression unless ``c`` is None; choose the threshold with the best
    content-overlap F1 on ``items``."""
    keys, patterns = count_keys(items)
    smoothed = smooth(keys, patterns, MIN_KEEP)
    pattern_precision = {p: round(h / n, 3) for p, (h, n) in patterns.items() if n}
    best: tuple[float, float] = (-1.0, 0.5)
    found = all_candidates(items)
    weights: dict[str, float] = {}
    bias = 0.0
    if c is not None:
        weights, bias = fit_regression(items, found, Table(smoothed, pattern_precision, 0.5, {}), c)
        report(f"regression: {len(weights)} weights")
    for threshold in THRESHOLDS:
        table = Table(smoothed, pattern_precision, threshold, {}, weights, bias)
        f1 = score_items(items, table, found)["content_overlap"]["f1"]
        report(f"  threshold {threshold:.3f}: content overlap F1 {f1:.4f}")
        best = max(best, (f1, threshold))
    report(f"chosen threshold {best[1]:.3f} (train content overlap F1 {best[0]:.4f})")
    return Table(smoothed, pattern_precision, best[1], {}, weights, bias)


def train(root: Path | None, out: Path, report: Report = print) -> Table:
    """Learn the table on PolNeAR train and write ``out/cue_table.json``."""
    items = parsed_split(root, "train", CACHE, report)
    table = build_table(items, report)
    scores = score_items(items, table)
    card = {
        "data": "PolNeAR v1.0.0 train split, first annotator file per article",
        "articles": len(items),
        "train_scores": scores,
        "version": 1,
    }
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "threshold": table.threshold,
        "patterns": table.patterns,
        "keys": dict(sorted(table.keys.items())),
        "bias": table.bias,
        "weights": dict(sorted(table.weights.items())),
        "card": card,
    }
    (out / TABLE_FILE).write_text(json.dumps(payload, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    report(f"wrote {out / TABLE_FILE}")
    return Table(table.keys, table.patterns, table.threshold, card, table.weights, table.bias)
