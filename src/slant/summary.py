"""A document at a glance: what kind of text it says it is, its main techniques with their
strongest spans, its most check-worthy claims, who it quotes, whom it cites and which actors
it names most. Only spans shown by default count (the rest stay hidden); every item points
at one span, so a reader can check it in the text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from slant.document import Document, Span
from slant.techniques.taxonomy import BY_NAME

TOP = 3
"""Items listed per part of the summary."""

#: Words that mark a text as opinion when its title starts with them or its address has them as a
#: path segment (news sites label their opinion sections this way in every language slant reads).
OPINION_MARKERS = (
    "opinion", "editorial", "comment", "commentary", "op-ed", "column", "analysis", "leader",
    "ledare", "debatt", "kolumn", "krönika", "kommentar", "meinung", "leitartikel", "gastbeitrag",
    "tribune", "éditorial", "chronique", "мнение", "колонка", "комментарий",
    "رأي", "مقال", "editoriale", "opinione", "opinia", "komentarz", "felieton",
)  # fmt: skip
_MARKER = re.compile(
    r"^\s*("
    + "|".join(re.escape(m) for m in sorted(OPINION_MARKERS, key=len, reverse=True))
    + r")\s*[:|–—-]",
    re.IGNORECASE,
)


@dataclass
class Item:
    """One line of the summary: a readable name, what backs it, and the span it clicks through to."""

    name: str
    detail: str
    span: Span
    count: int = 1


@dataclass
class Summary:
    """A document's summary; ``shown``/``below`` count spans per layer shown by default / kept hidden."""

    genre: str | None
    genre_reason: str | None
    techniques: list[Item] = field(default_factory=list)
    claims: list[Item] = field(default_factory=list)
    quoted: list[Item] = field(default_factory=list)
    cited: list[Item] = field(default_factory=list)
    actors: list[Item] = field(default_factory=list)
    #: How the text casts its actors (the role it gives each most often), its narratives and frames.
    cast: list[Item] = field(default_factory=list)
    narratives: list[Item] = field(default_factory=list)
    frames: list[Item] = field(default_factory=list)
    shown: dict[str, int] = field(default_factory=dict)
    below: dict[str, int] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (
            self.techniques
            or self.claims
            or self.quoted
            or self.cited
            or self.actors
            or self.cast
            or self.narratives
            or self.frames
        )


def genre(meta: dict[str, object]) -> tuple[str | None, str | None]:
    """The genre the input declares (``meta.genre``) or its title/address marks, with the reason."""
    declared = meta.get("genre")
    if isinstance(declared, str) and declared.strip():
        return declared.strip()[:40], "given with the document"
    title = meta.get("title")
    if isinstance(title, str):
        match = _MARKER.match(title)
        if match:
            return "opinion", f"title starts with “{match.group(1)}”"
    url = meta.get("url")
    if isinstance(url, str):
        segments = {s.lower() for s in urlsplit(url).path.split("/") if s}
        for marker in OPINION_MARKERS:
            if marker in segments:
                return "opinion", f"address has /{marker}/"
    return None, None


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _surface(doc: Document, span: Span) -> str:
    return " ".join(doc.text[span.start : span.end].split())


def summarize(doc: Document, top: int = TOP) -> Summary:
    """The summary of an analysed document (spans with ``attrs.hidden`` are only counted)."""
    kind, reason = genre(doc.meta)
    summary = Summary(kind, reason)
    shown: list[Span] = []
    for span in doc.spans:
        target = summary.below if span.attrs.get("hidden") else summary.shown
        target[span.layer] = target.get(span.layer, 0) + 1
        if not span.attrs.get("hidden") and 0 <= span.start < span.end <= len(doc.text):
            shown.append(span)

    by_technique: dict[str, list[Span]] = defaultdict(list)
    for span in shown:
        if span.layer == "technique" and span.label:
            by_technique[span.label].append(span)
    ranked = sorted(by_technique.items(), key=lambda kv: (-len(kv[1]), -max(s.score or 0 for s in kv[1])))
    for label, spans in ranked[:top]:
        best = max(spans, key=lambda s: s.score or 0.0)
        title = BY_NAME[label].title if label in BY_NAME else label
        summary.techniques.append(Item(title, f"“{_clip(_surface(doc, best), 60)}”", best, len(spans)))

    claims = sorted((s for s in shown if s.layer == "claim"), key=lambda s: -(s.score or 0.0))
    for span in claims[:top]:
        kind_of = span.attrs.get("claim_type")
        detail = f"{kind_of}, " if isinstance(kind_of, str) else ""
        summary.claims.append(
            Item(_clip(_surface(doc, span)), f"{detail}check-worthiness {span.score or 0:.2f}", span)
        )

    speakers: dict[str, list[Span]] = defaultdict(list)
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for span in shown:
        if span.layer != "quote":
            continue
        key = str(span.attrs.get("speaker") or span.attrs.get("speaker_name") or "")
        if not key:
            continue
        speakers[key].append(span)
        if span.attrs.get("speaker_name"):
            names[key][str(span.attrs["speaker_name"])] += 1
    for key, spans in sorted(speakers.items(), key=lambda kv: -len(kv[1]))[:top]:
        name = names[key].most_common(1)[0][0] if names[key] else key
        first = min(spans, key=lambda s: s.start)
        summary.quoted.append(Item(name, f"“{_clip(_surface(doc, first), 60)}”", first, len(spans)))

    cited: dict[str, list[Span]] = defaultdict(list)
    for span in shown:
        if span.layer == "source":
            cited[str(span.attrs.get("outlet") or span.label or _surface(doc, span))].append(span)
    for name, spans in sorted(cited.items(), key=lambda kv: -len(kv[1]))[:top]:
        first = min(spans, key=lambda s: s.start)
        role = first.attrs.get("role")
        summary.cited.append(Item(name, str(role) if role else "cited", first, len(spans)))

    actors: dict[str, list[Span]] = defaultdict(list)
    for span in shown:
        if span.layer == "entity" and span.label in ("PER", "ORG"):
            actors[str(span.attrs.get("canonical") or _surface(doc, span))].append(span)
    for _, spans in sorted(actors.items(), key=lambda kv: -len(kv[1]))[:top]:
        surface = Counter(_surface(doc, s) for s in spans).most_common(1)[0][0]
        first = min(spans, key=lambda s: s.start)
        summary.actors.append(
            Item(surface, "person" if first.label == "PER" else "organisation", first, len(spans))
        )
    _framing(doc, shown, summary, top)
    return summary


def _framing(doc: Document, shown: list[Span], summary: Summary, top: int) -> None:
    """The genre the model gives (when shown and none is declared), the role each actor is given
    most often, and the narratives and frames (their surest paragraph)."""
    genres = [s for s in shown if s.layer == "genre" and s.label]
    if genres and summary.genre is None:
        best = max(genres, key=lambda s: s.score or 0.0)
        summary.genre, summary.genre_reason = best.label, f"model, {best.score or 0:.2f}"
    cast: dict[str, list[Span]] = defaultdict(list)
    for span in shown:
        if span.layer == "role" and span.label:
            cast[str(span.attrs.get("canonical") or _surface(doc, span))].append(span)
    # The most often cast first, then in reading order.
    for _, spans in sorted(cast.items(), key=lambda kv: (-len(kv[1]), min(x.start for x in kv[1])))[:top]:
        roles = Counter(s.label for s in spans)
        role, n = roles.most_common(1)[0]
        mine = [s for s in spans if s.label == role]
        best = max(mine, key=lambda s: s.score or 0.0)
        name = Counter(_surface(doc, s) for s in spans).most_common(1)[0][0]
        fine = best.attrs.get("fine_role")
        detail = (
            f"{role}" + (f" ({fine})" if fine else "") + (f", {n} of {len(spans)}" if len(spans) > 1 else "")
        )
        summary.cast.append(Item(name, detail, best, n))
    for layer, target in (("narrative", summary.narratives), ("frame", summary.frames)):
        labelled: dict[str, list[Span]] = defaultdict(list)
        for span in shown:
            if span.layer == layer and span.label:
                labelled[span.label].append(span)
        for label, spans in sorted(labelled.items(), key=lambda kv: -max(s.score or 0 for s in kv[1]))[:top]:
            best = max(spans, key=lambda s: s.score or 0.0)
            sub = best.attrs.get("subnarrative") if layer == "narrative" else None
            target.append(Item(label, str(sub) if sub else f"{best.score or 0:.2f}", best, len(spans)))
