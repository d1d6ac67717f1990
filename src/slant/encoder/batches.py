"""Group rows of different lengths into padded batches: little padding, a bounded size.

The run-time encoder, the training loop and the benchmarks batch the same way, so a
window meets the same batch shapes in all three.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def pack(order: Sequence[int], lengths: Sequence[int] | np.ndarray, budget: int) -> list[list[int]]:
    """Cut ``order`` (indices, usually sorted by length) into consecutive groups whose longest
    row times their size stays within ``budget`` padded tokens; a longer row is a group alone."""
    out: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        size = int(lengths[index])
        if current and max(longest, size) * (len(current) + 1) > budget:
            out.append(current)
            current, longest = [], 0
        current.append(int(index))
        longest = max(longest, size)
    if current:
        out.append(current)
    return out


def padded(rows: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``(tokens, hidden)`` zero-padded into ``(batch, longest, hidden)``, and the 0/1 mask."""
    longest = max(len(r) for r in rows)
    x = np.zeros((len(rows), longest, rows[0].shape[-1]), dtype=np.float32)
    mask = np.zeros((len(rows), longest), dtype=np.float32)
    for i, r in enumerate(rows):
        x[i, : len(r)] = r
        mask[i, : len(r)] = 1
    return x, mask
