"""The ``dates`` analyzer: ``date`` spans with an ISO value, resolved against ``meta["published"]``."""

from __future__ import annotations

from slant.analyze.registry import Annotations, register
from slant.dates.resolve import anchor_of, resolve
from slant.dates.rules import find
from slant.document import Document, Span

MODEL = "slant.dates.rules@1"

SCORES = {"explicit": 0.95, "inferred-year": 0.8, "relative": 0.85, "approximate": 0.6, "unresolved": 0.5}
"""Fixed confidence per certainty (not calibrated)."""


@register("dates", requires=("paragraph", "language", "sentence"), assigns=("date",), default_config={})
def make_dates() -> Dates:
    """Factory for the date finder (no options)."""
    return Dates()


class Dates:
    """Adds ``date`` spans labelled with their granularity: ``day``, ``week``, ``month`` or ``year``."""

    def __call__(self, doc: Document) -> Annotations:
        anchor = anchor_of(doc.meta.get("published"))
        spans = []
        for paragraph in doc.layer("paragraph") or (
            [Span("paragraph", 0, len(doc.text))] if doc.text else []
        ):
            language = doc.language_at(paragraph.start)
            for found in find(doc.text, paragraph.start, paragraph.end, language):
                resolved = resolve(found, anchor)
                if resolved is None:
                    continue
                attrs = {
                    "value": resolved.value,
                    "certainty": resolved.certainty,
                    "relative": resolved.relative,
                    "anchor": anchor.isoformat()
                    if anchor and resolved.value and resolved.certainty != "explicit"
                    else None,
                    "expression": found.kind,
                }
                if resolved.reason:
                    attrs["reason"] = resolved.reason
                if resolved.note:
                    attrs["note"] = resolved.note
                if found.fields.get("part"):
                    attrs["part"] = found.fields["part"]
                spans.append(
                    Span(
                        "date",
                        found.start,
                        found.end,
                        resolved.granularity,
                        SCORES[resolved.certainty],
                        attrs,
                        MODEL,
                    )
                )
        return Annotations(spans=spans)
