"""Finding outlet-table names and web addresses in text, on token boundaries."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from slant.sources.outlets import OutletTable, exact_case, trusted_names

_TOKEN = re.compile(r"\w+")
_ARABIC_PROCLITICS = "وبلفك"
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@dataclass(frozen=True, slots=True)
class NameMatch:
    """An alias found in the text: ``trusted`` when it may stand without a cue (exact case, not cue-only)."""

    start: int
    end: int
    outlet: str
    trusted: bool


class NameIndex:
    """Every alias of a table, indexed by its first word (case-folded) for one pass over a text."""

    def __init__(self, table: OutletTable) -> None:
        self._by_first: dict[str, list[tuple[str, int, str, bool]]] = defaultdict(list)
        for outlet in table.by_id.values():
            trusted = trusted_names(outlet)
            for alias in dict.fromkeys((outlet.name, *outlet.aliases, *outlet.cue_aliases)):
                first = _TOKEN.search(alias)
                if first is None:
                    continue
                entry = (alias, first.start(), outlet.id, alias in trusted)
                self._by_first[first.group().casefold()].append(entry)
        for entries in self._by_first.values():
            entries.sort(key=lambda e: -len(e[0]))

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[NameMatch]:
        """Longest alias at each token of ``text[start:end]``, matched case-insensitively;
        ``trusted`` only for exact-case matches of aliases that need no cue."""
        end = len(text) if end is None else end
        found: list[NameMatch] = []
        covered = start
        for token in _TOKEN.finditer(text, start, end):
            if token.start() < covered:
                continue
            match = self._at(text, token.start(), token.group(), end)
            word = token.group()
            if match is None and len(word) > 3 and word[0] in _ARABIC_PROCLITICS:
                match = self._arabic(text, token.start(), word, end)
            if match is None and len(word) > 4 and _CYRILLIC.match(word[-1]):
                # A case ending on a one-word alias: "Интерфакса" is "Интерфакс".
                match = self._at(text, token.start(), word[:-1], end) or self._at(
                    text, token.start(), word[:-2], end
                )
            if match is not None:
                found.append(match)
                covered = match.end
        return found

    def _at(self, text: str, position: int, word: str, limit: int) -> NameMatch | None:
        for alias, offset, outlet, trusted in self._by_first.get(word.casefold(), ()):
            begin = position - offset
            stop = begin + len(alias)
            if begin < 0 or stop > limit:
                continue
            piece = text[begin:stop]
            if exact_case(alias) and not piece.startswith(alias):
                continue
            if piece.casefold() != alias.casefold() or not _bounded(text, begin, stop):
                stop = _inflected(text, begin, stop, alias, limit)
                if stop < 0 or text[begin : begin + len(alias)].casefold() != alias.casefold():
                    continue
            return NameMatch(begin, stop, outlet, trusted and text.startswith(alias, begin))
        return None

    def _arabic(self, text: str, position: int, word: str, limit: int) -> NameMatch | None:
        """Aliases behind a one-letter proclitic: والمرصد, بالمرصد, and للمرصد (ل + ال)."""
        match = self._at(text, position + 1, word[1:], limit)
        if match is not None:
            return match
        if word.startswith("لل"):
            for alias, offset, outlet, trusted in self._by_first.get("ال" + word[2:], ()):
                if offset or not alias.startswith("ال"):
                    continue
                stop = position + len(alias)
                if (
                    stop <= limit
                    and text[position + 2 : stop] == alias[2:]
                    and _bounded(text, position, stop)
                ):
                    return NameMatch(position, stop, outlet, trusted)
        return None


def _bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_")


def _inflected(text: str, start: int, end: int, alias: str, limit: int) -> int:
    """End of a Russian/Ukrainian case form of a one-word alias ("Интерфакса", "Пентагону"), else -1."""
    if " " in alias or len(alias) < 4 or not _CYRILLIC.search(alias[-1]):
        return -1
    stop = end
    while stop < limit and stop - end < 3 and text[stop].isalpha() and _CYRILLIC.match(text[stop]):
        stop += 1
    if stop == end or stop - end > 2 or not _bounded(text, start, stop):
        return -1
    return stop


URL = re.compile(r"(?<![\w@])(?:https?://|www\.)[^\s<>\"'“”«»]+", re.IGNORECASE)
BARE_DOMAIN = re.compile(
    r"(?<![\w@./-])((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([a-z]{2,24}))(?![\w@-]|\.[A-Za-z0-9])"
)
GENERIC_TLDS = frozenset(
    [
        "com",
        "net",
        "org",
        "info",
        "biz",
        "gov",
        "edu",
        "int",
        "mil",
        "news",
        "online",
        "site",
        "media",
        "press",
        "today",
        "world",
        "live",
        "global",
        "agency",
        "website",
        "blog",
        "tv",
    ]
)
FILE_SUFFIXES = frozenset(["js", "py", "md", "sh", "rs", "ts", "cs", "pl", "pm", "rb", "go"])
"""Two-letter endings that are file names far more often than country domains."""


def host_of(url: str) -> str:
    """The host name of a URL or bare domain, lowercased, without ``www.`` and port."""
    rest = re.sub(r"^[a-z]+://", "", url, flags=re.IGNORECASE)
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0].lower().rstrip(".")
    return host.removeprefix("www.")


def trim_url(url: str) -> str:
    """A URL without the sentence punctuation glued to its end (keeps a ")" it opened)."""
    while url and url[-1] in ".,;:!?'\"»”)]}":
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


def plausible_domain(host: str, tld: str) -> bool:
    """Whether a bare ``name.tld`` is likely a web address rather than an abbreviation or file name."""
    labels = host.split(".")
    if len(labels[0]) < 2 or len(host) < 4:
        return False
    if len(tld) == 2:
        return tld not in FILE_SUFFIXES
    return tld in GENERIC_TLDS
