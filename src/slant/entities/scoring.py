"""Entity-level exact-match scoring (seqeval-style): an entity counts only if its span and type both match.

Gold and predicted entities are sets of ``(item, start, end, type)`` tuples, where ``item`` names the
sentence or document and start/end are token or character offsets. Precision, recall and F1 are given
per type and micro-averaged over all types.
"""

from __future__ import annotations

from collections.abc import Iterable

Entity = tuple[object, int, int, str]


def prf(gold: Iterable[Entity], pred: Iterable[Entity]) -> dict[str, dict[str, float]]:
    """``{type: {p, r, f1, gold, pred, tp}}`` plus ``ALL`` (micro average)."""
    gold_set, pred_set = set(gold), set(pred)
    types = sorted({e[3] for e in gold_set | pred_set})
    out: dict[str, dict[str, float]] = {}
    for kind in [*types, "ALL"]:
        g = {e for e in gold_set if kind in ("ALL", e[3])}
        p = {e for e in pred_set if kind in ("ALL", e[3])}
        tp = len(g & p)
        precision = tp / len(p) if p else 0.0
        recall = tp / len(g) if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[kind] = {
            "p": round(precision, 4),
            "r": round(recall, 4),
            "f1": round(f1, 4),
            "gold": len(g),
            "pred": len(p),
            "tp": tp,
        }
    return out
