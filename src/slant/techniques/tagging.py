"""Token labels for the technique tagger, and technique spans decoded back from token scores.

Each token of a window gets ``CHANNELS`` binary targets: inside any technique span,
first token of a span, and inside a span of each of the 23 techniques. Decoding
turns runs of "inside" tokens into character spans snapped to whole words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from slant.encoder.windows import Window
from slant.techniques.taxonomy import NAMES

INSIDE, BEGIN = 0, 1
#: inside, begin, then one channel per technique in ``NAMES`` order.
CHANNELS = 2 + len(NAMES)
#: A token counts as inside a span when the span covers this share of its characters.
MIN_TOKEN_COVER = 0.5


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A labelled span clipped to one window: token range ``[first, last]`` and the techniques."""

    first: int
    last: int
    labels: frozenset[str]


def token_targets(window: Window, spans: Sequence[tuple[str, int, int]]) -> tuple[np.ndarray, list[GoldSpan]]:
    """``(tokens, CHANNELS)`` targets of one window and the gold spans inside it."""
    column = {name: 2 + i for i, name in enumerate(NAMES)}
    y = np.zeros((len(window), CHANNELS), dtype=np.uint8)
    starts, ends = window.starts, window.ends
    length = np.maximum(ends - starts, 1)
    by_place: dict[tuple[int, int], set[str]] = {}
    for name, start, end in spans:
        if end <= window.start or start >= window.end or name not in column:
            continue
        overlap = np.minimum(ends, end) - np.maximum(starts, start)
        inside = np.flatnonzero(overlap >= MIN_TOKEN_COVER * length)
        if not len(inside):
            continue
        y[inside, INSIDE] = 1
        y[inside, column[name]] = 1
        if start >= starts[inside[0]]:
            y[inside[0], BEGIN] = 1  # the span starts in this window, not in an earlier one
        by_place.setdefault((int(inside[0]), int(inside[-1])), set()).add(name)
    gold = [GoldSpan(a, b, frozenset(names)) for (a, b), names in sorted(by_place.items())]
    return y, gold


def runs(inside: np.ndarray, begin: np.ndarray) -> list[tuple[int, int]]:
    """Token ranges ``[first, last]`` of consecutive inside tokens, split where a token begins a span."""
    out: list[tuple[int, int]] = []
    first = -1
    for i, flag in enumerate(inside):
        if flag and first >= 0 and begin[i]:
            out.append((first, i - 1))
            first = i
        elif flag and first < 0:
            first = i
        elif not flag and first >= 0:
            out.append((first, i - 1))
            first = -1
    if first >= 0:
        out.append((first, len(inside) - 1))
    return out


#: Characters that join the parts of one word ("anti-war", "l'État", "they're").
JOINERS = "-'’"
#: Characters a span does not start or end with (it keeps quotation marks and ! ?).
LEADING = ",.;:)]}»”’'-–—/"
TRAILING = ",;:([{«“‘'-–—/"


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` (between ``text[i-1]`` and ``text[i]``) is inside a word."""
    if i <= 0 or i >= len(text):
        return False
    left, right = text[i - 1], text[i]
    if left.isalnum() and right.isalnum():
        return True
    if left in JOINERS and right.isalnum():
        return i >= 2 and text[i - 2].isalnum()
    return right in JOINERS and left.isalnum() and i + 1 < len(text) and text[i + 1].isalnum()


def snap(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen to whole words (hyphens and apostrophes join words), then trim spaces and the
    punctuation that only frames the span."""
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    while start < end and (text[start].isspace() or text[start] in LEADING):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in TRAILING):
        end -= 1
    return start, end
