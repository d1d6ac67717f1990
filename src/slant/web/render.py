"""The article view's highlighted text, built server-side from span offsets.

The text is split at every span boundary; each piece is escaped and, when
spans cover it, wrapped in one flat ``<span>`` whose data attribute lists the
indices of the spans covering it. No raw text or attribute ever reaches the
HTML unescaped, and class names come only from fixed sets.
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
from slant.span_details import detail
from slant.techniques.taxonomy import CATEGORIES as TECHNIQUE_CATEGORIES

STRUCTURE_LAYERS = ("paragraph", "sentence", "language")
"""Layers that shape the text rather than highlight it."""

KNOWN_LAYERS = ("technique", "entity", "quote", "claim", "source", "date")
"""Layers with a style of their own; any other highlighted layer is styled as ``other``."""

CATEGORIES = tuple(TECHNIQUE_CATEGORIES)
"""Technique categories (docs/FORMAT.md), each with its colour in the legend."""

CATEGORY_TITLES = {**TECHNIQUE_CATEGORIES, "other": "Other"}

EXPLANATION_LIMIT = 300
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


def span_summary(doc: Document, span: Span) -> str:
    """Plain text: layer, label, confidence, what the attributes say, explanation, model."""
    parts = [f"{span.layer}: {span.label or '—'}"]
    if span.score is not None:
        parts.append(f"confidence {span.score:.2f}")
    summary = detail(doc, span)
    name = span.attrs.get("speaker_name")
    if span.layer == "quote" and name and "(no speaker found)" in summary:
        summary = summary.replace("(no speaker found)", str(name))
    if span.layer == "claim":
        summary = ""  # the explanation below says it
    if summary:
        parts.append(_clip(str(summary), EXPLANATION_LIMIT))
    explanation = span.attrs.get("explanation")
    if explanation:
        parts.append(_clip(str(explanation), EXPLANATION_LIMIT))
    if span.model:
        parts.append(f"model {_clip(str(span.model), 80)}")
    return " · ".join(parts)


@dataclass
class PanelItem:
    """One span in the side panel."""

    index: int
    label: str
    score: float | None
    snippet: str
    summary: str


@dataclass
class PanelLayer:
    """A layer's toggle, count and span list in the side panel."""

    name: str
    key: str
    count: int
    highlighted: bool
    items: list[PanelItem] = field(default_factory=list)


@dataclass
class ArticleView:
    """Everything the article template needs."""

    body: Markup
    data_json: Markup
    layers: list[PanelLayer]
    categories: list[tuple[str, str, int]]
    direction_hint: str


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


def article_view(doc: Document) -> ArticleView:
    """Build the highlighted article and the side panel of one document."""
    size = len(doc.text)
    spans = sorted(doc.spans, key=lambda s: (s.start, s.end, s.layer))
    highlighted = [
        (i, s)
        for i, s in enumerate(spans)
        if s.layer not in STRUCTURE_LAYERS and 0 <= s.start < s.end <= size
    ]
    summaries = {i: span_summary(doc, s) for i, s in highlighted}
    titles = {i: str(escape(text)) for i, text in summaries.items()}
    keys = {i: layer_key(s.layer) for i, s in highlighted}
    cats = {i: category_key(s) for i, s in highlighted}

    # Sweep the text block by block; `active` holds spans overlapping the block.
    by_start = sorted((s.start, s.end, i) for i, s in highlighted)
    out: list[str] = []
    anchored: set[int] = set()
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
            piece = str(escape(doc.text[a:b]))
            if not covering:
                out.append(piece)
                continue
            on = sorted({keys[i] for i in covering})
            scored = [i for i in covering if cats[i]]
            classes = " ".join(f"on-{k}" for k in on)
            if scored:
                best = max(scored, key=lambda i: spans[i].score or 0.0)
                classes += f" cat-{cats[best]}"
            title = "\n".join(titles[i] for i in covering)
            ids = " ".join(str(i) for i in covering)
            out.append(f'<span class="h {classes}" data-i="{ids}" title="{title}">{piece}</span>')
        out.append("</p>\n")

    data = {
        "spans": {str(i): [keys[i], spans[i].score, cats[i]] for i, _ in highlighted},
    }
    counts: dict[str, int] = {}
    for s in spans:
        counts[s.layer] = counts.get(s.layer, 0) + 1
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
        layer = PanelLayer(
            name=name, key=layer_key(name), count=counts[name], highlighted=name not in STRUCTURE_LAYERS
        )
        for i in indices.get(name, [])[:PANEL_LIMIT]:
            s = spans[i]
            layer.items.append(
                PanelItem(
                    index=i,
                    label=s.label or "—",
                    score=s.score,
                    snippet=_clip(doc.text[s.start : s.end], 80),
                    summary=summaries[i],
                )
            )
        panel.append(layer)
    category_counts: dict[str, int] = {}
    for i, _ in highlighted:
        if cats[i]:
            category_counts[cats[i] or "other"] = category_counts.get(cats[i] or "other", 0) + 1
    categories = [
        (key, CATEGORY_TITLES[key], category_counts.get(key, 0))
        for key in (*CATEGORIES, "other")
        if key != "other" or category_counts.get("other")
    ]
    rtl = doc.language in {"ar", "fa", "he", "ur", "ps", "yi", "ku", "sd", "ug", "dv"}
    return ArticleView(
        body=Markup("".join(out)),  # every text piece and attribute escaped above
        data_json=_json_for_script(data),
        layers=panel,
        categories=categories,
        direction_hint="rtl" if rtl else "auto",
    )
