"""Persuasion techniques: taxonomy, models and the analyzer.

Python use::

    from slant.analyze import build
    from slant.document import Document
    doc = build(techniques={"tier": "fast"})(Document("id", text))
    doc.layer("technique")

    from slant.techniques import classify_span
    classify_span(text, start, end)   # [(technique, probability), ...], likeliest first
"""

from __future__ import annotations

from collections.abc import Sequence


def classify_span(
    text: str, start: int, end: int, allowed: Sequence[str] | None = None, models: str | None = None
) -> list[tuple[str, float]]:
    """Which technique ``text[start:end]`` uses (SemEval-2020 "technique classification")."""
    from slant.techniques.model import load_classifier

    return load_classifier(models).classify(text, start, end, allowed)
