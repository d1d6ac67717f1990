"""Per-language resources: the word lists slant's rules use, one package per language code.

Layout::

    slant/lang/<code>/            en sv de fr es it ru uk pl ar (ISO 639-1 codes)
        attribution.py            reporting verbs and cue patterns: QUOTE_CUES, QUOTE_THAT,
                                  QUOTE_ACCORDING (slant.quotes.rules), SOURCE_CUES
                                  (slant.sources.cues); English also SAYING_VERBS, THINKING_VERBS,
                                  POSITION_VERBS (slant.quotes.verbs)
        claims.py                 OPINION_WORDS, PREDICTION_WORDS: cue words of the claim types
                                  (slant.claims.types)
        dates.py                  number words, time units, relative days and phrases, the words
                                  around years, months and weekdays (slant.dates.lexicon)
        abbreviations.py          ABBREVIATIONS: a full stop after these does not end a sentence
    slant/lang/abbreviations.py   the abbreviation lookup the sentence splitter uses

A language module holds named constants only (word lists, regex alternations), no rules: the package
that uses them builds its tables from them, so each language's words are read and edited in one
place. A language missing a file has no words of that kind (uk and pl have no quote rules and no
claim cues, es and it no claim cues, ar no abbreviations). Adding a language: copy a folder,
translate the lists, and add its code to :data:`LANGUAGES`; the consumers collect each kind of
list with :func:`modules`.

Lists that mix languages in one set (stop words, source nouns, label words in
``slant.sources.cues``; particles and speaker stop words in ``slant.quotes.rules``; range words in
``slant.dates.rules``) still live with their rules: docs/ARCHITECTURE.md lists them and why.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

LANGUAGES = ("en", "sv", "de", "fr", "es", "it", "ru", "uk", "pl", "ar")
"""The languages with a folder here, in the order the tables collect them."""


def modules(kind: str) -> dict[str, ModuleType]:
    """``slant.lang.<code>.<kind>`` of every language that has one, e.g. ``modules("dates")``."""
    found = {}
    for code in LANGUAGES:
        name = f"slant.lang.{code}.{kind}"
        try:
            found[code] = import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # a broken import inside the module is a bug, not a missing file
                raise
    return found
