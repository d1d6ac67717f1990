"""One-line human summaries of a span's attributes, per layer, for terminals and tables."""

from __future__ import annotations

from collections.abc import Callable

from slant.document import Document, Span

TEXT_STYLES = {
    "entity": "underline",
    "quote": "italic",
    "claim": "bold",
    "source": "bold cyan",
    "date": "green",
}
"""How ``slant show`` marks each layer in the text; techniques get a background
colour per technique, so all layers can be shown at once without hiding each other."""

ANALYSIS_LAYERS = ("technique", "quote", "claim", "entity", "source", "date")
"""Layers ``slant show`` highlights by default, when present."""


def display_threshold(span: Span) -> float | None:
    """The score a span needs to be shown by default: its ``display_threshold``, else the model's
    ``threshold``; None when the model sets none."""
    value = span.attrs.get("display_threshold", span.attrs.get("threshold"))
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _snippet(doc: Document, start: object, end: object, limit: int = 40) -> str:
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(doc.text):
        return ""
    text = doc.text[start:end]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _entity(doc: Document, span: Span) -> str:
    return f"= {span.attrs.get('canonical') or '?'}"


def _quote(doc: Document, span: Span) -> str:
    a = span.attrs
    speaker = _snippet(doc, a.get("source_start"), a.get("source_end")) or "(no speaker found)"
    parts = [f"speaker: {speaker}"]
    if a.get("speaker"):
        parts.append(f"= {a['speaker']}")
    if a.get("speaker_confidence"):
        parts.append(SPEAKER_CONFIDENCE.get(str(a["speaker_confidence"]), str(a["speaker_confidence"])))
    cue = _snippet(doc, a.get("cue_start"), a.get("cue_end"))
    if cue:
        parts.append(f"cue: {cue}")
    return ", ".join(parts)


SPEAKER_CONFIDENCE = {
    "named": "speaker named",
    "pronoun": "speaker from a pronoun",
    "carried": "speaker carried from the quote before (a guess)",
    "none": "no speaker",
}
SOURCE_MATCH = {
    "fuzzy": "misspelt address of a known outlet",
    "homoglyph": "look-alike address, imitates {imitates}: not the real outlet",
}


def _source(doc: Document, span: Span) -> str:
    a = span.attrs
    parts = [str(a["role"])] if a.get("role") else []
    parts.append(f"= {a['outlet']}" if a.get("outlet") else "not in the outlet table")
    if a.get("country"):
        parts.append(str(a["country"]))
    if a.get("match") in SOURCE_MATCH:
        parts.append(SOURCE_MATCH[str(a["match"])].format(imitates=a.get("imitates") or "?"))
    cue = _snippet(doc, a.get("cue_start"), a.get("cue_end"))
    if cue:
        parts.append(f"cue: {cue}")
    if a.get("headline"):
        parts.append(f"headline: {_snippet(doc, a.get('headline_start'), a.get('headline_end'))}")
    stance = _snippet(doc, a.get("stance_start"), a.get("stance_end"))
    if a.get("stance") and stance:
        parts.append(f"{a['stance']} ({stance})")
    return ", ".join(parts)


def _date(doc: Document, span: Span) -> str:
    a = span.attrs
    value = a.get("value") or "?"
    detail = f"{value} ({a.get('certainty', '?')})"
    return f"{detail}: {a['reason']}" if a.get("reason") else detail


def _claim(doc: Document, span: Span) -> str:
    kind = span.attrs.get("claim_type")
    explanation = str(span.attrs.get("explanation") or "")
    return f"{kind}; {explanation}" if kind else explanation


def _technique(doc: Document, span: Span) -> str:
    return str(span.attrs.get("category") or "")


def _role(doc: Document, span: Span) -> str:
    a = span.attrs
    parts = [f"= {a.get('canonical') or '?'}"]
    if a.get("fine_role"):
        parts.append(f"fine role: {a['fine_role']}")
    roles = a.get("main_roles")
    if isinstance(roles, dict):
        parts.append(" / ".join(f"{k} {v:.2f}" for k, v in roles.items() if isinstance(v, int | float)))
    return ", ".join(parts)


def _narrative(doc: Document, span: Span) -> str:
    sub = span.attrs.get("subnarrative")
    return f"sub-narrative: {sub}" if sub else ""


def _genre(doc: Document, span: Span) -> str:
    scores = span.attrs.get("scores")
    if not isinstance(scores, dict):
        return ""
    return " / ".join(f"{k} {v:.2f}" for k, v in scores.items() if isinstance(v, int | float))


_DETAILS: dict[str, Callable[[Document, Span], str]] = {
    "role": _role,
    "narrative": _narrative,
    "genre": _genre,
    "entity": _entity,
    "quote": _quote,
    "source": _source,
    "date": _date,
    "claim": _claim,
    "technique": _technique,
}


def detail(doc: Document, span: Span) -> str:
    """A short summary of what the span's attributes say (speaker, canonical id, value...)."""
    summarise = _DETAILS.get(span.layer)
    return summarise(doc, span) if summarise else ""
