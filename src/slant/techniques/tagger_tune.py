"""Choose the tagger's thresholds and calibration on the tune split, through the real run-time path.

The run-time encoder is int8 ONNX, not the float32 torch model that was trained, so
the thresholds are chosen on what users will get: the tune articles (never trained
on, never reported on) are encoded by :mod:`slant.encoder.runtime` and decoded by
:mod:`slant.techniques.tagger`. Three choices, in order:

1. the "inside" threshold, for span-identification F1 (Da San Martino et al. 2019);
2. per technique, a logistic calibration of the raw score against "a gold span of this
   technique overlaps this span" (techniques with few tune examples share one fit);
3. per technique, the threshold on the calibrated score for labelled-span F1 (what
   ``slant eval techniques`` scores);
4. per technique and span shape (one word, longer), the display threshold: the lowest
   threshold, at or above the F1 one, where at least half of the spans at or above it
   overlap an annotator's span of that technique (``MIN_DISPLAY_PRECISION``, with at
   least ``MIN_DISPLAY_SUPPORT`` spans). Spans below it are kept hidden: the F1 optimum
   marks mostly wrong spans, which a reader cannot use (docs/QUALITY.md, display thresholds).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit, logit

from slant import model_files
from slant.encoder.runtime import Encoding, encode
from slant.intervals import merge
from slant.techniques import training_data
from slant.techniques.dataset import segment
from slant.techniques.tagger import SOURCES, TaggerModel, shape
from slant.techniques.tagger_data import TUNE, split_of
from slant.techniques.taxonomy import NAMES

Report = Callable[[str], None]
INSIDE_GRID = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
#: Display thresholds tried on the calibrated probability (its value says how often such a span
#: matched an annotator's span of that technique on the tune split).
THRESHOLD_GRID = tuple(np.round(np.arange(0.05, 0.91, 0.05), 2))
#: A technique whose best labelled-span F1 on the tune split is below this is never shown
#: (its spans are kept hidden): below it most of what it marks is wrong.
MIN_SHOWN_F1 = 0.15
NEVER_SHOWN = 1.0
#: Fewer positive tune examples than this: the technique uses the pooled calibration.
MIN_OWN_CALIBRATION = 25
#: Shown by default only where at least this share of such spans matched an annotator's span...
MIN_DISPLAY_PRECISION = 0.5
#: ...measured on at least this many tune spans; otherwise never shown by default.
MIN_DISPLAY_SUPPORT = 10
#: Span shapes with a display threshold each (index 0: a single word, 1: longer).
SHAPES = ("one word", "longer")


def span_prf(gold: dict[Any, list[tuple[int, int]]], pred: dict[Any, list[tuple[int, int]]]) -> float:
    """Span F1 with partial credit (the SemEval-2020 Task 11 measure), overlaps merged per key."""
    p_sum = r_sum = 0.0
    n_pred = sum(len(merge(v)) for v in pred.values())
    n_gold = sum(len(merge(v)) for v in gold.values())
    for key in set(gold) | set(pred):
        g, s = merge(gold.get(key, [])), merge(pred.get(key, []))
        for a, b in s:
            for c, d in g:
                inter = max(0, min(b, d) - max(a, c))
                if inter:
                    p_sum += inter / (b - a)
                    r_sum += inter / (d - c)
    p = p_sum / n_pred if n_pred else 0.0
    r = r_sum / n_gold if n_gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class TuneArticle:
    id: str
    text: str
    spans: list[tuple[str, int, int]]
    encoding: Encoding


def articles(
    root: Path, report: Report, adapter: str | None, held_out: tuple[str, ...] = ()
) -> list[TuneArticle]:
    """The tune split (less the ``held_out`` languages), encoded by the run-time encoder."""
    out = []
    for article in training_data.semeval2023(root):
        if split_of(article.id) != TUNE or article.language in held_out:
            continue
        _, unit_list = segment(article.text, article.id)
        sentences = [(u.start, u.end, u.paragraph) for u in unit_list]
        out.append(
            TuneArticle(article.id, article.text, article.spans, encode(article.text, sentences, adapter))
        )
        if len(out) % 20 == 0:
            report(f"tune split: {len(out)} articles encoded")
    return out


def _decode(model: TaggerModel, items: list[TuneArticle]) -> list[tuple[str, int, int, np.ndarray]]:
    found = []
    for item in items:
        for c in model.candidates(item.text, item.encoding):
            found.append((item.id, c.start, c.end, c.raw))
    return found


def tune(
    model_path: Path, root: Path, report: Report, adapter: str | None = None, held_out: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Write the inside threshold, calibration and thresholds into the tagger file; returns figures."""
    arrays, card = model_files.read(
        model_path, "technique tagger", "slant train techniques --data ../shared/data"
    )
    arrays = {k: v for k, v in arrays.items() if k not in ("calibration", "thresholds")}
    items = articles(root, report, adapter, held_out)
    gold_si, gold_flc = _gold(items)

    figures: dict[str, Any] = {"tune_articles": len(items)}
    best = (-1.0, 0.5)
    for threshold in INSIDE_GRID:
        model = TaggerModel(dict(arrays), {**card, "inside_threshold": threshold})
        pred: dict[Any, list[tuple[int, int]]] = defaultdict(list)
        for item in items:
            for index, window in enumerate(item.encoding.windows):
                tokens = model.token_scores(item.encoding.tokens(index).astype(np.float32))
                for _, _, start, end in model.phrases(item.text, window, tokens, threshold):
                    pred[(item.id,)].append((start, end))
        f1 = span_prf(gold_si, pred)
        report(f"inside threshold {threshold}: span F1 {f1:.4f}")
        best = max(best, (f1, threshold))
    card["inside_threshold"] = best[1]
    figures["tune_span_f1"] = round(best[0], 4)

    # Per technique, which score labels it best: the span head, its tokens' technique channels,
    # or their geometric mean; each with its own calibration and F1 threshold.
    options = []
    for source in SOURCES:
        found = _decode(TaggerModel(dict(arrays), {**card, "labels_from": source}), items)
        options.append(_per_technique(found, gold_flc))
        report(f"technique labels from {source}: labelled span F1 {_labelled_f1(found, gold_flc):.4f}")
    label_source = np.zeros(len(NAMES), dtype=np.int8)
    calibration = np.zeros((len(NAMES), 2), dtype=np.float32)
    thresholds = np.zeros(len(NAMES), dtype=np.float32)
    per_technique = {}
    for column, name in enumerate(NAMES):
        f1, chosen = max((float(options[k][2][column]), k) for k in range(len(SOURCES)))
        label_source[column] = chosen
        calibration[column] = options[chosen][0][column]
        thresholds[column] = options[chosen][1][column] if f1 >= MIN_SHOWN_F1 else NEVER_SHOWN
        per_technique[name] = {
            "threshold": round(float(thresholds[column]), 3),
            "tune_f1": round(float(f1), 4),
            "labels_from": SOURCES[chosen],
        }
    arrays["label_source"] = label_source
    arrays["calibration"] = calibration.astype(np.float32)
    arrays["thresholds"] = thresholds
    card["tune"] = {**figures, "per_technique": per_technique}
    _store_display(TaggerModel(dict(arrays), card), items, gold_flc, arrays, card["tune"])
    model_files.save(arrays, card, model_path)
    load_cache_clear()
    return card["tune"]


def _gold(
    items: list[TuneArticle],
) -> tuple[dict[Any, list[tuple[int, int]]], dict[Any, list[tuple[int, int]]]]:
    """The tune split's annotated spans, by article (span identification) and by article and
    technique (labelled spans)."""
    gold_si: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    gold_flc: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for item in items:
        for name, start, end in item.spans:
            gold_si[(item.id,)].append((start, end))
            gold_flc[(item.id, name)].append((start, end))
    return gold_si, gold_flc


def _store_display(
    model: TaggerModel,
    items: list[TuneArticle],
    gold_flc: dict[Any, list[tuple[int, int]]],
    arrays: dict[str, np.ndarray],
    tuned: dict[str, Any],
) -> None:
    """Step 4 into the model's ``arrays`` and its card's ``tune`` figures."""
    display, shown = display_thresholds(model, items, gold_flc)
    arrays["display"] = display
    per_technique = tuned.setdefault("per_technique", {})
    for column, name in enumerate(NAMES):
        per_technique.setdefault(name, {})["display"] = _rounded(display[column])
    tuned["display_precision"] = shown


def display_thresholds(
    model: TaggerModel, items: list[TuneArticle], gold_flc: dict[Any, list[tuple[int, int]]]
) -> tuple[np.ndarray, dict[str, float]]:
    """Per technique and shape ``(23, 2)``, the display threshold (module docstring, step 4); and the
    share of the spans shown by default on the tune split that overlap an annotator's span."""
    found = [
        (item.id, c, item.text[c.start : c.end])
        for item in items
        for c in model.candidates(item.text, item.encoding)
    ]
    display = np.full((len(NAMES), len(SHAPES)), NEVER_SHOWN, dtype=np.float32)
    hits = total = 0
    for column, name in enumerate(NAMES):
        if model.thresholds[column] >= NEVER_SHOWN:
            continue
        for index in range(len(SHAPES)):
            rows = [
                (float(c.calibrated[column]), _overlaps(gold_flc.get((article_id, name), []), c.start, c.end))
                for article_id, c, text in found
                if shape(text) == index
            ]
            for threshold in THRESHOLD_GRID:
                if threshold < model.thresholds[column] - 1e-6:
                    continue
                kept = [right for score, right in rows if score >= threshold]
                if len(kept) < MIN_DISPLAY_SUPPORT:
                    break
                if sum(kept) / len(kept) >= MIN_DISPLAY_PRECISION:
                    display[column, index] = threshold
                    hits, total = hits + sum(kept), total + len(kept)
                    break
    return display, {"spans": total, "precision": round(hits / total, 4) if total else 0.0}


def _rounded(row: np.ndarray) -> dict[str, float]:
    return {shape: round(float(value), 3) for shape, value in zip(SHAPES, row, strict=True)}


def _overlaps(gold: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(min(end, d) - max(start, c) > 0 for c, d in gold)


def retune_display(
    model_path: Path, root: Path, report: Report, adapter: str | None = None
) -> dict[str, Any]:
    """Step 4 alone, for a tagger whose thresholds and calibration are already tuned."""
    arrays, card = model_files.read(
        model_path, "technique tagger", "slant train techniques --data ../shared/data"
    )
    items = articles(root, report, adapter)
    _, gold_flc = _gold(items)
    model = TaggerModel({k: v.astype(np.float32) for k, v in arrays.items()}, card)
    tuned = card.setdefault("tune", {})
    _store_display(model, items, gold_flc, arrays, tuned)
    model_files.save(arrays, card, model_path)
    load_cache_clear()
    return tuned


def _per_technique(
    found: list[tuple[str, int, int, np.ndarray]], gold_flc: dict[Any, list[tuple[int, int]]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Calibration ``(23, 2)``, the F1 threshold ``(23,)`` and its tune F1 ``(23,)``."""
    raw = np.stack([r for *_, r in found]) if found else np.zeros((0, len(NAMES)))
    correct = np.zeros_like(raw, dtype=bool)
    for row, (article_id, start, end, _) in enumerate(found):
        for column, name in enumerate(NAMES):
            correct[row, column] = _overlaps(gold_flc.get((article_id, name), []), start, end)
    calibration = _calibrate(raw, correct)
    calibrated = expit(calibration[:, 0] * logit(np.clip(raw, 1e-6, 1 - 1e-6)) + calibration[:, 1])
    thresholds = np.full(len(NAMES), NEVER_SHOWN, dtype=np.float32)
    best = np.zeros(len(NAMES))
    for column, name in enumerate(NAMES):
        gold_t = {k: v for k, v in gold_flc.items() if k[1] == name}
        for threshold in THRESHOLD_GRID:
            pred_t: dict[Any, list[tuple[int, int]]] = defaultdict(list)
            for hit in np.flatnonzero(calibrated[:, column] >= threshold):
                found_id, found_start, found_end, _ = found[int(hit)]
                pred_t[(found_id, name)].append((found_start, found_end))
            f1 = span_prf(gold_t, pred_t)
            if f1 > best[column]:
                best[column], thresholds[column] = f1, float(threshold)
    return calibration, thresholds, best


def _labelled_f1(
    found: list[tuple[str, int, int, np.ndarray]], gold: dict[Any, list[tuple[int, int]]]
) -> float:
    """Labelled span F1 when each candidate carries only its best-scoring technique."""
    pred: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for article_id, start, end, raw in found:
        pred[(article_id, NAMES[int(np.argmax(raw))])].append((start, end))
    return span_prf(gold, pred)


def _calibrate(raw: np.ndarray, correct: np.ndarray) -> np.ndarray:
    """Per technique ``(slope, bias)`` of a logistic fit of correctness on the raw score's logit."""
    from sklearn.linear_model import LogisticRegression

    x_all = logit(np.clip(raw, 1e-6, 1 - 1e-6))
    pooled = LogisticRegression(C=1.0).fit(x_all.reshape(-1, 1), correct.reshape(-1))
    out = np.tile([pooled.coef_[0, 0], pooled.intercept_[0]], (raw.shape[1], 1))
    for column in range(raw.shape[1]):
        y = correct[:, column]
        if y.sum() >= MIN_OWN_CALIBRATION and (~y).sum() >= MIN_OWN_CALIBRATION:
            fit = LogisticRegression(C=1.0).fit(x_all[:, column : column + 1], y)
            out[column] = (fit.coef_[0, 0], fit.intercept_[0])
    return out


def load_cache_clear() -> None:
    from slant.techniques import tagger

    tagger.load.cache_clear()
