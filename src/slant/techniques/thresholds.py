"""Per-technique decision thresholds, chosen where paragraph-level F1 is best on held-out folds."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

GRID = np.round(np.arange(0.04, 0.8, 0.02), 2)
#: Techniques with fewer positive paragraphs than this keep a conservative threshold.
MIN_POSITIVES = 8
FALLBACK = 0.5


def paragraph_index(articles: Sequence[str], paragraphs: Sequence[int]) -> tuple[np.ndarray, int]:
    """Row -> paragraph group id (article, paragraph index), and the number of groups."""
    keys: dict[tuple[str, int], int] = {}
    index = np.array([keys.setdefault((a, p), len(keys)) for a, p in zip(articles, paragraphs, strict=True)])
    return index, len(keys)


def by_paragraph(values: np.ndarray, index: np.ndarray, groups: int) -> np.ndarray:
    """Row values pooled per paragraph with max (probabilities) or or (labels)."""
    out = np.zeros((groups, values.shape[1]), dtype=values.dtype)
    np.maximum.at(out, index, values)
    return out


def choose(probability: np.ndarray, gold: np.ndarray) -> np.ndarray:
    """One threshold per column maximising that column's F1 (ties: the higher threshold)."""
    out = np.full(gold.shape[1], FALLBACK, dtype=np.float32)
    for column in range(gold.shape[1]):
        g = gold[:, column].astype(bool)
        if g.sum() < MIN_POSITIVES:
            continue
        best = -1.0
        for threshold in GRID:
            p = probability[:, column] >= threshold
            tp = (p & g).sum()
            f1 = 2 * tp / (p.sum() + g.sum()) if p.sum() + g.sum() else 0.0
            if f1 >= best:
                best, out[column] = f1, threshold
    return out


#: Highest threshold the micro-F1 search may pick: a technique the model gives a probability
#: this high is shown, even when showing the rare ones costs some micro-F1.
MAX_THRESHOLD = 0.6


def choose_micro(probability: np.ndarray, gold: np.ndarray, passes: int = 4) -> np.ndarray:
    """Thresholds maximising micro-F1 over all columns together (coordinate ascent).

    Per-column F1 picks very low thresholds for rare techniques, whose false alarms then
    outnumber everything else; micro-F1 weighs each decision once.
    """
    grid = GRID[GRID <= MAX_THRESHOLD]
    above = probability[:, :, None] >= grid[None, None, :]
    truth = gold.astype(bool)[:, :, None]
    tp = (above & truth).sum(axis=0).astype(np.float64)  # (columns, grid)
    predicted = above.sum(axis=0).astype(np.float64)
    total_gold = float(truth.sum())
    start = choose(probability, gold)
    index = np.array([int(np.argmin(np.abs(grid - t))) for t in start])
    columns = np.arange(gold.shape[1])
    for _ in range(passes):
        for column in columns:
            others = columns != column
            tp_rest = tp[others, index[others]].sum()
            predicted_rest = predicted[others, index[others]].sum()
            f1 = 2 * (tp_rest + tp[column]) / (predicted_rest + predicted[column] + total_gold)
            # ties: the highest threshold, i.e. the fewest spans shown for the same F1
            index[column] = len(grid) - 1 - int(np.argmax(f1[::-1]))
    return grid[index].astype(np.float32)
