"""The ``quotes`` analyzer: ``quote`` spans with source, cue, kind and speaker.

English paragraphs go through spaCy's parser and the cue table learned on
PolNeAR train; every other language through the rule layer (``rules.py``).
"""

from __future__ import annotations

import logging
from typing import Any

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.errors import ConfigError
from slant.quotes import parse, rules
from slant.quotes.candidates import QUOTE_MARKS, Candidate, Range, clean_parts
from slant.quotes.extract import attribution_verbs_only, english_candidates, kind, select
from slant.quotes.speaker import Mention, layer_mentions, named_mentions, pronoun_class, resolve
from slant.quotes.table import Table, load

LOGGER = logging.getLogger(__name__)
_WARNED: list[bool] = []
MODEL_ENGLISH = "slant.quotes.en-parse@1"
MODEL_RULES = "slant.quotes.rules@1"
SPACY_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP"}


@register(
    "quotes",
    requires=("paragraph", "language", "sentence"),
    assigns=("quote",),
    default_config={"min_score": None, "table": None},
)
def make_quotes(min_score: float | None = None, table: str | None = None) -> Quotes:
    """Factory: ``min_score`` overrides the English keep threshold learned on train (0-1);
    ``table`` is a retrained ``cue_table.json`` (or its folder) instead of the shipped one."""
    if min_score is not None and not 0.0 <= float(min_score) <= 1.0:
        raise ConfigError(f"quotes: min_score must be between 0 and 1, not {min_score!r}")
    return Quotes(None if min_score is None else float(min_score), table)


class Quotes:
    """Finds quotes and who said them."""

    def __init__(self, min_score: float | None, table: str | None) -> None:
        self.min_score, self.table_path = min_score, table
        self._table: Table | None = None

    @property
    def table(self) -> Table:
        """The cue table, loaded on first use; ``min_score`` replaces its threshold."""
        if self._table is None:
            table = load(self.table_path)
            if self.min_score is not None:
                table = Table(table.keys, table.patterns, self.min_score, table.card)
            self._table = table
        return self._table

    def __call__(self, doc: Document) -> Annotations:
        text = doc.text
        paragraphs = [(p.start, p.end) for p in doc.layer("paragraph") if p.end > p.start]
        english = [p for p in paragraphs if (doc.language_at(p[0]) or "en") == "en"]
        english_set = set(english)
        others = [p for p in paragraphs if p not in english_set]
        found: list[tuple[Candidate, str]] = []
        spacy_mentions: list[tuple[int, int, str]] = []
        if english and not parse.available():
            if not _WARNED:
                LOGGER.warning(
                    "quotes: %s is not installed (slant[ner]); English gets the rule layer", parse.MODEL
                )
                _WARNED.append(True)
            others, english = paragraphs, []
        if english:
            for cand in self._english(text, english, spacy_mentions):
                found.append((cand, MODEL_ENGLISH))
        sentences = [(s.start, s.end) for s in doc.layer("sentence")]
        lead: tuple[Range | None, Range | None] | None = None
        for start, end in others:
            language = doc.language_at(start) or "en"
            inside = [s for s in sentences if start <= s[0] and s[1] <= end]
            cands = rules.paragraph_candidates(text, start, end, language, inside or None)
            if lead is not None:
                block = _block(text, start, end, lead, cands)
                if block is not None:
                    cands = [block]
                # A quotation opened and not closed in this paragraph goes on in the next one.
                opened = text[start:end].lstrip()[:1] in QUOTE_MARKS
                closed = text[start:end].rstrip()[-1:] in QUOTE_MARKS
                lead = lead if block is not None and opened and not closed else None
            found.extend((cand, MODEL_RULES) for cand in cands)
            lead = rules.block_lead(text, start, end, language) or lead
        mentions = self._mentions(doc, spacy_mentions, others)
        spans = []
        recent: list[Mention] = []
        for cand, model in sorted(found, key=lambda item: item[0].source or item[0].parts[0]):
            if _authors_voice(text, cand):
                continue
            kind_found = _resolve(cand, text, mentions, recent)
            if cand.source and cand.speaker and not cand.source_is_pronoun:
                name = cand.speaker_name or text[cand.source[0] : cand.source[1]]
                # A name no entity was found for is only a fallback for "he"/"she" (speaker.resolve).
                label = "PER" if kind_found == "PER" else "MISC"
                recent.append(Mention(cand.source[0], cand.source[1], label, cand.speaker, name))
            span = _span(text, cand, model)
            if span is not None:
                spans.append(span)
        return Annotations(spans=spans)

    def _english(
        self, text: str, paragraphs: list[Range], mentions: list[tuple[int, int, str]]
    ) -> list[Candidate]:
        from slant.quotes.parse import parse

        table = self.table
        parsed = parse([text[s:e] for s, e in paragraphs])
        for (pstart, _), pieces in zip(paragraphs, parsed, strict=True):
            for offset, sdoc in pieces:
                for ent in sdoc.ents:
                    if ent.label_ in SPACY_TYPES:
                        base = pstart + offset
                        mentions.append((base + ent.start_char, base + ent.end_char, SPACY_TYPES[ent.label_]))
        cands, quotes = english_candidates(text, paragraphs, parsed, table.lemmas)
        return select(text, attribution_verbs_only(cands, table), quotes, paragraphs, table)

    @staticmethod
    def _mentions(
        doc: Document, spacy_found: list[tuple[int, int, str]], others: list[Range]
    ) -> list[Mention]:
        from_layer = layer_mentions(doc)
        if from_layer:
            return from_layer
        found = list(spacy_found)
        for start, end in others:
            found.extend(rules.name_mentions(doc.text, start, end))
        found.extend(rules.surname_mentions(doc.text, others, found))
        return named_mentions(found, doc.text)


FIRST_PERSON = {
    "i", "we", "jag", "vi", "я", "мы", "ich", "wir", "je", "nous", "yo", "io", "noi", "أنا", "نحن",
}  # fmt: skip
CARRIED = {"continued", "quote-continued"}


def _block(
    text: str, start: int, end: int, lead: tuple[Range | None, Range | None], cands: list[Candidate]
) -> Candidate | None:
    """The paragraph after "X skriver:" as one quotation by X, unless its own quotes cover most of it."""
    covered = sum(e - s for c in cands for s, e in c.parts)
    parts = clean_parts(text, [(start, end)])
    if not parts or covered >= 0.5 * (end - start):
        return None
    source, cue = lead
    cand = Candidate(parts, source, cue, "block", "rules|block", score=rules.SCORES["block"])
    if source is not None:
        cand.source_is_pronoun = pronoun_class(text[source[0] : source[1]]) is not None
    return cand


def _resolve(cand: Candidate, text: str, mentions: list[Mention], recent: list[Mention]) -> str | None:
    """The speaker of ``cand``; a relative pronoun source ("who") is named by the noun it stands for."""
    antecedent = cand.extra.get("antecedent")
    if not isinstance(antecedent, tuple):
        return resolve(cand, text, mentions, recent)
    source = cand.source
    cand.source = antecedent
    try:
        return resolve(cand, text, mentions, recent)
    finally:
        cand.source = source


def _authors_voice(text: str, cand: Candidate) -> bool:
    """ "I think that …" outside quotation marks is the author speaking, not a quote."""
    if cand.source is None or text[cand.source[0] : cand.source[1]].lower() not in FIRST_PERSON:
        return False
    return kind(text, cand) == "indirect"


def speaker_confidence(cand: Candidate) -> str:
    """How the speaker was found: ``named`` in the attribution, a resolved ``pronoun``, ``carried``
    from the quote before, or ``none``."""
    if cand.speaker is None:
        return "none"
    if cand.pattern in CARRIED:
        return "carried"
    return "pronoun" if cand.source_is_pronoun else "named"


def _span(text: str, cand: Candidate, model: str) -> Span | None:
    size = len(text)
    parts = [(s, e) for s, e in cand.parts if 0 <= s < e <= size]
    if not parts:
        return None
    cand.parts = parts
    start, end = parts[0][0], parts[-1][1]
    source = cand.source if cand.source and 0 <= cand.source[0] < cand.source[1] <= size else None
    cue = cand.cue if cand.cue and 0 <= cand.cue[0] < cand.cue[1] <= size else None
    label = kind(text, cand)
    attrs: dict[str, Any] = {
        "kind": label,
        "source_start": source[0] if source else None,
        "source_end": source[1] if source else None,
        "cue_start": cue[0] if cue else None,
        "cue_end": cue[1] if cue else None,
        "speaker": cand.speaker,
        "speaker_name": cand.speaker_name,
        "speaker_confidence": speaker_confidence(cand),
        "pattern": cand.pattern,
    }
    if len(parts) > 1:
        attrs["parts"] = [[s, e] for s, e in parts]
    return Span("quote", start, end, label=label, score=round(cand.score, 3), attrs=attrs, model=model)
