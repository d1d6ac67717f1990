"""Words for dates per language: month and weekday names from CLDR (babel), and small hand-written
tables of relative words ("yesterday", "i går"), time units and number words one to twenty, built
from each language's ``slant.lang.<code>.dates``."""

from __future__ import annotations

import functools
import re
from types import ModuleType

from slant.lang import modules

LANGUAGES = ("en", "sv", "de", "fr", "ru", "es", "it", "pl", "uk", "ar")

LOCALES = {"ar": ("ar", "ar_SY")}
"""Arabic news in the Levant writes Syriac month names (أيلول for September) as often as Egyptian ones."""

INFLECTED = frozenset({"ru", "uk", "pl"})
"""Languages whose month and weekday names take case endings beyond CLDR's two forms ("в сентябре")."""


def _strip(name: str) -> str:
    return name.rstrip(".").strip()


@functools.cache
def months(language: str, abbreviated: bool = False) -> dict[str, int]:
    """Month name (lowercase) → 1..12: CLDR's format and stand-alone forms, wide or abbreviated."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in LOCALES.get(language, (language,)):
        for context in ("format", "stand-alone"):
            found = get_month_names("abbreviated" if abbreviated else "wide", context=context, locale=locale)
            for number, name in found.items():
                name = _strip(name).lower()
                if len(name) >= 3 and not name.isdigit():
                    names.setdefault(name, number)
    if abbreviated:
        wide = months(language)
        names = {n: m for n, m in names.items() if n not in wide}
        if language == "en":
            names["sept"] = 9
    return names


@functools.cache
def weekdays(language: str) -> dict[str, int]:
    """Weekday name (lowercase, wide) → 0 (Monday) .. 6 (Sunday)."""
    from babel.dates import get_day_names

    names: dict[str, int] = {}
    for locale in LOCALES.get(language, (language,)):
        for context in ("format", "stand-alone"):
            for number, name in get_day_names("wide", context=context, locale=locale).items():
                names.setdefault(_strip(name).lower(), number)
    if language == "sv":  # "i onsdags" is last Wednesday
        names.update({f"{name}s": number for name, number in list(names.items())})
    return names


def name_pattern(names: dict[str, int], language: str) -> str:
    """A regex alternation of names, longest first; in inflected languages a name's stem may take
    an ending of up to three letters ("сентябр" + "е")."""
    forms: set[str] = set()
    for name in names:
        forms.add(re.escape(name))
        if language in INFLECTED and len(name) >= 5:
            forms.add(re.escape(name[:-1]) + r"\w{0,3}")
        elif language in INFLECTED and len(name) >= 3:
            forms.add(re.escape(name[:-1]) + r"[еяюиуыйё]")
    return "(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")"


def lookup(names: dict[str, int], word: str, language: str) -> int | None:
    """The number of a name as written (any case, case ending allowed in inflected languages)."""
    key = word.lower().rstrip(".")
    if key in names:
        return names[key]
    if language in INFLECTED:
        for cut in (1, 2, 3):
            stem = key[:-cut] if len(key) > cut else key
            hits = {
                n for name, n in names.items() if name[:-1] == stem or (stem and name[:-1].startswith(stem))
            }
            if len(hits) == 1:
                return hits.pop()
    return None


def _numbers(ones: str, words: str, **more: int) -> dict[str, int]:
    """Number words: every word of ``ones`` is 1, ``words`` are two, three, ... in order."""
    table = dict.fromkeys(ones.split(), 1)
    table.update({w: i for i, w in enumerate(words.split(), start=2)})
    table.update(more)
    return table


_WORDS = modules("dates")
"""Each language's date words (``slant.lang.<code>.dates``), in the order of the tables below."""

NUMBERS: dict[str, dict[str, int]] = {
    code: _numbers(words.NUMBER_ONES, words.NUMBER_WORDS, **words.NUMBER_EXTRA)
    for code, words in _WORDS.items()
}
"""Number words one to twenty (and the odd larger one) → their value."""


def _units(words: ModuleType) -> dict[str, tuple[str, int | None]]:
    table: dict[str, tuple[str, int | None]] = {
        w: (u, None) for u, ws in words.UNITS.items() for w in ws.split()
    }
    table.update({w: (u, 2) for w, u in words.UNIT_DUALS.items()})
    table.update(dict.fromkeys(words.DECADES.split(" "), ("decade", None)))
    table.update(dict.fromkeys(words.DECADE_DUALS, ("decade", 2)))
    return table


UNITS: dict[str, dict[str, tuple[str, int | None]]] = {code: _units(words) for code, words in _WORDS.items()}
"""Unit word → (unit, implied count: 2 for Arabic duals, None when a number says it)."""

AGO: dict[str, tuple[str, ...]] = {code: words.AGO for code, words in _WORDS.items()}
"""'N units ago': {n} is a number (digits or words), {unit} a unit word."""

DAYS: dict[str, dict[str, int]] = {code: words.DAYS for code, words in _WORDS.items()}
"""Words for a day relative to publication. German "morgen" counts only in lower case (the noun
"Morgen" is the morning); Spanish "mañana" is left out (also "the morning")."""

CASE_SENSITIVE_DAYS = frozenset({("de", "morgen")})

UNIT_PHRASES: dict[str, dict[str, tuple[str, int]]] = {
    code: words.UNIT_PHRASES for code, words in _WORDS.items()
}
"""Phrases for the unit containing publication, or one before or after it."""

WEEKDAY_SHIFT: dict[str, dict[str, int]] = {code: words.WEEKDAY_SHIFT for code, words in _WORDS.items()}
"""Words before a weekday: 0 the most recent such day on or before publication, -1 strictly before
(one week back when it is today), +1 the next one after publication. Swedish "på lördag" is the
coming Saturday and "i lördags" the last one (the -s form)."""

YEAR_CUES: dict[str, tuple[str, str]] = {code: words.YEAR_CUES for code, words in _WORDS.items()}
"""(words before a year, words after it): the year alone counts only next to one of them."""

MONTH_CUES: dict[str, str] = {code: words.MONTH_CUES for code, words in _WORDS.items()}
"""Words that make a month name alone a date ("in September", "i september"), not the verb "may"."""

MONTH_PARTS: dict[str, dict[str, str]] = {code: words.MONTH_PARTS for code, words in _WORDS.items()}
"""Words for part of a month ("mid-March", "Mitte März", "منتصف آذار"): part of the span, and of
``attrs.part``; the value stays the month."""

ORDINAL: dict[str, str] = {code: words.ORDINAL for code, words in _WORDS.items()}
"""What may follow a day number ("9th", "9:e", "9.", "1er")."""

DAY_OF: dict[str, str] = {code: words.DAY_OF for code, words in _WORDS.items() if words.DAY_OF is not None}
"""Words between a day and its month ("the 9th of September", "9 de septiembre")."""

YEAR_OF: dict[str, str] = {code: words.YEAR_OF for code, words in _WORDS.items() if words.YEAR_OF is not None}
"""Words between a month and its year ("septiembre de 2016", "سبتمبر عام 2016")."""

YEAR_WORD: dict[str, str] = {
    code: words.YEAR_WORD for code, words in _WORDS.items() if words.YEAR_WORD is not None
}
"""Words after a full date's year ("9 сентября 2016 года")."""
