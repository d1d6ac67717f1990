"""Turn logits into calibrated probabilities and choose decision thresholds, per language, on dev data."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from scipy.optimize import minimize
from scipy.special import expit

from slant.claims.model import ANY_LANGUAGE, Calibration

#: Candidate thresholds; F1 is smoothed over +-SMOOTH neighbours so a lucky spike on a small
#: dev set does not pick the threshold.
GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)
SMOOTH = 3
#: A language keeps its own entry only when, at its chosen threshold, its dev F1 beats marking
#: every sentence check-worthy by this much; otherwise the model has found no useful cut-off
#: there (Arabic tweets, where the best "threshold" marks nearly everything) and ``*`` is used.
MIN_GAIN = 0.02


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """``a, b`` minimising the log loss of ``sigmoid(a * logit + b)`` (Platt's smoothed targets)."""
    z = np.asarray(logits, dtype=np.float64)
    positives, negatives = float(y.sum()), float(len(y) - y.sum())
    # Platt (1999): targets pulled off 0/1 so a separable dev set does not send a to infinity.
    target = np.where(y > 0, (positives + 1) / (positives + 2), 1 / (negatives + 2))

    def loss(theta: np.ndarray) -> tuple[float, np.ndarray]:
        s = theta[0] * z + theta[1]
        value = np.logaddexp(0, s).sum() - (target * s).sum()
        g = expit(s) - target
        return float(value), np.array([(g * z).sum(), g.sum()])

    result = minimize(loss, np.array([1.0, 0.0]), jac=True, method="L-BFGS-B")
    return float(result.x[0]), float(result.x[1])


def f1_curve(probability: np.ndarray, y: np.ndarray) -> np.ndarray:
    """F1 of the positive class at each threshold of :data:`GRID`."""
    predicted = probability[None, :] >= GRID[:, None]
    tp = (predicted & (y[None, :] > 0)).sum(axis=1)
    fp = (predicted & (y[None, :] == 0)).sum(axis=1)
    fn = int((y > 0).sum()) - tp
    denominator = 2 * tp + fp + fn
    return np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), 0.0)


def best_threshold(probability: np.ndarray, y: np.ndarray) -> float:
    """The threshold of highest smoothed F1 (ties: the lowest such threshold)."""
    curve = f1_curve(probability, y)
    window = np.ones(2 * SMOOTH + 1) / (2 * SMOOTH + 1)
    smoothed = np.convolve(np.pad(curve, SMOOTH, mode="edge"), window, mode="valid")
    return float(GRID[int(np.argmax(smoothed))])


def all_yes_f1(y: np.ndarray) -> float:
    """F1 of marking every sentence positive (the trivial baseline)."""
    rate = float(np.mean(y > 0)) if len(y) else 0.0
    return 2 * rate / (1 + rate) if rate else 0.0


def fit(dev: Mapping[str, tuple[np.ndarray, np.ndarray]]) -> Calibration:
    """Per-language calibration from ``language -> (logits, labels)``; ``*`` from all of them pooled.

    Languages whose dev F1 does not beat the all-"Yes" baseline by :data:`MIN_GAIN` get no
    entry of their own (they use ``*``)."""
    languages = sorted(dev)
    pooled = (
        np.concatenate([dev[lang][0] for lang in languages]),
        np.concatenate([dev[lang][1] for lang in languages]),
    )
    rows, platts, thresholds = [], [], []
    for language, (logits, y) in [*((lang, dev[lang]) for lang in languages), (ANY_LANGUAGE, pooled)]:
        a, b = platt(logits, y)
        probability = expit(a * logits + b)
        threshold = best_threshold(probability, y)
        gain = float(f1_curve(probability, y)[int(np.argmin(np.abs(GRID - threshold)))]) - all_yes_f1(y)
        if language != ANY_LANGUAGE and gain < MIN_GAIN:
            continue
        rows.append(language)
        platts.append((a, b))
        thresholds.append(threshold)
    return Calibration(rows, np.array(platts), np.array(thresholds))
