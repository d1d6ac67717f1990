"""The two technique models behind one interface, saved as plain numpy archives with their card.

``fast``: TF-IDF n-grams of a sentence and its paragraph -> 23 sigmoids.
``accurate``: the fast model's logits plus the multilingual encoder's vectors of the
sentence and of its paragraph (mean of its sentences) -> 23 sigmoids. Sentences the fast
model finds nothing like a technique in (below ``gate`` times every threshold) skip the
encoder: they keep the fast model's scores, which is what makes the tier fast enough.

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
from slant.techniques import encoder
from slant.techniques.classify import SpanClassifier
from slant.techniques.features import Lexical
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


@dataclass
class AccurateModel:
    """Heads over the fast model's logits and encoder vectors of sentence and paragraph."""

    fast: FastModel
    head: MultiLabelLogistic
    thresholds: np.ndarray
    gate: float
    card: dict[str, Any]

    tier = "accurate"

    @staticmethod
    def inputs(
        fast_logits: np.ndarray, vectors: np.ndarray, paragraphs: Sequence[int] | np.ndarray
    ) -> np.ndarray:
        """Head inputs: fast logits, sentence vector, mean vector of the sentence's paragraph."""
        index = np.asarray(paragraphs)
        groups, inverse = np.unique(index, return_inverse=True)
        sums = np.zeros((len(groups), vectors.shape[1]), dtype=np.float32)
        np.add.at(sums, inverse, vectors.astype(np.float32))
        counts = np.bincount(inverse, minlength=len(groups))[:, None]
        return np.hstack([fast_logits / 4.0, vectors, sums[inverse] / counts[inverse]]).astype(np.float32)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Only the accurate heads: the fast model they build on is read from its own file."""
        return {
            "coef": self.head.coef.astype(np.float32),
            "bias": self.head.bias,
            "thresholds": self.thresholds.astype(np.float32),
            "gate": np.array(self.gate, dtype=np.float32),
        }


Model = FastModel | AccurateModel


def gate_ratio(fast_probability: np.ndarray, fast_thresholds: np.ndarray) -> np.ndarray:
    """Per sentence, the highest fast score as a multiple of its threshold; the encoder gate's input."""
    return np.asarray((fast_probability / fast_thresholds).max(axis=1))


def keep_fast(
    probability: np.ndarray,
    fast_probability: np.ndarray,
    encoded: np.ndarray,
    gate: float,
    fast_thresholds: np.ndarray,
) -> np.ndarray:
    """Scores of sentences the gate kept from the encoder: their fast scores, capped at gate x threshold."""
    out = probability.copy()
    out[~encoded] = np.minimum(fast_probability[~encoded], gate * fast_thresholds)
    return out


def _read(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    arrays, card = model_files.read(path, "technique model", "slant train techniques")
    if card.get("format") != FORMAT or list(card.get("labels", [])) != list(NAMES):
        raise ConfigError(f"technique model {path} was written for another version of slant; retrain it")
    return arrays, card


@lru_cache(maxsize=4)
def load(tier: str, folder: str | None = None) -> Model:
    """Load a tier's model from ``folder`` (default: the files shipped with slant); cached per process."""
    if tier not in TIERS:
        raise ConfigError(f"unknown technique tier {tier!r}; choose one of: {', '.join(TIERS)}")
    base = Path(folder) if folder else None
    if tier == "fast":
        return FastModel.from_arrays(*_read(base / "techniques-fast.npz" if base else bundled_path("fast")))
    fast = load("fast", folder)  # the cached one: the span classifier and both tiers share it
    assert isinstance(fast, FastModel)
    encoder.require_available()
    arrays, card = _read(base / "techniques-accurate.npz" if base else bundled_path("accurate"))
    head = MultiLabelLogistic(arrays["coef"], arrays["bias"])
    return AccurateModel(fast, head, arrays["thresholds"], float(arrays["gate"]), card)


def load_classifier(folder: str | None = None) -> SpanClassifier:
    """The span (technique classification) model that ships with the fast tier."""
    fast = load("fast", folder)
    assert isinstance(fast, FastModel)
    if fast.span is None:
        raise ConfigError("this fast technique model has no span classifier; retrain it")
    return fast.span
