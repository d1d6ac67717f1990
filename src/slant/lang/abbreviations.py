"""Abbreviations after which a full stop does not end a sentence, per language.

spaCy's tokenizer exceptions already cover many; these are the ones its
blank pipelines split at in news text (titles before names, "for example").
Lowercase, with the final stop.
"""

from __future__ import annotations

from slant.lang import modules

ABBREVIATIONS: dict[str, frozenset[str]] = {
    code: words.ABBREVIATIONS for code, words in modules("abbreviations").items()
}
"""Each language's list, from ``slant.lang.<code>.abbreviations``."""


def ends_with_abbreviation(sentence: str, language: str | None) -> bool:
    """Whether the sentence's last word is an abbreviation of the language."""
    known = ABBREVIATIONS.get(language or "")
    if not known or not sentence.endswith("."):
        return False
    last = sentence.rsplit(None, 1)[-1].lstrip("(«„“\"'").lower()
    return last in known
