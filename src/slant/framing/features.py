"""Framing features pooled from the encoder states a document already has (no extra pass).

Techniques run the main graph and entities/claims the second branch over the same windows
(:mod:`slant.encoder.runtime`); roles, narratives, frames and genre only average those states
over a mention, its sentence or the whole text, so they add a few matrix products per document.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from slant.document import Document
from slant.encoder import runtime
from slant.encoder.runtime import Encoding
from slant.heads import model as heads_model

HIDDEN = 384


def encoding_of(doc: Document) -> Encoding:
    """The document's encoding (memoised by the runtime, so techniques' pass is reused)."""
    from slant.techniques.units import units

    return runtime.encode(doc.text, [(u.start, u.end, u.paragraph) for u in units(doc)])


def _states(encoding: Encoding) -> tuple[list[np.ndarray], list[np.ndarray]]:
    main = [s[1:-1].astype(np.float32) for s in encoding.states]
    adapter = str(heads_model.folder() / "adapter.npz")
    branch = [s[1:-1].astype(np.float32) for s in runtime.branch_states(encoding, adapter)]
    return main, branch


def pooled(encoding: Encoding, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each ``(start, end)``: the mean main-graph and branch states of the pieces inside it
    (``2 * HIDDEN`` values; zeros where no piece lies inside)."""
    return passage_vectors(encoding, ranges)[:, : 2 * HIDDEN]


def mention_vectors(doc: Document, encoding: Encoding, mentions: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each ``(start, end)`` mention: :func:`pooled` over the mention and over its sentence
    (the mention itself where no sentence holds it), ``4 * HIDDEN`` values."""
    sentences = doc.layer("sentence")
    ranges: list[tuple[int, int]] = []
    for start, end in mentions:
        around = next(
            ((s.start, s.end) for s in sentences if s.start <= start and end <= s.end), (start, end)
        )
        ranges += [(start, end), around]
    return pooled(encoding, ranges).reshape(len(mentions), -1)


def document_vector(encoding: Encoding) -> np.ndarray:
    """Mean and max of every piece's main-graph and branch states (``4 * HIDDEN`` values)."""
    return passage_vectors(encoding, [(0, 2**62)])[0]


def passage_vectors(encoding: Encoding, ranges: Sequence[tuple[int, int]]) -> np.ndarray:
    """For each ``(start, end)``: the mean and max of the main-graph and branch states of the
    pieces inside it, as :func:`document_vector` gives for a whole text (zeros where none)."""
    main, branch = _states(encoding)
    out = np.zeros((len(ranges), 4 * HIDDEN), dtype=np.float32)
    for k, (start, end) in enumerate(ranges):
        m_rows, b_rows = [], []
        for window, m, b in zip(encoding.windows, main, branch, strict=True):
            if window.end <= start or window.start >= end:
                continue
            inside = (window.starts < end) & (window.ends > start)
            m_rows.append(m[inside])
            b_rows.append(b[inside])
        if m_rows and sum(len(r) for r in m_rows):
            m_all, b_all = np.concatenate(m_rows), np.concatenate(b_rows)
            out[k] = np.concatenate([m_all.mean(0), b_all.mean(0), m_all.max(0), b_all.max(0)])
    return out
