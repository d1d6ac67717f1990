"""How a text uses a source: cited, merely mentioned, linked, credited for a picture, or listed as an
article in a link post; and, where the text says so, whether it relies on the source or disputes it.

``role`` is ``citation`` (a cue says the text relies on it), ``mention`` (a known name, no cue),
``link`` (a web address), ``credit`` ("© AFP", "Foto: TT": the picture's owner, not a source of
the text's claims) or ``article`` (a link post's "domain – headline" or "OUTLET: headline" line).
"""

from __future__ import annotations

import re

#: A picture credit's lead: the agency follows on the same line.
CREDIT = re.compile(
    r"(?:©|\(c\)(?=\s)|\b(?:photo(?:graph)?s?|photo credit|image|picture|pictures|credit|foto|fotos|bild|"
    r"bilder|фото|fotó|crédit photo|crédits?)\s*:)[ \t\u00a0]*",
    re.IGNORECASE,
)
CREDIT_CHARS = 80
"""How far after the lead a credit runs (it ends at the line's end before that)."""

#: After a source at a line's start: the separator of a link post's "source – headline" line.
ARTICLE_SEPARATOR = re.compile(r"[ \t\u00a0]*(?:[–—|]|-(?=\s)|:)[ \t\u00a0]*(?=\S)")
ARTICLE_LEAD = re.compile(r"[ \t\u00a0]*(?:[-*•·>]+[ \t\u00a0]+|\d+[.)][ \t\u00a0]+)?")
MIN_HEADLINE_WORDS = 3

#: Explicit judgements of a source near its name (lowercase; a word starting with one of these).
DISPUTED = (
    "unreliable", "ever-unreliable", "discredited", "propaganda", "so-called", "notorious", "dubious",
    "fake", "lying", "mouthpiece", "falsely", "disinformation", "kremlin-backed outlet", "debunked",
    "opålitlig", "propagand", "så kallade", "felaktigt", "ökänd", "lögn",
    "пропаганд", "так называем", "лжив", "фейк", "рупор", "недостоверн",
    "unzuverlässig", "sogenannt", "fälschlich", "berüchtigt", "lügen",
    "peu fiable", "soi-disant", "mensong", "faussement",
)  # fmt: skip
RELIED = (
    "rightly", "reliable", "respected", "trusted", "credible", "correctly", "as confirmed by",
    "pålitlig", "med rätta", "trovärdig", "välrenommerad",
    "справедливо", "авторитетн", "надежн", "достоверн",
    "zu recht", "zuverlässig", "seriös", "renommiert",
    "à juste titre", "fiable", "sérieux", "réputé",
)  # fmt: skip
STANCE_CHARS = 50
"""How far around a source (and its cue) a judgement word is looked for, within its sentence."""
_STANCE = re.compile(
    "|".join(
        rf"(?P<{group}{i}>(?<!\w){re.escape(word)}\w*)"
        for group, words in (("d", DISPUTED), ("r", RELIED))
        for i, word in enumerate(words)
    ),
    re.IGNORECASE,
)
_NEGATION = re.compile(r"(?:\bnot|\bnever|\bnicht|\binte|\bне|\bpas)\s+$", re.IGNORECASE)


def credit_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Where picture credits run in ``text[start:end]``: from after each lead to the line's end."""
    regions = []
    for match in CREDIT.finditer(text, start, end):
        line_end = text.find("\n", match.end(), end)
        stop = min(line_end if line_end >= 0 else end, match.end() + CREDIT_CHARS)
        if stop > match.end():
            regions.append((match.end(), stop))
    return regions


def headline_after(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The headline of a link-post line whose source spans ``start:end``: the source opens its line
    (after an optional bullet) and a dash, bar or colon leads to at least three words."""
    line_start = text.rfind("\n", 0, start) + 1
    lead = ARTICLE_LEAD.match(text, line_start, start)
    if lead is None or lead.end() != start:
        return None
    separator = ARTICLE_SEPARATOR.match(text, end)
    if separator is None:
        return None
    line_end = text.find("\n", separator.end())
    line_end = len(text) if line_end < 0 else line_end
    headline = text[separator.end() : line_end].rstrip()
    if len(headline.split()) < MIN_HEADLINE_WORDS:
        return None
    return separator.end(), separator.end() + len(headline)


def stance(
    text: str, sentence: tuple[int, int], source: tuple[int, int], cue: tuple[int, int] | None
) -> tuple[str, tuple[int, int]] | None:
    """``relied`` or ``disputed`` with the judgement's offsets, when one is written next to the
    source or its cue in the same sentence ("the ever-unreliable CNN", "Reuters rightly reports")."""
    near = [source, *([cue] if cue else [])]
    low = max(sentence[0], min(s for s, _ in near) - STANCE_CHARS)
    high = min(sentence[1], max(e for _, e in near) + STANCE_CHARS)
    found = []
    for match in _STANCE.finditer(text, low, high):
        if any(s <= match.start() < e for s, e in near) or _NEGATION.search(text, low, match.start()):
            continue
        group = match.lastgroup or ""
        gap = min(abs(match.start() - e) if match.start() >= e else abs(s - match.end()) for s, e in near)
        found.append((gap, "disputed" if group.startswith("d") else "relied", (match.start(), match.end())))
    if not found:
        return None
    _, label, where = min(found)
    return label, where
