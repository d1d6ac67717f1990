"""Encoder vectors of training and evaluation texts, cached on disk in checkpointed chunks.

Encoding the ~40k CheckThat! texts takes tens of minutes on two cores; each chunk is
saved as soon as it is done (named by a hash of its texts), so an interrupted run
resumes and a retrain with the same data encodes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from slant.encoder import vectors as encoder

CHUNK = 512

Report = Callable[[str], None]


def _digest(texts: Sequence[str]) -> str:
    h = hashlib.sha1()
    for text in texts:
        h.update(text.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def cached(cache: Path, key: str, texts: Sequence[str], report: Report | None = None) -> np.ndarray:
    """``encoder.embed(texts)``, read from / written to ``cache`` chunk by chunk."""
    cache.mkdir(parents=True, exist_ok=True)
    parts = []
    total = (len(texts) + CHUNK - 1) // CHUNK
    for number, first in enumerate(range(0, len(texts), CHUNK)):
        chunk = texts[first : first + CHUNK]
        path = cache / f"{key}-{number:03d}-{_digest(chunk)}.npy"
        if path.is_file():
            parts.append(np.load(path, allow_pickle=False))
            continue
        vectors = encoder.embed(chunk).astype(np.float16)
        partial = path.with_suffix(".partial.npy")
        np.save(partial, vectors)
        partial.replace(path)
        parts.append(vectors)
        if report:
            report(f"encoded {key}: chunk {number + 1}/{total}")
    if not parts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.vstack(parts).astype(np.float32)
