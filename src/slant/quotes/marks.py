"""Quotation-mark spans in any of the common styles, robust to unbalanced marks.

Styles: “…” and ‘…’ (en), „…“ and „…” (de, ru, pl), »…« (de, sv), «…» (fr, ru, with or
without no-break spaces), ”…” (sv, fi), ‹…› and ›…‹, "…", ''…'' and ``…''
(PolNeAR / Penn style) and '…' only when clearly paired (opening after a
space, closing before a space or punctuation, so "don't" never opens one).
A curly or guillemet quote left open runs to the end of the text it was found
in (news often opens a quote per paragraph of a long quotation and closes only
the last); a straight quote left open is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLOSERS: dict[str, str] = {
    "“": "”“",  # English “…”, and a few texts close with a second “
    "„": "“”",
    "«": "»",
    "»": "«»",
    "‹": "›",
    "‘": "’",
    "›": "‹",
    "”": "”",
    "``": "''",
    "''": "''",
    '"': '"',
    "'": "'",
}
"""Opening mark -> the marks that may close it."""

OPEN_TO_PARAGRAPH_END = {"“", "„", "«", "‹", "``"}
"""Openers so unambiguous that, left unclosed, the quote runs to the end of the text."""

_OPENER = re.compile(r"``|''|[“„«»‹›”‘\"']")
_WORD = re.compile(r"\w")
QUOTE_CHARS = "“”„«»‹›\"'‘’`"


@dataclass(frozen=True, slots=True)
class Quoted:
    """A quotation: ``start``/``end`` include the marks; ``closed`` is False when it ran to the end."""

    start: int
    end: int
    closed: bool = True

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets without the marks themselves."""
        return self.start + 1, self.end - 1 if self.closed else self.end


def _opens(text: str, i: int, mark: str) -> bool:
    """Whether ``mark`` at ``i`` can open a quotation (ambiguous marks need a word start after them)."""
    after = text[i + len(mark) : i + len(mark) + 1]
    before = text[i - 1 : i] if i else ""
    if not after or (after.isspace() and mark not in "«»"):
        return False
    if mark in ('"', "'", "''", "”", "»", "›"):
        # Straight and same-shaped marks open only after a space, a bracket or a dash, or at the start.
        return (not before or before.isspace() or before in "([{—–-/:") and (
            _WORD.match(after) is not None or after in "¿¡([…" or after in QUOTE_CHARS
        )
    return True


def _closes(text: str, j: int, mark: str) -> bool:
    """Whether ``mark`` at ``j`` can close (straight marks must end a word, not sit inside one)."""
    if mark in ('"', "'", "''", "”", "’"):
        after = text[j + len(mark) : j + len(mark) + 1]
        before = text[j - 1 : j]
        if before.isspace():
            return False
        # don't, it’s: an apostrophe inside a word closes nothing
        return not (mark in "'’" and _WORD.match(after or " "))
    return True


def find_quotes(text: str) -> list[Quoted]:
    """Outermost quotations in ``text``, in order, never overlapping, never outside the text."""
    found: list[Quoted] = []
    pos = 0
    size = len(text)
    while pos < size:
        match = _OPENER.search(text, pos)
        if match is None:
            break
        i, mark = match.start(), match.group()
        if not _opens(text, i, mark):
            pos = i + len(mark)
            continue
        closers = CLOSERS[mark]
        j = i + len(mark)
        end = -1
        while j < size:
            if mark in ("''", "``"):
                k = text.find("''", j)
            else:
                ks = [text.find(c, j) for c in closers]
                ks = [k for k in ks if k >= 0]
                k = min(ks) if ks else -1
            if k < 0:
                break
            close = "''" if mark in ("''", "``") else text[k]
            if _closes(text, k, close):
                end = k + len(close)
                break
            j = k + 1
        if end > i + len(mark) + 1:
            found.append(Quoted(i, end))
            pos = end
        elif end < 0 and mark in OPEN_TO_PARAGRAPH_END and size - i > len(mark) + 1:
            found.append(Quoted(i, size, closed=False))
            pos = size
        else:
            pos = i + len(mark)
    return found
