"""Half-open intervals: their union, and a set of non-overlapping ones with a logarithmic overlap test.

Rule-based analyzers keep the best of overlapping candidates; with a list scan that is
quadratic, and a 2 MB paragraph holds tens of thousands of candidates.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable


def merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted union of ``[start, end)`` ranges (touching ranges joined)."""
    out: list[list[int]] = []
    for start, end in sorted(ranges):
        if out and start <= out[-1][1]:
            out[-1][1] = max(out[-1][1], end)
        else:
            out.append([start, end])
    return [(a, b) for a, b in out]


class Intervals:
    """Non-overlapping ``[start, end)`` intervals; :meth:`add` refuses one that overlaps."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: dict[int, int] = {}

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a position with an interval of the set."""
        index = bisect_left(self._starts, start)
        if index < len(self._starts) and self._starts[index] < end:
            return True
        return index > 0 and self._ends[self._starts[index - 1]] > start

    def add(self, start: int, end: int) -> bool:
        """Add ``[start, end)`` unless it is empty or overlaps; whether it was added."""
        if start >= end or self.overlaps(start, end):
            return False
        insort(self._starts, start)
        self._ends[start] = end
        return True
