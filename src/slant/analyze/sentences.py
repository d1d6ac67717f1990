"""Sentence spans with spaCy's rule-based sentencizer, per paragraph and language."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from typing import Any

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.lang.abbreviations import ends_with_abbreviation

LOGGER = logging.getLogger(__name__)

CHUNK_CHARS = 100_000
"""spaCy works on pieces of at most this many characters, so a 5 MB paragraph
neither trips its max_length nor takes gigabytes; cuts fall after a sentence end."""

TOKENIZER_FOR = {"fr": "xx"}
"""spaCy's French tokenizer takes 3 s to build (its exception tables) in every
worker; the multilingual one with our French abbreviations split all 16 French
demo paragraphs and a sentence of hard cases identically, in 0.03 s."""

# A sentence end, with any closing quotation marks or brackets after it.
_SENTENCE_END = re.compile(r"[.!?…。！？؟।][”\"»’')\]]*\s")


VOCABULARY_LIMIT = 20_000
"""spaCy keeps every token string it meets for the life of the process (~380
bytes each), so over millions of articles memory grows without end: 76 MiB
after 100k paragraphs of new words. Past this many strings a language's
tokenizer is rebuilt (~0.1 s), which held that growth to 9 MiB. spaCy's own
memory zones free the strings too, but cost ~1-6 ms each: more than the work."""

_TOKENIZERS: dict[str, Any] = {}


def _nlp(language: str) -> Any:
    nlp = _TOKENIZERS.get(language)
    if nlp is None or len(nlp.vocab.strings) > VOCABULARY_LIMIT:
        nlp = _TOKENIZERS[language] = _blank(language)
    return nlp


def _blank(language: str) -> Any:
    import spacy

    try:
        nlp = spacy.blank(TOKENIZER_FOR.get(language, language))
    except Exception:  # spaCy has no such language, or it needs a package we lack
        LOGGER.info("no spaCy tokenizer for %r; using the multilingual one", language)
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.max_length = CHUNK_CHARS * 2
    return nlp


@functools.cache
def _model_name() -> str:
    import spacy

    return f"spacy.sentencizer@{spacy.__version__}"


def chunks(text: str, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` cuts of ``text`` of at most ``size`` characters, after a sentence end if any."""
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cuts = [m.end() for m in _SENTENCE_END.finditer(window, size // 2)]
        cut = cuts[-1] if cuts else (window.rfind(" ", size // 2) + 1 or size)
        yield start, text[start : start + cut]
        start += cut
    yield start, text[start:]


def _continues(previous: str, following: str, language: str | None) -> bool:
    """Whether a split between two pieces is a false one (after an abbreviation,
    or before a lowercase word in a cased script)."""
    if ends_with_abbreviation(previous, language):
        return True
    return previous.endswith(".") and following[:1].islower()


def _starts(nlp: Any, chunk: str) -> list[int]:
    """Character offsets where the sentencizer starts sentences in ``chunk``."""
    doc = nlp(chunk)
    if not len(doc):
        return []
    # One array from Cython instead of a Python loop over every token.
    table = doc.to_array(["IDX", "SENT_START"])
    starts = [int(i) for i in table[table[:, 1] == 1, 0]]
    return starts if starts[:1] == [0] else [0, *starts]


def sentence_bounds(text: str, language: str | None) -> list[tuple[int, int]]:
    """Offsets of each sentence in ``text``, surrounding whitespace left out."""
    nlp = _nlp(language or "xx")
    bounds: list[tuple[int, int]] = []
    for offset, chunk in chunks(text, CHUNK_CHARS):
        starts = _starts(nlp, chunk)
        for first, after in zip(starts, [*starts[1:], len(chunk)], strict=True):
            piece = chunk[first:after]
            stripped = piece.strip()
            if not stripped:
                continue
            start = offset + first + (len(piece) - len(piece.lstrip()))
            end = start + len(stripped)
            if bounds and _continues(text[bounds[-1][0] : bounds[-1][1]], stripped, language):
                bounds[-1] = (bounds[-1][0], end)
            else:
                bounds.append((start, end))
    return bounds


@register("sentences", requires=("paragraph", "language"), assigns=("sentence",))
def make_sentences() -> Sentences:
    """Factory for the sentence splitter."""
    return Sentences()


class Sentences:
    """Adds ``sentence`` spans; a sentence never crosses a paragraph boundary."""

    def __call__(self, doc: Document) -> Annotations:
        spans = []
        model = _model_name()
        for paragraph in doc.layer("paragraph"):
            language = doc.language_at(paragraph.start)
            text = doc.span_text(paragraph)
            for start, end in sentence_bounds(text, language):
                spans.append(Span("sentence", paragraph.start + start, paragraph.start + end, model=model))
        return Annotations(spans=spans)
