"""Technique classification of a given span (SemEval-2020 "TC"): which technique is this passage?

The span's own n-grams plus half its sentence's, through the fast tier's vocabulary, into a
softmax over the 23 techniques. Use it to label spans a person (or another tool) marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.special import softmax

from slant.errors import InputError
from slant.features.lexical import Lexical
from slant.techniques.taxonomy import NAMES

#: Characters either side of a span taken as its context when no sentence bounds are given.
CONTEXT_CHARS = 150


@dataclass
class SpanClassifier:
    """Multinomial logistic regression over span (+ context) n-grams."""

    lexical: Lexical
    coef: np.ndarray
    bias: np.ndarray

    def probabilities(self, spans: Sequence[str], contexts: Sequence[str]) -> np.ndarray:
        """Probabilities ``(spans, 23)``."""
        x = self.lexical.pair(spans, contexts)
        return softmax(np.asarray(x @ self.coef) + self.bias, axis=1)

    def classify(
        self, text: str, start: int, end: int, allowed: Sequence[str] | None = None
    ) -> list[tuple[str, float]]:
        """Techniques for ``text[start:end]``, most likely first (only ``allowed`` ones, if given)."""
        if not 0 <= start < end <= len(text):
            raise InputError(f"span {start}-{end} is not inside a text of {len(text)} characters")
        left = max(0, start - CONTEXT_CHARS)
        context = text[left : min(len(text), end + CONTEXT_CHARS)]
        row = self.probabilities([text[start:end]], [context])[0]
        names = [n for n in NAMES if allowed is None or n in allowed]
        ranked = sorted(((n, float(row[NAMES.index(n)])) for n in names), key=lambda p: -p[1])
        return ranked

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Weights only: the vocabulary is the fast model's."""
        return {"span_coef": self.coef.astype(np.float16), "span_bias": self.bias.astype(np.float32)}
