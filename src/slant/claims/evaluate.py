"""Score the claim models on the CheckThat! 2024 dev and dev-test files with ``score.py binary``.

Each sentence is scored as the analyzer scores it (too-short sentences count as "No"),
gold and predictions are written as ``id<TAB>Yes|No`` files per language and split, and the
workspace's ``score.py`` reports precision, recall and F1 of the "Yes" class. Trivial
baseline: every sentence "Yes". Spanish is a language the models never trained on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.claims import dataset
from slant.claims.analyzer import resolve_tier, scorable
from slant.claims.dataset import Split
from slant.claims.model import Model, load
from slant.claims.train import LANGUAGES
from slant.labelled_data import require_root
from slant.scorer import run_scorer

#: (language, split) pairs scored; the models train on en/ar train only.
SPLITS = (
    ("en", "dev"),
    ("en", "dev-test"),
    ("ar", "dev"),
    ("ar", "dev-test"),
    ("es", "dev"),
    ("es", "dev-test"),
)
#: Rows scored of the Spanish files (a hash-chosen sample, to keep the run short).
UNSEEN_ROWS = 1000
#: Published figures beside ours (F1 of the positive class).
ANCHORS = {
    (
        "en",
        "dev-test",
    ): "CheckThat! 2023 English test: 0.878 (2nd place); 2024 English test: top systems ~0.80",
}

Report = Callable[[str], None]


@dataclass
class Result:
    """``score.py`` output per ``language:split`` (with the all-"Yes" baseline under ``baseline``)."""

    tier: str
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    def table(self) -> str:
        """A Markdown table of precision, recall and F1 (positive class)."""
        lines = [
            "| tier | language | split | sentences | P | R | F1 | all-Yes F1 | anchor |",
            "|---|---|---|---:|---:|---:|---:|---:|---|",
        ]
        for key, value in self.scores.items():
            language, _, split = key.partition(":")
            anchor = ANCHORS.get((language, split), "")
            lines.append(
                f"| {self.tier} | {language} | {split} | {value.get('n', '')} | {value['precision']:.3f} | "
                f"{value['recall']:.3f} | {value['f1']:.3f} | {value['baseline']['f1']:.3f} | {anchor} |"
            )
        return "\n".join(lines)


def _write(path: Path, rows: Iterable[tuple[str, str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{a}\t{b}\n" for a, b in rows), encoding="utf-8")
    return path


def predict(model: Model, split: Split) -> np.ndarray:
    """Calibrated probabilities of a split's texts (0 for sentences the analyzer would not score)."""
    logits = model.logits(split.texts)
    probability = model.calibration.probability(logits, split.language)
    keep = np.array([scorable(t) for t in split.texts], dtype=bool)
    return np.where(keep, probability, 0.0)


def evaluate(
    root: Path,
    scorer: Path,
    out: Path,
    tier: str,
    report: Report = lambda _: None,
    models: str | None = None,
    splits: tuple[tuple[str, str], ...] = SPLITS,
) -> Result:
    """Score ``tier`` (auto | fast | accurate) on each split; gold, pred, baseline and probability
    files are kept in ``out/<tier>/<language>/<split>/``."""
    root = require_root(root, dataset.FOLDER)
    model = load(resolve_tier(tier, models), models)
    result = Result(model.tier)
    for language, name in splits:
        split = dataset.load(root, language, name)
        if language not in LANGUAGES:
            split = dataset.sample(split, UNSEEN_ROWS)
        report(f"{model.tier}: {language} {name} ({len(split)} sentences)")
        probability = predict(model, split)
        threshold = model.calibration.threshold(language)
        # The row number keeps ids unique even if a file repeats one (score.py keys rows by id).
        ids = [f"{i}:{n}" for n, i in enumerate(split.ids)]
        folder = out / model.tier / language / name
        gold = _write(
            folder / "gold.tsv", zip(ids, ("Yes" if v else "No" for v in split.labels), strict=True)
        )
        pred = _write(
            folder / "pred.tsv",
            zip(ids, ("Yes" if p >= threshold else "No" for p in probability), strict=True),
        )
        base = _write(folder / "baseline.tsv", ((i, "Yes") for i in ids))
        _write(folder / "probability.tsv", zip(ids, (f"{p:.4f}" for p in probability), strict=True))
        scores = run_scorer(scorer, "binary", gold, pred)
        scores["baseline"] = run_scorer(scorer, "binary", gold, base)
        scores["n"] = len(split)
        scores["threshold"] = threshold
        result.scores[f"{language}:{name}"] = scores
    return result
