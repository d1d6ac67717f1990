"""Paragraph spans: blocks separated by blank lines, or lines when there are none."""

from __future__ import annotations

import re

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span

MODEL = "slant.paragraphs@1"
_BLANK_LINE = re.compile(r"\n[ \t\f\v\r]*\n\s*")
_NEWLINE = re.compile(r"\n\s*")


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Offsets of each paragraph, leading and trailing whitespace left out.

    Text that has blank lines is split on them (single newlines inside a
    block are hard wraps); text without any is split on every newline, as
    extracted HTML and one-paragraph-per-line files are.
    """
    separator = _BLANK_LINE if _BLANK_LINE.search(text) else _NEWLINE
    bounds = []
    position = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        block = text[position:end]
        stripped = block.strip()
        if stripped:
            start = position + (len(block) - len(block.lstrip()))
            bounds.append((start, start + len(stripped)))
        if match:
            position = match.end()
    return bounds


@register("paragraphs", assigns=("paragraph",))
def make_paragraphs() -> Paragraphs:
    """Factory for the paragraph splitter."""
    return Paragraphs()


class Paragraphs:
    """Adds one ``paragraph`` span per paragraph."""

    def __call__(self, doc: Document) -> Annotations:
        spans = [Span("paragraph", start, end, model=MODEL) for start, end in paragraph_bounds(doc.text)]
        return Annotations(spans=spans)
