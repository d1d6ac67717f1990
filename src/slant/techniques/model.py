"""The ``fast`` technique model, saved as a plain numpy archive with its card.

TF-IDF n-grams of a sentence and its paragraph -> 23 sigmoids, plus a TF-IDF span
classifier. The ``accurate`` tier is the token-level tagger (:mod:`slant.techniques.tagger`).

Files hold no pickles (``allow_pickle=False``): strings, numbers and a JSON card.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from slant import model_files
from slant.errors import ConfigError
from slant.features.lexical import Lexical
from slant.techniques.classify import SpanClassifier
from slant.techniques.heads import MultiLabelLogistic
from slant.techniques.taxonomy import NAMES

TIERS = ("fast", "accurate")
FORMAT = 1


def bundled_path(tier: str) -> Path:
    """Where the committed model file of a tier lives inside the package."""
    return Path(str(resources.files("slant.techniques") / "models" / f"techniques-{tier}.npz"))


@dataclass
class FastModel:
    """Lexical features and their 23 logistic heads."""

    lexical: Lexical
    head: MultiLabelLogistic
    thresholds: np.ndarray
    card: dict[str, Any]
    span: SpanClassifier | None = None

    tier = "fast"

    def features(self, texts: Sequence[str], paragraphs: Sequence[Hashable]) -> sp.csr_matrix:
        """The sparse feature matrix of sentences, each with its paragraph's key."""
        return self.lexical.transform(texts, paragraphs)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything needed to rebuild the model."""
        return {
            **self.lexical.to_arrays(),
            "coef": self.head.coef.astype(np.float16),
            "bias": self.head.bias,
            "thresholds": self.thresholds.astype(np.float32),
            **(self.span.to_arrays() if self.span else {}),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> FastModel:
        """Inverse of :meth:`to_arrays`."""
        head = MultiLabelLogistic(arrays["coef"].astype(np.float32), arrays["bias"])
        lexical = Lexical.from_arrays(arrays)
        span = None
        if "span_coef" in arrays:
            span = SpanClassifier(lexical, arrays["span_coef"].astype(np.float32), arrays["span_bias"])
        return cls(lexical, head, arrays["thresholds"], card, span)


Model = FastModel


def _read(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    arrays, card = model_files.read(path, "technique model", "slant train techniques")
    if card.get("format") != FORMAT or list(card.get("labels", [])) != list(NAMES):
        raise ConfigError(f"technique model {path} was written for another version of slant; retrain it")
    return arrays, card


@lru_cache(maxsize=4)
def load(tier: str, folder: str | None = None) -> Model:
    """The fast tier's model from ``folder`` (default: the file shipped with slant); cached per process."""
    if tier != "fast":
        raise ConfigError(f"technique tier {tier!r} has no sentence model; only 'fast' has one")
    base = Path(folder) if folder else None
    return FastModel.from_arrays(*_read(base / "techniques-fast.npz" if base else bundled_path("fast")))


def load_classifier(folder: str | None = None) -> SpanClassifier:
    """The span (technique classification) model that ships with the fast tier."""
    fast = load("fast", folder)
    assert isinstance(fast, FastModel)
    if fast.span is None:
        raise ConfigError("this fast technique model has no span classifier; retrain it")
    return fast.span
