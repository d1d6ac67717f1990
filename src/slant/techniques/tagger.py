"""The token-level technique model: heads over the fine-tuned encoder's states, decoded into spans.

A token head scores each token (inside a technique span, first token of one, and
inside a span of each technique); runs of inside tokens become candidate spans,
snapped to whole words. A span head reads each candidate (mean and max of its
token states, mean of its window) and gives the 23 techniques a probability. A
candidate's raw score for a technique is ``span head probability x mean inside
probability``; a per-technique logistic calibration, fitted on the tune split,
turns it into the probability that a person would mark this span with this
technique. Two thresholds per technique, both chosen on the tune split: the F1 one
(what ``slant eval techniques`` scores) and the display one, per span shape, where at
least half of such spans matched an annotator's span. Spans below the display threshold
are kept with ``attrs.hidden``: stored, counted, shown when a reader asks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf, expit, logit

from slant import model_files
from slant.encoder import runtime
from slant.encoder.runtime import Encoding
from slant.encoder.windows import Window
from slant.techniques.tagging import BEGIN, INSIDE, runs, snap
from slant.techniques.taxonomy import NAMES
from slant.techniques.units import Unit

RETRAIN = "slant train techniques --data ../shared/data"
#: Candidates whose best calibrated score is below this are not kept at all (not even hidden).
KEEP_FLOOR = 0.05
#: Where a technique's label score comes from (index = ``label_source``).
SOURCES = ("span", "tokens", "both")
#: Words that never make a technique span on their own (a lone function word is no evidence).
FUNCTION_WORD = re.compile(r"^\W*\w{0,2}\W*$")


def shape(text: str) -> int:
    """A span's shape, the column of its display threshold: 0 for a single word, 1 for longer."""
    return 0 if len(text.split()) <= 1 else 1


def bundled_path() -> Path:
    return Path(str(resources.files("slant.techniques") / "models" / "techniques-tagger.npz"))


@dataclass
class Candidate:
    """A span found in one window, with its technique scores."""

    start: int
    end: int
    inside: float
    calibrated: np.ndarray
    raw: np.ndarray


@dataclass
class TaggerModel:
    """Head weights, decoding thresholds, calibration and per-technique display thresholds."""

    arrays: dict[str, np.ndarray]
    card: dict[str, Any]

    @property
    def inside_threshold(self) -> float:
        return float(self.card.get("inside_threshold", 0.5))

    @property
    def begin_threshold(self) -> float:
        return float(self.card.get("begin_threshold", 0.5))

    @property
    def thresholds(self) -> np.ndarray:
        return np.asarray(self.arrays.get("thresholds", np.full(len(NAMES), 0.5)), dtype=np.float32)

    def display(self, column: int, text: str) -> float:
        """The display threshold of technique ``column`` for a span of ``text``: per span shape
        (one word, longer) when tuned, else the F1 threshold."""
        if "display" not in self.arrays:
            return float(self.thresholds[column])
        return float(self.arrays["display"][column, shape(text)])

    def token_scores(self, states: np.ndarray) -> np.ndarray:
        a = self.arrays
        return expit(states @ a["head.token.w"].T + a["head.token.b"])

    def span_scores(self, states: np.ndarray, spans: list[tuple[int, int]]) -> np.ndarray:
        """23 probabilities per token range ``[first, last]`` of ``states`` (a window's token rows)."""
        a = self.arrays
        context = states.mean(0)
        rows = [
            np.concatenate([states[f : e + 1].mean(0), states[f : e + 1].max(0), context]) for f, e in spans
        ]
        hidden = np.stack(rows) @ a["head.span1.w"].T + a["head.span1.b"]
        hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
        return expit(hidden @ a["head.span2.w"].T + a["head.span2.b"])

    def calibrate(self, raw: np.ndarray) -> np.ndarray:
        """Calibrated probabilities from raw scores (identity when no calibration is stored)."""
        if "calibration" not in self.arrays:
            return raw
        slope, bias = self.arrays["calibration"][:, 0], self.arrays["calibration"][:, 1]
        return expit(slope * logit(np.clip(raw, 1e-6, 1 - 1e-6)) + bias)

    def candidates(self, text: str, encoding: Encoding) -> list[Candidate]:
        """Every candidate span of a document, before thresholds."""
        out = []
        for index, window in enumerate(encoding.windows):
            states = encoding.tokens(index).astype(np.float32)
            if not len(states):
                continue
            tokens = self.token_scores(states)
            kept = [
                found
                for found in self.phrases(text, window, tokens, self.inside_threshold)
                if not FUNCTION_WORD.match(text[found[2] : found[3]])
            ]
            if not kept:
                continue
            probabilities = self.span_scores(states, [(f, e) for f, e, _, _ in kept])
            for (first, last, start, end), p in zip(kept, probabilities, strict=True):
                inside = float(tokens[first : last + 1, INSIDE].mean())
                raw = self.combine(p, tokens[first : last + 1, 2:].mean(0), inside)
                out.append(Candidate(start, end, inside, self.calibrate(raw), raw))
        return out

    def phrases(
        self, text: str, window: Window, tokens: np.ndarray, inside_threshold: float
    ) -> list[tuple[int, int, int, int]]:
        """``(first, last, start, end)``: runs of a window's inside tokens (split where a token begins
        a span), snapped to whole words in ``text``; empty ones left out."""
        out = []
        for first, last in runs(
            tokens[:, INSIDE] >= inside_threshold, tokens[:, BEGIN] >= self.begin_threshold
        ):
            start, end = snap(text, int(window.starts[first]), int(window.ends[last]))
            if end > start:
                out.append((first, last, start, end))
        return out

    def combine(self, span_head: np.ndarray, token_channels: np.ndarray, inside: float) -> np.ndarray:
        """A candidate's raw technique scores, times its mean inside probability. Per technique, from
        the span head, the technique channels of its tokens, or their geometric mean, whichever
        labelled the tune split best (``label_source``; ``card["labels_from"]`` overrides for all)."""
        options = np.stack([span_head, token_channels, np.sqrt(span_head * token_channels)])
        forced = self.card.get("labels_from")
        if forced is not None:
            label = options[SOURCES.index(forced)]
        elif "label_source" in self.arrays:
            label = options[self.arrays["label_source"].astype(int), np.arange(len(NAMES))]
        else:
            label = span_head
        return np.asarray(label * inside)


def load_from(models: str | None) -> TaggerModel:
    """The tagger of a folder of retrained model files (None: the one shipped with slant)."""
    return load(f"{models}/techniques-tagger.npz" if models else None)


def encode(text: str, unit_list: Sequence[Unit], models: str | None = None) -> Encoding:
    """The encoder's pass over a document's sentence units, with a models folder's adapter if given."""
    adapter = f"{models}/adapter.npz" if models else None
    return runtime.encode(text, [(u.start, u.end, u.paragraph) for u in unit_list], adapter)


@lru_cache(maxsize=4)
def load(path: str | None = None) -> TaggerModel:
    """The committed tagger heads (or a retrained file)."""
    arrays, card = model_files.read(Path(path) if path else bundled_path(), "technique tagger", RETRAIN)
    return TaggerModel({k: v.astype(np.float32) for k, v in arrays.items()}, card)
