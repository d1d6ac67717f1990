"""Who a quotation belongs to when no verb of saying says so: colon lead-ins and newly named people.

"The minister summed up her view with the usual condescension: “…”" has no speech verb,
but the sentence's subject before the colon is the speaker. And a quotation after a
new person is named ("…,” said Ortiz. Her deputy, Tom Reed, disagreed. “…”") is not a
continuation of the previous speaker's quote. Both rules serve the English parse path
and the rule layer of the other languages alike.
"""

from __future__ import annotations

import re

from slant.quotes.candidates import Range, trim

_UPPER = "A-ZÀ-ÖØ-ÞА-ЯЁΑ-Ω"
_CAPITAL = rf"[{_UPPER}][\w’'-]*"
#: Two or more capitalised words (a person's or organisation's name), particles allowed.
_PARTICLE = r"(?:[ \u00a0](?:von|van|de|der|la|le|af|al-[\w-]+|bin|ibn))?"
FULL_NAME = re.compile(rf"{_CAPITAL}(?:{_PARTICLE}[ \u00a0]{_CAPITAL})+")
_WORD = re.compile(r"[\w’'-]+")
#: Determiners and possessives that open a noun phrase subject ("The minister", "Her deputy").
DETERMINERS = {
    "the", "this", "that", "a", "an", "her", "his", "their", "our", "its",
    "der", "die", "das", "den", "dem", "ein", "eine", "le", "la", "les", "l", "un", "une", "sa", "son", "ses",
    "el", "los", "las", "il", "lo", "gli", "det", "de", "en", "ett", "hans", "hennes", "deras",
    "этот", "эта", "его", "её", "их",
}  # fmt: skip
#: Capitalised words that open a sentence without being its subject.
OPENERS = {
    "then", "but", "and", "yet", "so", "now", "here", "later", "still", "instead", "meanwhile", "finally",
    "men", "och", "sedan", "nu", "här", "aber", "und", "dann", "doch", "hier",
    "mais", "et", "puis", "ensuite",
    "но", "и", "а", "затем", "потом", "однако", "вот", "ولكن", "ثم",
}  # fmt: skip
PREPOSITIONS = {
    "in", "on", "at", "for", "from", "after", "before", "i", "på", "im", "am", "en", "dans", "в", "на",
}  # fmt: skip
_SENTENCE_OPENING = re.compile(r"(?:^|(?<=[.!?]) |(?<=[.!?][”\"»’]) |\n)\s*")
MAX_TITLE_WORDS = 3
"""Words of a title allowed before a name at a sentence's start ("Rumäniens försvarsminister")."""
MAX_LEAD_WORDS = 30
"""A lead-in longer than this is a sentence of its own, not an introduction to the quotation."""


def colon_lead(text: str, lead_start: int, quote_start: int) -> Range | None:
    """The speaker of a quotation introduced by ``text[lead_start:quote_start]`` ending in a colon."""
    lead = text[lead_start:quote_start].rstrip()
    if not lead.endswith(":"):
        return None
    words = list(_WORD.finditer(text, lead_start, lead_start + len(lead)))
    if not 2 <= len(words) <= MAX_LEAD_WORDS:
        return None
    return subject(text, lead_start, lead_start + len(lead) - 1)


def subject(text: str, start: int, end: int) -> Range | None:
    """The clause's subject: a full name in it, else its opening noun phrase ("The minister",
    "Statsministern", "Lavrov"), skipping opening adverbs; None when it opens with a lowercase word."""
    words = list(_WORD.finditer(text, start, end))
    while words and words[0].group().lower() in OPENERS:
        words.pop(0)
    if not words:
        return None
    first = words[0]
    if first.group().lower() in PREPOSITIONS:
        return None  # "In Aleppo the mood was grim:" introduces no speaker
    full = next((m for m in _full_names(text, first.start(), end)), None)
    if full is not None:
        before = text[first.start() : full[0]]
        # "Tom Reed disagreed:", an apposition "Her deputy, Tom Reed, disagreed:", or a title
        # before the name "Министр финансов Алексей Шатров подвёл итог:"
        if (
            not before.strip()
            or (first.group().lower() in DETERMINERS and before.rstrip().endswith(","))
            or (len(before.split()) <= MAX_TITLE_WORDS and before[:1].isupper() and "," not in before)
        ):
            return full
    if first.group().lower() in DETERMINERS and len(words) > 1:
        return trim(text, first.start(), words[1].end())
    if first.group()[:1].isupper():
        return trim(text, first.start(), first.end())
    return None


def _full_names(text: str, start: int, end: int) -> list[Range]:
    """Runs of two or more capitalised words, opening adverbs and determiners ("The", "In") left out."""
    found = []
    for match in FULL_NAME.finditer(text, start, end):
        words = list(_WORD.finditer(match.group()))
        while words and words[0].group().lower() in DETERMINERS | OPENERS | PREPOSITIONS:
            words.pop(0)
        if len(words) >= 2:
            found.append((match.start() + words[0].start(), match.start() + words[-1].end()))
    return found


def new_subject(text: str, start: int, end: int, speaker: str | None) -> Range | None:
    """The last sentence subject in ``text[start:end]`` that names someone other than ``speaker``
    ("Her deputy, Tom Reed, was less sure."); names elsewhere in a sentence (places, the objects
    of verbs) do not count. People are compared by last word."""
    last = speaker.split()[-1].lower() if speaker and speaker.split() else None
    found_last = None
    for match in _SENTENCE_OPENING.finditer(text, start, end):
        sentence_end = text.find(". ", match.end(), end)
        stop = end if sentence_end < 0 else sentence_end
        found = subject(text, match.end(), stop)
        if found is None or found not in _full_names(text, match.end(), stop):
            continue  # not a named person or organisation ("The report", "Analysts")
        if text[found[0] : found[1]].split()[-1].lower() != last:
            found_last = found
    return found_last


def sentence_start(text: str, position: int, start: int) -> int:
    """Where the sentence holding ``position`` starts (not before ``start``)."""
    cut = max(
        text.rfind(". ", start, position),
        text.rfind("! ", start, position),
        text.rfind("? ", start, position),
    )
    return cut + 2 if cut >= 0 else start
