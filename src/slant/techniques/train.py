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

from slant.features.lexical import Lexical
from slant.model_files import save
from slant.techniques import dataset, thresholds, training_data
from slant.techniques.classify import CONTEXT_CHARS, SpanClassifier
from slant.techniques.dataset import Table
from slant.techniques.heads import MultiLabelLogistic
from slant.techniques.model import FORMAT, FastModel
from slant.techniques.taxonomy import NAMES

VERSION = "1.0"
FOLDS = 4
CHAR_FEATURES = 40_000
WORD_FEATURES = 20_000
FAST_L2 = 0.5
SPAN_C = 4.0
Report = Callable[[str], None]


@dataclass
class Trained:
    """What a training run produced, and how long each step took (seconds)."""

    fast: FastModel
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


def _fit_spans(lexical: Lexical, articles: list[training_data.Article]) -> SpanClassifier | None:
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


def train(root: Path, out: Path, cache: Path | None, report: Report) -> Trained:
    """Fit the fast tier on the training split and write its file to ``out``."""
    timings: dict[str, float] = {}
    started = time.perf_counter()
    report("reading and segmenting the corpora")
    articles = list(training_data.semeval2023(root))
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
    span = _fit_spans(lexical, [a for a in articles if not training_data.is_validation(a.id)])
    timings["span classifier"] = time.perf_counter() - step
    fast_card = _card("fast", rows, {"thresholds_from": f"{FOLDS}-fold cross-validation by article"})
    fast = FastModel(lexical, head, fast_thresholds, fast_card, span)
    save(fast.to_arrays(), fast_card, out / "techniques-fast.npz")

    timings["total"] = time.perf_counter() - started
    return Trained(fast, timings)


def train_tagger(
    root: Path,
    folder: Path,
    work: Path,
    report: Report,
    *,
    epochs: int = 4,
    resume: bool = False,
    adapter: Path | None = None,
) -> dict[str, float]:
    """The accurate tier, after :func:`train`: fine-tune the encoder's adapter with the token heads
    (``techniques-tagger.npz`` in ``folder``), then set their thresholds and calibration on the tune split.

    ``adapter``: the adapter file to write (default: the one slant ships, replaced); ``work`` holds the
    cached encoder states and checkpoints ``resume`` continues from. Needs slant[train] and
    slant[accurate]. Returns the seconds each step took."""
    from slant.encoder.runtime import adapter_path
    from slant.techniques import tagger_train, tagger_tune

    timings: dict[str, float] = {}
    started = time.perf_counter()
    heads = folder / "techniques-tagger.npz"
    settings = tagger_train.Settings(epochs=epochs)
    tagger_train.train(root, work, heads, settings, resume, report, adapter or adapter_path())
    timings["fine-tuning"] = time.perf_counter() - started
    started = time.perf_counter()
    tuned = tagger_tune.tune(heads, root, report, str(adapter) if adapter else None)
    timings["thresholds on the tune split"] = time.perf_counter() - started
    report(f"tune split ({tuned['tune_articles']} articles): span F1 {tuned['tune_span_f1']}")
    return timings
