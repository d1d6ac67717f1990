"""Token features for the trained sequence tagger; training and tagging share them, so change both at once."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

SCRIPTS = ("LATIN", "CYRILLIC", "ARABIC", "GREEK", "HEBREW", "DEVANAGARI", "CJK", "HANGUL", "GEORGIAN")


def script(char: str) -> str:
    """A coarse script name of one character (``other`` when unknown)."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return "other"
    for candidate in SCRIPTS:
        if name.startswith(candidate):
            return candidate.lower()
    return "other"


def shape(token: str) -> str:
    """Character classes with runs collapsed: ``Aleppo`` → ``Xx``, ``U.S.`` → ``X.X.``, ``2016`` → ``d``."""
    out: list[str] = []
    for char in token[:12]:
        if char.isupper():
            kind = "X"
        elif char.islower():
            kind = "x"
        elif char.isdigit():
            kind = "d"
        elif char.isalpha():
            kind = "a"  # letters without case (Arabic, Devanagari, CJK ...)
        else:
            kind = char
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


def token_features(tokens: Sequence[str], i: int) -> list[str]:
    """The features of token ``i`` (strings; crfsuite weights each one per label)."""
    word = tokens[i]
    low = word.lower()
    feats = [
        "b",
        f"w={low[:24]}",
        f"s={shape(word)}",
        f"p2={low[:2]}",
        f"p3={low[:3]}",
        f"x2={low[-2:]}",
        f"x3={low[-3:]}",
        f"x4={low[-4:]}",
        f"sc={script(word[0])}",
    ]
    if word[:1].isupper():
        feats.append("title" if i > 0 else "title0")
    if len(word) == 1:
        feats.append("len1")
    for offset in (-2, -1, 1, 2):
        j = i + offset
        if 0 <= j < len(tokens):
            other = tokens[j]
            feats.append(f"{offset}s={shape(other)}")
            if abs(offset) == 1:
                feats.append(f"{offset}w={other.lower()[:24]}")
                feats.append(f"{offset}x3={other.lower()[-3:]}")
        else:
            feats.append(f"{offset}=edge")
    return feats


def sentence_features(tokens: Sequence[str]) -> list[list[str]]:
    """Features of every token of a sentence."""
    return [token_features(tokens, i) for i in range(len(tokens))]
