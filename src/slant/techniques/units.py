"""The units the technique models label: sentences, with their paragraph, and their gold labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from slant.document import Document

#: A gold span labels a sentence when it covers this share of the span or of the sentence.
MIN_COVER = 0.5


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of a document: offsets, its paragraph's index and offsets."""

    start: int
    end: int
    paragraph: int
    paragraph_start: int
    paragraph_end: int


def units(doc: Document) -> list[Unit]:
    """The sentences of an analysed document (``paragraph`` and ``sentence`` layers), in order."""
    paragraphs = sorted(doc.layer("paragraph"), key=lambda s: s.start)
    out, index = [], 0
    for sentence in sorted(doc.layer("sentence"), key=lambda s: s.start):
        while index + 1 < len(paragraphs) and paragraphs[index].end <= sentence.start:
            index += 1
        paragraph = paragraphs[index] if paragraphs else sentence
        if doc.text[sentence.start : sentence.end].strip():
            out.append(Unit(sentence.start, sentence.end, index, paragraph.start, paragraph.end))
    return out


def labels(
    unit_list: Sequence[Unit], spans: Sequence[tuple[str, int, int]], names: Sequence[str]
) -> np.ndarray:
    """Boolean matrix (units x techniques): which gold spans fall in which sentence."""
    column = {name: i for i, name in enumerate(names)}
    out = np.zeros((len(unit_list), len(names)), dtype=bool)
    starts = np.array([u.start for u in unit_list])
    for name, start, end in spans:
        if name not in column or end <= start:
            continue
        first = max(0, int(np.searchsorted(starts, start, side="right")) - 1)
        for row in range(first, len(unit_list)):
            unit = unit_list[row]
            if unit.start >= end:
                break
            overlap = min(end, unit.end) - max(start, unit.start)
            if overlap > 0 and (
                overlap >= MIN_COVER * (end - start) or overlap >= MIN_COVER * (unit.end - unit.start)
            ):
                out[row, column[name]] = True
    return out
