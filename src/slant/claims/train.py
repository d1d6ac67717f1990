"""Retrain the claim models on CheckThat! 2024 Task 1 (English + Arabic train), reproducibly.

Splits: the models learn from the English and Arabic train files (minus any row whose
normalised text also occurs in that language's dev or dev-test file, and minus repeats);
calibration and thresholds come from the dev files; dev-test is only ever scored
(:mod:`slant.claims.evaluate`). Folds come from hashes of row ids, the heads are fitted
by L-BFGS from fixed starting points, and no random numbers are drawn.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.linear_model import LogisticRegression

from slant.claims import calibrate, dataset
from slant.claims.analyzer import scorable
from slant.claims.dataset import Split, clean
from slant.claims.model import ANY_LANGUAGE, DISPLAY_SHARE, FORMAT, AccurateModel, Calibration, FastModel
from slant.features.lexical import Lexical
from slant.labelled_data import require_root
from slant.model_files import save

VERSION = "1.0"
LANGUAGES = ("en", "ar")
CHAR_FEATURES = 60_000
WORD_FEATURES = 30_000
#: Inverse L2 strengths, chosen on the dev files (see models/README.md).
FAST_C = 1.0
#: News articles per language whose sentences set the display thresholds, and the fewest
#: sentences a language needs for a threshold of its own.
NEWS_ARTICLES = 60
MIN_NEWS_SENTENCES = 500

Report = Callable[[str], None]


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


def fit_fast(texts: list[str], y: np.ndarray) -> tuple[Lexical, np.ndarray, float]:
    """TF-IDF vocabularies and a class-balanced logistic unit over them."""
    lexical = Lexical.fit([clean(t) for t in texts], CHAR_FEATURES, WORD_FEATURES)
    x = lexical.transform([clean(t) for t in texts])
    head = LogisticRegression(C=FAST_C, class_weight="balanced", max_iter=3000).fit(x, y)
    # Weights are stored as float16: calibrate what will be loaded, not the float64 fit.
    return lexical, head.coef_[0].astype(np.float16).astype(np.float32), float(head.intercept_[0])


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


def train(root: Path, out: Path, tiers: tuple[str, ...], report: Report = lambda _: None) -> dict[str, float]:
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
        report("accurate tier: calibrating the claim head of the entity/claim branch on the dev files")
        accurate = tune_accurate(root, fast, train_splits, dropped, report)
        save(accurate.to_arrays(), accurate.card, out / "claims-accurate.npz")
        timings["accurate calibration"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    return timings


def _uncalibrated() -> Calibration:
    """Identity calibration, until the dev files have been scored."""
    return Calibration([ANY_LANGUAGE], np.array([[1.0, 0.0]]), np.array([0.5]))


def news_probabilities(
    model: AccurateModel, root: Path, report: Report, per_language: int = NEWS_ARTICLES
) -> dict[str, np.ndarray]:
    """Calibrated probabilities of every scored sentence of SemEval-2023 training articles (news and
    opinion web articles; the first ``per_language`` per language, in file order), through the pipeline."""
    from slant.analyze import build
    from slant.document import Document
    from slant.encoder import runtime
    from slant.techniques import training_data as articles
    from slant.techniques.units import units

    if not (root / articles.SEMEVAL2023).is_dir():
        report("no SemEval-2023 articles: display thresholds fall back to the F1 thresholds")
        return {}
    segment = build(["paragraphs", "language", "sentences"])
    counts: dict[str, int] = {}
    found: dict[str, list[float]] = {}
    for article in articles.semeval2023(root):
        if counts.get(article.language, 0) >= per_language:
            continue
        counts[article.language] = counts.get(article.language, 0) + 1
        doc = segment(Document(article.id, article.text, {"declared_language": article.language}))
        sentences = [u for u in units(doc) if scorable(doc.text[u.start : u.end])]
        if not sentences:
            continue
        encoding = runtime.encode(doc.text, [(u.start, u.end, u.paragraph) for u in units(doc)])
        logits = model.logits_in(encoding, [(u.start, u.end) for u in sentences])
        found.setdefault(article.language, []).extend(
            model.calibration.probability(logits, article.language).tolist()
        )
    report("news sentences scored: " + ", ".join(f"{k} {len(v)}" for k, v in sorted(found.items())))
    return {k: np.array(v) for k, v in found.items()}


def display_thresholds(news: dict[str, np.ndarray], share: float = DISPLAY_SHARE) -> dict[str, float]:
    """Per language (and ``*`` pooled), the probability above which ``share`` of its news sentences lie."""
    out = {lang: float(np.quantile(p, 1 - share)) for lang, p in news.items() if len(p) >= MIN_NEWS_SENTENCES}
    if news:
        out[ANY_LANGUAGE] = float(np.quantile(np.concatenate(list(news.values())), 1 - share))
    return {k: round(v, 4) for k, v in out.items()}


def tune_accurate(
    root: Path, fast: FastModel, train_splits: list[Split], dropped: int, report: Report
) -> AccurateModel:
    """The accurate tier's calibration (dev files) and display thresholds (news) for the shipped heads."""
    from slant.heads import model as heads_model

    heads = heads_model.load()
    model = AccurateModel(fast, heads, _uncalibrated(), {}, {})
    dev = {lang: dataset.load(root, lang, "dev") for lang in LANGUAGES}
    dev_logits = {lang: (model.logits(split.texts), np.array(split.labels)) for lang, split in dev.items()}
    model.calibration = calibrate.fit(
        {k: (np.where(np.isfinite(v[0]), v[0], -20.0), v[1]) for k, v in dev_logits.items()}
    )
    model.display = display_thresholds(news_probabilities(model, root, report))
    model.card = _card(
        "accurate",
        train_splits,
        dropped,
        {
            "heads": heads.card.get("name"),
            "heads_settings": heads.card.get("settings"),
            "display_share": DISPLAY_SHARE,
            "display_from": f"SemEval-2023 Task 3 training articles, first {NEWS_ARTICLES} per language",
        },
    )
    return model
