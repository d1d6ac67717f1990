"""Abbreviations after which a full stop does not end a sentence, per language.

spaCy's tokenizer exceptions already cover many; these are the ones its
blank pipelines split at in news text (titles before names, "for example").
Lowercase, with the final stop.
"""

from __future__ import annotations

from slant.lang.de import abbreviations as de
from slant.lang.en import abbreviations as en
from slant.lang.es import abbreviations as es
from slant.lang.fr import abbreviations as fr
from slant.lang.it import abbreviations as it
from slant.lang.pl import abbreviations as pl
from slant.lang.ru import abbreviations as ru
from slant.lang.sv import abbreviations as sv
from slant.lang.uk import abbreviations as uk

ABBREVIATIONS: dict[str, frozenset[str]] = {
    code: words.ABBREVIATIONS
    for code, words in {
        "en": en,
        "sv": sv,
        "de": de,
        "fr": fr,
        "es": es,
        "it": it,
        "pl": pl,
        "ru": ru,
        "uk": uk,
    }.items()
}
"""Each language's list, from ``slant.lang.<code>.abbreviations``."""


def ends_with_abbreviation(sentence: str, language: str | None) -> bool:
    """Whether the sentence's last word is an abbreviation of the language."""
    known = ABBREVIATIONS.get(language or "")
    if not known or not sentence.endswith("."):
        return False
    last = sentence.rsplit(None, 1)[-1].lstrip("(«„“\"'").lower()
    return last in known
