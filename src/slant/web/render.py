"""The article view's highlighted text, built server-side from span offsets.

The text is split at every span boundary; each piece is escaped and, when
spans cover it, wrapped in one flat ``<span>`` whose data attribute lists the
indices of the spans covering it. Every stored span is rendered, those below their
display threshold too: the page's script shows what clears the thresholds (or the
reader's own minimum confidence) and builds the explanation panel from a JSON block
with ``textContent`` only. No raw text or attribute ever reaches the HTML unescaped,
and class names come only from fixed sets.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from slant.document import Document, Span
from slant.span_details import detail, display_threshold
from slant.summary import Summary, summarize
from slant.techniques.taxonomy import BY_NAME
from slant.techniques.taxonomy import CATEGORIES as TECHNIQUE_CATEGORIES

STRUCTURE_LAYERS = ("paragraph", "sentence", "language", "genre")
"""Layers that shape or span the whole text rather than highlight a part of it (a document's
genre is in its summary)."""

KNOWN_LAYERS = ("technique", "quote", "claim", "entity", "source", "date")
"""Layers with a style of their own; any other highlighted layer is styled as ``other``."""

DEFAULT_ON = ("technique", "quote")
"""Layers highlighted when the page opens; the rest are one click away."""

LAYER_TITLES = {
    "technique": "Persuasion techniques",
    "quote": "Quotes",
    "claim": "Check-worthy claims",
    "entity": "Names",
    "source": "Cited sources",
    "date": "Dates",
    "paragraph": "Paragraphs",
    "sentence": "Sentences",
    "language": "Language runs",
    "genre": "Genre",
    "role": "Roles (how the text casts an actor)",
    "frame": "Frames (paragraphs carrying them)",
    "narrative": "Narratives (paragraphs carrying them)",
}
LAYER_KEYS = {
    "technique": "background colour by category; stripes where techniques overlap",
    "quote": "italic brown text",
    "claim": "dotted purple underline",
    "entity": "blue underline",
    "source": "teal box",
    "date": "green underline",
}

CATEGORIES = tuple(TECHNIQUE_CATEGORIES)
"""Technique categories (docs/FORMAT.md), each with its colour in the legend."""

CATEGORY_TITLES = {**TECHNIQUE_CATEGORIES, "other": "Other"}

EXPLANATION_LIMIT = 600
PANEL_LIMIT = 1000
"""Spans listed per layer in the side panel; the rest are counted."""

_LANG = re.compile(r"^[a-z]{2,3}$")


def layer_key(layer: str) -> str:
    """The CSS class key of a layer: its name when known, else ``other``."""
    return layer if layer in KNOWN_LAYERS else "other"


def category_key(span: Span) -> str | None:
    """The technique category class key, only for technique spans."""
    if span.layer != "technique":
        return None
    category = span.attrs.get("category")
    return category if category in CATEGORIES else "other"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class PanelItem:
    """One span in the side panel."""

    index: int
    label: str
    score: float | None
    snippet: str
    hidden: bool


@dataclass
class PanelLayer:
    """A layer's toggle, counts and span list in the side panel."""

    name: str
    key: str
    title: str
    count: int
    below: int
    highlighted: bool
    on: bool
    style: str
    items: list[PanelItem] = field(default_factory=list)


@dataclass
class LegendEntry:
    """A technique present in the document: its checkbox in the legend."""

    name: str
    title: str
    category: str
    shown: int
    total: int


@dataclass
class ArticleView:
    """Everything the article template needs."""

    body: Markup
    data_json: Markup
    layers: list[PanelLayer]
    categories: list[tuple[str, str, int]]
    techniques: list[LegendEntry]
    summary: Summary
    indices: dict[int, int]
    """``id(span)`` -> its index in the page, for the summary's links."""
    shown: int
    below: int
    direction_hint: str

    def anchor(self, span: object) -> str:
        """The page anchor of a span of the summary."""
        return f"#s{self.indices.get(id(span), 0)}"


def confidence_words(score: float | None) -> str:
    """A score in words, for readers who do not think in probabilities."""
    if score is None:
        return "no score (a rule or a given value)"
    for floor, words in ((0.8, "high"), (0.6, "fairly high"), (0.4, "moderate"), (0.2, "low")):
        if score >= floor:
            return f"{words} ({score:.2f})"
    return f"very low ({score:.2f})"


def _json_for_script(value: Any) -> Markup:
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)  # escaped above for a <script type="application/json"> block


def _blocks(doc: Document) -> list[tuple[int, int, str | None]]:
    """Paragraph blocks covering every non-blank character, with their language when known."""
    size = len(doc.text)
    paragraphs = sorted(
        (max(0, s.start), min(size, s.end)) for s in doc.spans if s.layer == "paragraph" and s.end > s.start
    )
    blocks: list[tuple[int, int]] = []
    cursor = 0
    for start, end in paragraphs:
        if start < cursor:
            start = cursor
        if end <= start:
            continue
        if doc.text[cursor:start].strip():
            blocks.append((cursor, start))
        blocks.append((start, end))
        cursor = end
    if doc.text[cursor:].strip() or not blocks:
        blocks.append((cursor, size))
    languages = sorted(
        (s.start, s.end, s.label)
        for s in doc.spans
        if s.layer == "language" and s.label and _LANG.match(s.label)
    )
    result = []
    for start, end in blocks:
        lang = next((label for ls, le, label in languages if ls <= start and end <= le), None)
        result.append((start, end, lang))
    return result


def _segments(
    start: int, end: int, spans: list[tuple[int, int, int]]
) -> Iterable[tuple[int, int, list[int]]]:
    """Split [start, end) at every boundary of the spans (start, end, index) overlapping it."""
    points = {start, end}
    for s, e, _ in spans:
        points.add(max(s, start))
        points.add(min(e, end))
    ordered = sorted(points)
    for a, b in itertools.pairwise(ordered):
        if b > a:
            yield a, b, [i for s, e, i in spans if s <= a and e >= b]


def _explanation(doc: Document, span: Span) -> dict[str, Any]:
    """What the click-to-explain panel says of one span (plain strings; the script sets textContent)."""
    technique = BY_NAME.get(span.label or "") if span.layer == "technique" else None
    threshold = display_threshold(span)
    layer = LAYER_TITLES.get(span.layer, span.layer)
    out: dict[str, Any] = {
        "title": technique.title if technique else f"{layer}: {span.label or '—'}",
        "layer": layer,
        "text": _clip(doc.text[span.start : span.end], 200),
        "confidence": confidence_words(span.score),
        "model": _clip(str(span.model or "—"), 120),
    }
    if not technique:  # a technique's explanation repeats its definition
        details = detail(doc, span)
        name = span.attrs.get("speaker_name")
        if span.layer == "quote" and name and "(no speaker found)" in details:
            details = details.replace("(no speaker found)", str(name))
        explanation = span.attrs.get("explanation")
        if explanation and span.layer != "claim":
            details = f"{details} · {explanation}" if details else str(explanation)
        if details:
            out["details"] = _clip(str(details), EXPLANATION_LIMIT)
    if technique:
        out["category"] = CATEGORY_TITLES.get(technique.category, technique.category)
        out["definition"] = technique.definition
        out["calibration"] = (
            "The score estimates how often an annotator marked such a span with this technique "
            "in validation texts."
        )
    if threshold is not None:
        state = "below" if span.attrs.get("hidden") else "at or above"
        out["threshold"] = f"{state} its display threshold {threshold:.2f}"
    cue = span.attrs.get("claim_type_cue")
    if isinstance(cue, str) and cue:
        out["cue"] = cue
    a, b = span.attrs.get("cue_start"), span.attrs.get("cue_end")
    if isinstance(a, int) and isinstance(b, int) and 0 <= a < b <= len(doc.text):
        out["cue"] = _clip(doc.text[a:b], 80)
    return out


def article_view(doc: Document) -> ArticleView:
    """Build the highlighted article, its summary and the side panel of one document."""
    size = len(doc.text)
    spans = sorted(doc.spans, key=lambda s: (s.start, s.end, s.layer))
    highlighted = [
        (i, s)
        for i, s in enumerate(spans)
        if s.layer not in STRUCTURE_LAYERS and 0 <= s.start < s.end <= size
    ]
    keys = {i: layer_key(s.layer) for i, s in highlighted}
    cats = {i: category_key(s) for i, s in highlighted}
    hidden = {i: bool(s.attrs.get("hidden")) for i, s in highlighted}

    # Sweep the text block by block; `active` holds spans overlapping the block.
    by_start = sorted((s.start, s.end, i) for i, s in highlighted)
    out: list[str] = []
    anchored: set[int] = set()
    placed: set[tuple[str, int, int]] = set()
    pointer = 0
    open_spans: list[tuple[int, int, int]] = []
    for block_start, block_end, lang in _blocks(doc):
        while pointer < len(by_start) and by_start[pointer][0] < block_end:
            open_spans.append(by_start[pointer])
            pointer += 1
        open_spans = [t for t in open_spans if t[1] > block_start]
        overlapping = [t for t in open_spans if t[0] < block_end]
        lang_attr = f' lang="{lang}"' if lang else ""
        out.append(f'<p dir="auto"{lang_attr} data-start="{block_start}">')
        for a, b, covering in _segments(block_start, block_end, overlapping):
            for i in covering:
                if i not in anchored:
                    anchored.add(i)
                    out.append(f'<span class="anchor" id="s{i}"></span>')
                    place = (keys[i], spans[i].start, spans[i].end)
                    if place not in placed:  # the stable address /spans links to
                        placed.add(place)
                        out.append(f'<span class="anchor" id="at-{place[0]}-{place[1]}-{place[2]}"></span>')
            piece = str(escape(doc.text[a:b]))
            if not covering:
                out.append(piece)
                continue
            # Without the script: the layers on by default, spans above their thresholds.
            visible = [i for i in covering if not hidden[i] and keys[i] in DEFAULT_ON]
            classes = " ".join(f"on-{k}" for k in sorted({keys[i] for i in visible}))
            scored = [i for i in visible if cats[i]]
            if scored:
                best = max(scored, key=lambda i: spans[i].score or 0.0)
                classes += f" cat-{cats[best]}"
            ids = " ".join(str(i) for i in covering)
            out.append(f'<span class="h {classes}" data-i="{ids}">{piece}</span>')
        out.append("</p>\n")

    explanations = {str(i): _explanation(doc, s) for i, s in highlighted}
    data = {
        "spans": {
            str(i): [keys[i], spans[i].score, cats[i], int(hidden[i]), spans[i].label or "", s.start, s.end]
            for i, s in highlighted
        },
        "explain": explanations,
    }
    summary = summarize(doc)  # also counts each layer's spans, shown and below their thresholds
    below = summary.below
    counts = {layer: summary.shown.get(layer, 0) + below.get(layer, 0) for layer in {*summary.shown, *below}}
    panel: list[PanelLayer] = []
    order = [
        *KNOWN_LAYERS,
        *sorted(set(counts) - set(KNOWN_LAYERS) - set(STRUCTURE_LAYERS)),
        *STRUCTURE_LAYERS,
    ]
    indices: dict[str, list[int]] = {}
    for i, s in highlighted:
        indices.setdefault(s.layer, []).append(i)
    for name in order:
        if name not in counts:
            continue
        key = layer_key(name)
        layer = PanelLayer(
            name=name,
            key=key,
            title=LAYER_TITLES.get(name, name),
            count=counts[name],
            below=below.get(name, 0),
            highlighted=name not in STRUCTURE_LAYERS,
            on=key in DEFAULT_ON,
            style=LAYER_KEYS.get(name, "dotted top line"),
        )
        listed = indices.get(name, [])
        if name == "claim":  # ranked: the most check-worthy first, as a fact-checker triages
            listed = sorted(listed, key=lambda i: -(spans[i].score or 0.0))
        for i in listed[:PANEL_LIMIT]:
            s = spans[i]
            layer.items.append(
                PanelItem(
                    index=i,
                    label=_readable(s),
                    score=s.score,
                    snippet=_clip(doc.text[s.start : s.end], 80),
                    hidden=hidden[i],
                )
            )
        panel.append(layer)
    category_counts: dict[str, int] = {}
    legend: dict[str, LegendEntry] = {}
    for i, s in highlighted:
        if not cats[i]:
            continue
        if not hidden[i]:
            category_counts[cats[i] or "other"] = category_counts.get(cats[i] or "other", 0) + 1
        label = s.label or "—"
        entry = legend.setdefault(label, LegendEntry(label, _readable(s), cats[i] or "other", 0, 0))
        entry.total += 1
        entry.shown += 0 if hidden[i] else 1
    categories = [
        (key, CATEGORY_TITLES[key], category_counts.get(key, 0))
        for key in (*CATEGORIES, "other")
        if key != "other" or category_counts.get("other")
    ]
    rtl = doc.language in {"ar", "fa", "he", "ur", "ps", "yi", "ku", "sd", "ug", "dv"}
    opened = [i for i, _ in highlighted if keys[i] in DEFAULT_ON]  # the key counts the layers switched on
    shown_total = sum(1 for i in opened if not hidden[i])
    return ArticleView(
        body=Markup("".join(out)),  # every text piece and attribute escaped above
        data_json=_json_for_script(data),
        layers=panel,
        categories=categories,
        techniques=sorted(legend.values(), key=lambda e: (-e.shown, -e.total, e.title)),
        summary=summary,
        indices={id(s): i for i, s in enumerate(spans)},
        shown=shown_total,
        below=len(opened) - shown_total,
        direction_hint="rtl" if rtl else "auto",
    )


def _readable(span: Span) -> str:
    """A span's label for readers: a technique's title, else the label itself."""
    if span.layer == "technique" and span.label in BY_NAME:
        return BY_NAME[span.label].title
    return span.label or "—"
