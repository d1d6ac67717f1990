"""Split text into word tokens with code-point offsets, the units the trained tagger labels."""

from __future__ import annotations

import re

# Words (letters, digits and combining marks, with inner hyphens, apostrophes and dots as in
# "al-Nusra", "d'Alep", "U.S."), else any single non-space character.
# A short lower-case elision ("l'", "dell'", "d'") is its own token, as in the NER corpora.
# Combining marks and joiners that belong inside words but are not \w to Python's re: Latin accents,
# Hebrew points, Arabic harakat, Indic vowel signs and viramas, Thai/Myanmar signs, ZWNJ/ZWJ.
MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
    "\u0900-\u0963\u0966-\u0dff\u0e31-\u0e4e\u0eb1-\u0ecd\u0f18-\u0fbc\u102b-\u103e\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u200c\u200d\u20d0-\u20ff\ufe20-\ufe2f"
)
TOKEN = re.compile(
    r"(?:[^\W_]\.){2,}"  # dotted abbreviations: U.S., É.-U. stays two tokens
    r"|[^\W\d_]{1,4}['’](?=[^\W\d_])"  # elision: l', dell', d'
    rf"|[^\W_][\w{MARKS}]*(?:-[^\W_][\w{MARKS}]*|['’](?!s\b)[^\W_]{{2,}}[\w{MARKS}]*)*"  # not "'s"
    r"|\S",
    re.UNICODE,
)


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` offsets of the tokens of ``text[start:end]``, in order."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end()) for m in TOKEN.finditer(text, start, stop)]
