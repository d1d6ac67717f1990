"""The alias table: names of actors in many spellings and scripts, mapped to one canonical id.

The bundled table is ``data/countries.toml`` (generated from CLDR) with ``data/aliases.toml``
(curated by hand) merged over it; a user file (TOML or JSON, same schema) is merged last. Matching
runs on token boundaries, longest alias first, with diacritics folded; the case rules and the
Cyrillic inflection rule are in :meth:`AliasTable.find`. The schema is described in aliases.toml.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.entities.tokens import tokenize
from slant.errors import ConfigError

DATA = Path(__file__).parent / "data"
BUNDLED = (DATA / "countries.toml", DATA / "aliases.toml")
LABELS = ("PER", "ORG", "GPE", "LOC", "NORP", "MISC")
SLUG = re.compile(r"^[a-z0-9][a-z0-9._:-]*$")
ENTRY_KEYS = {"id", "label", "name", "aliases", "norp", "scoped", "political", "metonym_of"}

# Case endings stripped to compare Cyrillic words ("России" ~ "Россия", "Лаврова" ~ "Лавров"); longest first.
_ENDINGS = (
    "а я у ю е и ы о й ь ом ем ой ей ою ею ам ям ами ями ах ях ов ев ий ый ого его ому ему "
    "им ым ия ии ию ией иею ія ії ію ією ів ова ову овым ове ої і ї ое ая ые ую ых ыми ими ие их"
)
CYRILLIC_ENDINGS = tuple(sorted(_ENDINGS.split(), key=len, reverse=True))
# Arabic one-letter proclitics (and, with, for, so, like) written onto the next word: "وداعش".
ARABIC_PROCLITICS = "وبلفك"
# A locative preposition right before a capital means the place, not the government ("in Moscow").
LOCATIVES = {
    "en": {"in", "at", "to", "from", "into", "near", "outside", "around", "via"},
    "sv": {"i", "till", "från", "utanför", "nära", "vid"},
    "de": {"in", "nach", "aus", "bei", "um"},
    "fr": {"à", "vers", "près"},
    "es": {"en", "hacia", "desde"},
    "it": {"a", "in", "verso", "da"},
    "ru": {"в", "во", "из", "под", "около", "до", "на"},
    "uk": {"в", "у", "з", "із", "до", "біля"},
    "ar": {"في", "إلى", "الى", "من"},
}


def fold_char(char: str) -> str:
    """One character: lower-cased, diacritics dropped, typographic apostrophes plain (never two)."""
    if char in "’ʼ‘`´":
        return "'"
    if "\u0400" <= char <= "\u04ff" and char not in "ёЁ":
        return char.lower()  # й, ї are letters of their own, not и, і with a mark
    base = unicodedata.normalize("NFD", char)[0]
    low = base.lower()
    return low if len(low) == 1 else base


def fold(text: str) -> str:
    """:func:`fold_char` over a string: same length, so offsets carry over."""
    return "".join(fold_char(c) for c in text)


def strip_accents(text: str) -> str:
    """Diacritics removed, case kept, same length."""
    return "".join(fold_char(c) if not c.isupper() else fold_char(c).upper() for c in text)


def is_cyrillic(word: str) -> bool:
    return bool(word) and "\u0400" <= word[0] <= "\u04ff"


def is_arabic(word: str) -> bool:
    return bool(word) and "\u0600" <= word[0] <= "\u06ff"


def stem(word: str) -> str:
    """A folded Cyrillic word without its case ending (at least 3 letters kept)."""
    for ending in CYRILLIC_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


@dataclass(frozen=True, slots=True)
class Entry:
    """One actor: canonical id, label, display name, and whether its names stand for another (a capital)."""

    id: str
    label: str
    name: str
    political: bool = False
    metonym_of: str | None = None


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of an entry, tokenised and folded for matching."""

    text: str
    words: tuple[str, ...]
    entry: Entry
    label: str
    lang: str | None
    exact_case: bool
    capital: bool

    @property
    def inflects(self) -> bool:
        """Cyrillic names match in other grammatical cases (not acronyms)."""
        return is_cyrillic(self.words[0]) and not self.exact_case


@dataclass(frozen=True, slots=True)
class Match:
    """An alias found in a text: code-point offsets and the alias."""

    start: int
    end: int
    alias: Alias


@dataclass
class AliasTable:
    """Entries by id, and aliases indexed by their first folded word (and its stem, for Cyrillic)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    index: dict[str, list[Alias]] = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    def find(self, text: str, start: int = 0, end: int | None = None, lang: str | None = None) -> list[Match]:
        """Non-overlapping alias matches in ``text[start:end]``, longest first, left to right.

        Case: an alias written in capitals or with dots ("US", "U.S.") must match exactly; one that
        starts with a capital needs a capital in the text; a lower-case one matches any case.
        Scoped aliases match only when ``lang`` is their language.
        """
        spans = tokenize(text, start, end)
        words = [fold(text[a:b]) for a, b in spans]
        found: list[Match] = []
        i = 0
        while i < len(spans):
            match = self._match_at(text, spans, words, i, lang)
            if match is None:
                i += 1
                continue
            found.append(match)
            while i < len(spans) and spans[i][0] < match.end:
                i += 1
        return found

    def _candidates(self, word: str) -> list[tuple[int, Alias]]:
        """Aliases whose first word could be ``word``, with how many characters of proclitic to skip."""
        out = [(0, a) for a in self.index.get(word, ())]
        if len(word) > 4 and word.endswith("s"):
            out += [(0, a) for a in self.index.get(word[:-1], ())]
        if is_cyrillic(word):
            out += [(0, a) for a in self.index.get("~" + stem(word), ()) if a.inflects]
        if is_arabic(word) and len(word) > 3 and word[0] in ARABIC_PROCLITICS:
            out += [(1, a) for a in self.index.get(word[1:], ())]
        return out

    def _match_at(
        self, text: str, spans: list[tuple[int, int]], words: list[str], i: int, lang: str | None
    ) -> Match | None:
        best: Match | None = None
        best_key: tuple[int, ...] = (-1,)
        for skip, alias in self._candidates(words[i]):
            if alias.lang is not None and alias.lang != lang:
                continue
            n = len(alias.words)
            if i + n > len(spans):
                continue
            if not all(
                _word_match(alias, k, words[i + k][skip if k == 0 else 0 :], k == n - 1) for k in range(n)
            ):
                continue
            begin, stop = spans[i][0] + skip, spans[i + n - 1][1]
            surface = text[begin:stop]
            if not _case_ok(alias, surface, text, spans, i, n):
                continue
            exact = int(strip_accents(surface) == strip_accents(alias.text))
            same_case = int(surface[:1].isupper() == alias.text[:1].isupper())
            key = (n, exact, same_case, -len(surface))
            if key > best_key:
                best, best_key = Match(begin, stop, alias), key
        return best


def _word_match(alias: Alias, k: int, word: str, last: bool) -> bool:
    target = alias.words[k]
    if word == target:
        return True
    if last and not alias.exact_case and len(target) >= 4 and word == target + "s" and not is_cyrillic(word):
        return True  # genitive: "Rysslands", "Syriens", "Putins"
    return alias.inflects and len(target) >= 4 and stem(word) == stem(target)


def _case_ok(alias: Alias, surface: str, text: str, spans: list[tuple[int, int]], i: int, n: int) -> bool:
    if alias.exact_case:
        plain = strip_accents(surface)
        want = strip_accents(alias.text)
        if not (plain == want or plain.rstrip("s") == want):
            return False
        # An acronym inside an all-capitals headline ("THIS IS WAR") is an ordinary word.
        before = text[spans[i - 1][0] : spans[i - 1][1]] if i > 0 else ""
        after = text[spans[i + n][0] : spans[i + n][1]] if i + n < len(spans) else ""
        return not (len(before) > 1 and before.isupper() and len(after) > 1 and after.isupper())
    if alias.capital:
        return not surface[:1].islower()
    return True


def political_reading(text: str, match: Match, lang: str | None) -> bool:
    """Whether a capital or seat of power stands for its state here (no locative preposition before it)."""
    if not match.alias.entry.political or not match.alias.entry.metonym_of:
        return False
    before = text[max(0, match.start - 40) : match.start].split()
    previous = before[-1].lower() if before else ""
    if previous in ("the", "the,") and len(before) > 1:
        previous = before[-2].lower()
    locatives = LOCATIVES.get(lang or "", set()) | LOCATIVES["en"]
    return previous not in locatives


def _strings(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: must be a list of non-empty strings")
    return [v.strip() for v in value]


def parse(data: Any, source: str) -> list[dict[str, Any]]:
    """Validated entries of one table (the parsed TOML/JSON); errors name the file and the entry."""
    if not isinstance(data, dict) or not isinstance(data.get("entity"), list):
        raise ConfigError(f"{source}: an alias file needs a list of entries under the key 'entity'")
    out: list[dict[str, Any]] = []
    for n, raw in enumerate(data["entity"], 1):
        where = f"{source}: entity #{n}"
        if not isinstance(raw, dict):
            raise ConfigError(f"{where}: must be a table/object")
        ident = raw.get("id")
        if not isinstance(ident, str) or not SLUG.match(ident):
            raise ConfigError(
                f"{where}: 'id' must be a lower-case ASCII slug such as 'us' or 'isis', not {ident!r}"
            )
        where = f"{source}: entity #{n} ({ident})"
        unknown = set(raw) - ENTRY_KEYS
        if unknown:
            raise ConfigError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        label = raw.get("label")
        if label is not None and label not in LABELS:
            raise ConfigError(f"{where}: 'label' must be one of {', '.join(LABELS)}, not {label!r}")
        name = raw.get("name")
        if name is not None and (not isinstance(name, str) or not name.strip()):
            raise ConfigError(f"{where}: 'name' must be a non-empty string")
        scoped = raw.get("scoped") or {}
        if not isinstance(scoped, dict):
            raise ConfigError(f"{where}: 'scoped' must map a language code to a list of names")
        for key in ("political",):
            if key in raw and not isinstance(raw[key], bool):
                raise ConfigError(f"{where}: '{key}' must be true or false")
        metonym = raw.get("metonym_of")
        if metonym is not None and (not isinstance(metonym, str) or not SLUG.match(metonym)):
            raise ConfigError(f"{where}: 'metonym_of' must be the id of another entry")
        out.append(
            {
                "id": ident,
                "label": label,
                "name": name,
                "aliases": _strings(raw.get("aliases"), f"{where}: 'aliases'"),
                "norp": _strings(raw.get("norp"), f"{where}: 'norp'"),
                "scoped": {str(k): _strings(v, f"{where}: 'scoped.{k}'") for k, v in scoped.items()},
                "political": raw.get("political"),
                "metonym_of": metonym,
            }
        )
    return out


def read_file(path: Path) -> list[dict[str, Any]]:
    """Entries of a TOML (``.toml``) or JSON file, validated."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ConfigError(f"cannot read alias file {path}: {error.strerror or error}") from error
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(raw.decode("utf-8"))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(  # noqa: B904 - the parser's message is in ours
            f"alias file {path} is not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {error}"
        )
    return parse(data, str(path))


def build(tables: Iterable[tuple[str, list[dict[str, Any]]]]) -> AliasTable:
    """Merge tables in order (later ones extend and override earlier ones) and index the aliases."""
    merged: dict[str, dict[str, Any]] = {}
    sources: list[str] = []
    for source, entries in tables:
        sources.append(source)
        for item in entries:
            have = merged.setdefault(item["id"], {"aliases": [], "norp": [], "scoped": {}, "source": source})
            for key in ("label", "name", "political", "metonym_of"):
                if item[key] is not None:
                    have[key] = item[key]
            have["aliases"] += item["aliases"]
            have["norp"] += item["norp"]
            for lang, names in item["scoped"].items():
                have["scoped"].setdefault(lang, []).extend(names)
            have["order"] = len(sources)
    table = AliasTable(sources=tuple(sources))
    for ident, item in merged.items():
        if not item.get("label"):
            raise ConfigError(f"{item['source']}: entity {ident}: 'label' is required for a new entry")
        target = item.get("metonym_of")
        if target is not None and target not in merged:
            raise ConfigError(f"{item['source']}: entity {ident}: metonym_of {target!r} is not an entry id")
        table.entries[ident] = Entry(
            ident, item["label"], item.get("name") or ident, bool(item.get("political")), target
        )
    # Later tables win for the same alias text and kind: index in merge order, replacing earlier ones.
    seen: dict[tuple[str, str, str | None], Alias] = {}
    ordered = sorted(merged.items(), key=lambda kv: kv[1]["order"])
    for ident, item in ordered:
        entry = table.entries[ident]
        names = [(a, entry.label, None) for a in item["aliases"]]
        names += [(a, "NORP", None) for a in item["norp"]]
        names += [(a, entry.label, lang) for lang, group in item["scoped"].items() for a in group]
        for text, label, lang in names:
            alias = _make_alias(text, entry, label, lang)
            if alias is not None:
                seen[(" ".join(alias.words), alias.text if alias.exact_case else "", lang)] = alias
    for alias in seen.values():
        table.index.setdefault(alias.words[0], []).append(alias)
        if alias.inflects and len(alias.words[0]) >= 4:
            table.index.setdefault("~" + stem(alias.words[0]), []).append(alias)
    return table


def _make_alias(text: str, entry: Entry, label: str, lang: str | None) -> Alias | None:
    words = tuple(fold(text[a:b]) for a, b in tokenize(text))
    if not words:
        return None
    letters = [c for c in text if c.isalpha()]
    exact = (len(letters) > 1 and all(c.isupper() for c in letters)) or ("." in text and len(letters) <= 6)
    return Alias(text, words, entry, label, lang, exact, text[:1].isupper())


@functools.cache
def load(user_file: str | None = None) -> AliasTable:
    """The bundled table, extended by ``user_file`` (TOML or JSON) when given; cached per process."""
    tables = [(p.name, read_file(p)) for p in BUNDLED]
    if user_file:
        path = Path(user_file).expanduser()
        if not path.is_file():
            raise ConfigError(f"entities: alias file {path} does not exist")
        tables.append((str(path), read_file(path)))
    return build(tables)
