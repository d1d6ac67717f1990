"""Attribution candidates shared by the English and the rule-based extractors."""

from __future__ import annotations

from dataclasses import dataclass, field

from slant.intervals import merge

Range = tuple[int, int]

EDGE_PUNCT = " \t\n\r\u00a0\u202f,.;:—–-‐"
QUOTE_MARKS = "“”„«»‹›\"'‘’`"


@dataclass(slots=True)
class Candidate:
    """A possible quote: content pieces, source and cue offsets (absolute), and how it was found.

    ``pattern`` names the rule ("ccomp", "parataxis", "according", "colon", "block",
    "quote", ...); ``key`` is what the learned precision table is looked up by.
    """

    parts: list[Range]
    source: Range | None
    cue: Range | None
    pattern: str
    key: str
    score: float = 0.0
    source_is_pronoun: bool = False
    source_class: str = "none"
    speaker: str | None = None
    speaker_name: str | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def subkey(self) -> str:
        """``key`` refined by what kind of source was found (pron, ent, np or none)."""
        return f"{self.key}|{self.source_class}" if "|" in self.key else self.key

    @property
    def extent(self) -> Range:
        """From the first piece's start to the last piece's end."""
        return self.parts[0][0], self.parts[-1][1]


def trim(text: str, start: int, end: int) -> Range:
    """``(start, end)`` without surrounding spaces and clause punctuation; quote marks are kept."""
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    return start, end


def subtract(ranges: list[Range], holes: list[Range]) -> list[Range]:
    """``ranges`` with ``holes`` cut out, as sorted disjoint runs."""
    out: list[Range] = []
    for start, end in sorted(ranges):
        pieces = [(start, end)]
        for hs, he in holes:
            next_pieces = []
            for s, e in pieces:
                if he <= s or hs >= e:
                    next_pieces.append((s, e))
                    continue
                if s < hs:
                    next_pieces.append((s, hs))
                if he < e:
                    next_pieces.append((he, e))
            pieces = next_pieces
        out.extend(pieces)
    return merge(out)


def clean_parts(text: str, ranges: list[Range], min_chars: int = 2) -> list[Range]:
    """Merged, trimmed pieces; a gap of only spaces and punctuation between two pieces joins them."""
    pieces = [trim(text, s, e) for s, e in merge(ranges)]
    pieces = [(s, e) for s, e in pieces if e - s >= min_chars and any(c.isalnum() for c in text[s:e])]
    joined: list[Range] = []
    for s, e in pieces:
        if joined and not text[joined[-1][1] : s].strip(EDGE_PUNCT + QUOTE_MARKS):
            joined[-1] = (joined[-1][0], e)
        else:
            joined.append((s, e))
    return joined
