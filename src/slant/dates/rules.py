"""Regular expressions that find date expressions in one language, and what each found one says.

Found expressions are not yet dates: :mod:`slant.dates.resolve` turns them into values
against the publication date. Overlaps are settled here: the longest expression wins.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from slant.dates import lexicon
from slant.dates.lexicon import LANGUAGES
from slant.intervals import Intervals

_URL = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
RANGE_WORDS = (
    "and",
    "to",
    "until",
    "och",
    "till",
    "und",
    "bis",
    "et",
    "à",
    "y",
    "a",
    "e",
    "и",
    "до",
    "і",
    "i",
    "و",
)
POST_SHIFT = {
    "dernier": -1,
    "passé": -1,
    "prochain": 1,
    "scorso": -1,
    "scorsa": -1,
    "prossimo": 1,
    "prossima": 1,
    "pasado": -1,
    "próximo": 1,
    "الماضي": -1,
    "المقبل": 1,
    "القادم": 1,
}
"""Words after a weekday that move it ("dimanche dernier", "الأحد الماضي")."""


@dataclass(slots=True)
class Found:
    """One expression: its offsets and what it says (``kind`` and its fields)."""

    start: int
    end: int
    kind: str
    fields: dict[str, Any] = field(default_factory=dict)


def _alt(words: Iterable[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))) + ")"


def _names(names: dict[str, int], language: str, dotted: bool = False) -> str:
    """An alternation of month or weekday names; English ones only capitalised ("May", not "may")."""
    if language == "en":
        forms = sorted(
            {n.capitalize() for n in names} | {n.upper() for n in names if len(n) > 3}, key=lambda f: -len(f)
        )
        body = "(?-i:" + "|".join(re.escape(f) for f in forms) + ")"
    else:
        body = lexicon.name_pattern(names, language)
    return body + (r"\.?" if dotted else "")


@dataclass(frozen=True)
class Patterns:
    """The compiled patterns of one language, in the order they are tried."""

    language: str
    regexes: tuple[tuple[str, re.Pattern[str]], ...]


@functools.cache
def patterns(language: str | None) -> Patterns:
    """Patterns for ``language``; languages without tables get only numeric dates."""
    flags = re.IGNORECASE
    regexes: list[tuple[str, str]] = [
        ("iso", r"(?<![\d/.-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d])"),
        (
            "numeric",
            r"(?<![\d/.,-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?![\d]|[.,]\d)",
        ),
    ]
    if language in LANGUAGES:
        regexes.extend(_language_patterns(language))
    return Patterns(language or "", tuple((kind, re.compile(rx, flags)) for kind, rx in regexes))


def _language_patterns(lang: str) -> list[tuple[str, str]]:
    wide = lexicon.months(lang)
    short = lexicon.months(lang, abbreviated=True)
    days = lexicon.weekdays(lang)
    month = (
        f"(?P<mon>{_names(wide, lang)}|{_names(short, lang, dotted=True)})"
        if short
        else f"(?P<mon>{_names(wide, lang)})"
    )
    wide_month = f"(?P<mon>{_names(wide, lang)})"
    weekday = f"(?P<wd>{_names(days, lang)})"
    part = f"(?P<part>{_alt(lexicon.MONTH_PARTS[lang])})"
    ordinal = lexicon.ORDINAL[lang]
    day_of = lexicon.DAY_OF.get(lang, "")
    year_of = lexicon.YEAR_OF.get(lang, "")
    year_word = lexicon.YEAR_WORD.get(lang, "")
    before = r"(?<![\w.,/-])"
    # Arabic glues و, ف, ب, ل to the next word ("وأمس", "وقبل يومين"): a word may start after one.
    bound = r"(?:(?<!\w)|(?<=[وفبل])(?<!\w\w))" if lang == "ar" else r"(?<!\w)"
    after = r"(?![\w]|[.,/-]\d)"
    prefix = rf"(?:{weekday}(?:['’]s)?,?\s+(?:(?:the|den|le|el|il|der|den)\s+)?)?"
    day = r"(?P<d>\d{1,2})"
    year = r"(?P<y>\d{4})"
    found = [
        (
            "dmy",
            rf"{prefix}{before}{day}{ordinal}\s*{day_of}{month}(?:,?\s*{year_of}{year}{year_word})?{after}",
        ),
        ("month_year", rf"{before}{month}\s+{year_of}(?:of\s+)?{year}{year_word}{after}"),
        ("month", rf"{bound}(?:{lexicon.MONTH_CUES[lang]})\s+(?:{part}(?:\s+|(?<=-)))?{wide_month}(?!\w)"),
        ("month", rf"{bound}{part}(?:\s+|(?<=-)){wide_month}(?!\w)"),
        ("day", rf"{bound}{_alt(lexicon.DAYS[lang])}(?!\w)"),
        ("unit", rf"{bound}{_alt(lexicon.UNIT_PHRASES[lang])}(?!\w)"),
    ]
    if lang == "en":
        found.append(("mdy", rf"{prefix}{before}{month}\s+{day}(?:st|nd|rd|th)?(?:,?\s+{year})?{after}"))
    cue_before, cue_after = lexicon.YEAR_CUES[lang]
    found.append(("year", rf"{bound}(?:{cue_before})\s+{year}{year_word}{after}"))
    if cue_after:
        found.append(("year", rf"{before}{year}\s*(?:{cue_after})(?!\w)"))
    # The second year of a range: "between 2011 and 2015", "2011-2015", "2011 bis 2015".
    found.append(
        ("year", rf"(?<![\w.,/-])\d{{4}}\s*(?:-|–|—|/|\s{_alt(RANGE_WORDS)}\s)\s*{year}{year_word}{after}")
    )
    shift_words = _alt(lexicon.WEEKDAY_SHIFT[lang])
    post = _alt(POST_SHIFT)
    found.append(
        ("weekday", rf"(?:{bound}(?P<shift>{shift_words})\s+)?{weekday}(?:\s+(?P<post>{post}))?(?!\w)")
    )
    number = rf"(?P<n>\d{{1,4}}|{_alt(lexicon.NUMBERS[lang])})"
    unit = rf"(?P<unit>{_alt(lexicon.UNITS[lang])})"
    for template in lexicon.AGO[lang]:
        # "منذ عام 2014" is "since 2014", not "a year ago".
        found.append(("ago", bound + template.format(n=number, unit=unit) + r"(?!\w)(?!\s*\d)"))
    return found


FALLBACK_LANGUAGE = "en"
"""Text in a language without tables is read with English words (a mis-detected short English
paragraph, Nigerian Pidgin, Scots); only numeric dates would otherwise be found."""


def find(text: str, start: int, end: int, language: str | None) -> list[Found]:
    """Date expressions in ``text[start:end]``, non-overlapping, longest first; none inside web addresses."""
    lang = language if language in LANGUAGES else FALLBACK_LANGUAGE
    masked = Intervals()
    for url in _URL.finditer(text, start, end):
        masked.add(url.start(), url.end())
    candidates: list[Found] = []
    for kind, regex in patterns(lang).regexes:
        for match in regex.finditer(text, start, end):
            if masked.overlaps(match.start(), match.end()):
                continue
            found = _interpret(kind, match, lang)
            if found is not None:
                candidates.append(found)
    taken = Intervals()
    kept = [
        c
        for c in sorted(candidates, key=lambda f: (-(f.end - f.start), f.start))
        if taken.add(c.start, c.end)
    ]
    kept.sort(key=lambda f: f.start)
    return kept


def _interpret(kind: str, match: re.Match[str], lang: str | None) -> Found | None:
    groups = {k: v for k, v in match.groupdict().items() if v is not None}
    start, end = match.start(), match.end()
    fields: dict[str, Any] = {}
    if kind in ("iso", "numeric"):
        fields = {k: int(v) for k, v in groups.items() if k in ("y", "m", "d", "a", "b")}
        return Found(start, end, kind, fields)
    assert lang is not None
    if "mon" in groups:
        month = lexicon.lookup(lexicon.months(lang), groups["mon"], lang) or lexicon.lookup(
            lexicon.months(lang, abbreviated=True), groups["mon"], lang
        )
        if month is None:
            return None
        fields["month"] = month
        if kind == "month":
            start = match.start("part") if "part" in groups else match.start("mon")
            if "part" in groups:
                fields["part"] = _table_get(lexicon.MONTH_PARTS[lang], groups["part"])
    if "wd" in groups:
        weekday = lexicon.lookup(lexicon.weekdays(lang), groups["wd"], lang)
        if weekday is None:
            return None
        fields["weekday"] = weekday
    if "d" in groups:
        fields["day"] = int(groups["d"])
    if "y" in groups:
        fields["year"] = int(groups["y"])
        if kind == "year":  # the cue word before a year is not part of the date ("in 2015")
            start = match.start("y")
    if kind == "day":
        word = match.group()
        if (lang, word.lower()) in lexicon.CASE_SENSITIVE_DAYS and word != word.lower():
            return None
        offset = _table_get(lexicon.DAYS[lang], word)
        if offset is None:
            return None
        fields["offset"] = offset
    elif kind == "unit":
        unit_offset = _table_get(lexicon.UNIT_PHRASES[lang], match.group())
        if unit_offset is None:
            return None
        fields["unit"], fields["offset"] = unit_offset
    elif kind == "weekday":
        shift = 0
        if "shift" in groups:
            shift = _table_get(lexicon.WEEKDAY_SHIFT[lang], groups["shift"]) or 0
        if "post" in groups:
            shift = POST_SHIFT.get(groups["post"].lower(), 0)
        if lang == "sv" and groups["wd"].lower().endswith("dags"):
            shift = -1
        if "shift" in groups and shift == 0:  # "on Sunday": the date is "Sunday"
            start = match.start("wd")
        fields["shift"] = shift
    elif kind == "ago":
        unit, implied = _table_get(lexicon.UNITS[lang], groups["unit"]) or (None, None)
        if unit is None:
            return None
        count = implied
        if "n" in groups:
            raw = groups["n"]
            count = int(raw) if raw.isdigit() else _table_get(lexicon.NUMBERS[lang], raw)
        count = count if count is not None else 1
        if unit == "decade":
            unit, count = "year", count * 10
        fields["unit"], fields["count"] = unit, count
    return Found(start, end, kind, fields)


def _table_get(table: dict[str, Any], word: str) -> Any:
    key = " ".join(word.split())
    if key in table:
        return table[key]
    lowered = key.lower()
    for name, value in table.items():
        if name.lower() == lowered:
            return value
    return None
