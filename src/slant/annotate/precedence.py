"""Which spans a view shows: human corrections replace the machine's spans of a reviewed layer.

An import from an annotation tool stores the analyst's spans with ``model == "human"`` and
records the layers the analyst reviewed in the document's ``meta["human_layers"]``. For a
reviewed layer, the human spans are the truth: a machine span the analyst deleted stays in the
store (nothing is lost) but no view shows it. Layers nobody reviewed keep their machine spans.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slant.document import Document, Span

HUMAN_MODEL = "human"
"""``Span.model`` of a span an analyst made or confirmed."""

HUMAN_LAYERS_KEY = "human_layers"
"""Document metadata key: the sorted list of layers a human has reviewed."""


def is_human(span: Span) -> bool:
    """Whether an analyst made (or confirmed) the span."""
    return span.model == HUMAN_MODEL


def reviewed_layers(meta: Mapping[str, Any]) -> set[str]:
    """The layers a human has reviewed, from a document's metadata (``meta["human_layers"]``)."""
    value = meta.get(HUMAN_LAYERS_KEY)
    if not isinstance(value, list):
        return set()
    return {item for item in value if isinstance(item, str)}


def is_hidden(span: Span) -> bool:
    """Whether a model kept the span below its display threshold (``attrs.hidden``): stored, not shown."""
    return bool(span.attrs.get("hidden")) and not is_human(span)


def effective_spans(doc: Document, hidden: bool = False) -> list[Span]:
    """The spans every view shows, in text order.

    For a layer a human reviewed: its human spans only (the machine's are hidden, even where
    the analyst deleted them all). For any other layer: its spans as stored, human ones included.
    Spans a model kept below its display threshold are left out unless ``hidden`` is true.
    """
    reviewed = reviewed_layers(doc.meta)
    kept = [s for s in doc.spans if (s.layer not in reviewed or is_human(s)) and (hidden or not is_hidden(s))]
    return sorted(kept, key=lambda s: (s.start, s.end, s.layer, s.label or ""))


def effective(doc: Document, hidden: bool = False) -> Document:
    """A copy of ``doc`` holding only its effective spans (same text and metadata)."""
    return Document(doc.id, doc.text, doc.meta, effective_spans(doc, hidden))
