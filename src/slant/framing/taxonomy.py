"""A user's narrative taxonomy: a TOML file read and checked before anything is analysed.

The format (docs/FRAMING.md, "Your own taxonomy")::

    name = "energy"                       # optional; the file's stem otherwise
    description = "What it is about"      # optional

    [[narrative]]
    name = "Nuclear power is dangerous"   # required, unique, one line
    description = "One or two sentences"  # description and/or examples: at least one
    examples = ["A sentence that carries it.", "Une phrase dans une autre langue."]

      [[narrative.subnarrative]]          # nested under its narrative ...
      name = "Waste cannot be stored"
      examples = ["..."]

    [[subnarrative]]                      # ... or flat, naming its parent
    parent = "Nuclear power is dangerous"
    name = "Reactors are old"
    description = "..."

A sub-narrative's full name is ``<narrative>: <name>``, as in the SemEval-2025 taxonomy. An
entry is *empty* when it has neither a non-blank description nor a non-blank example (its name
alone says too little to match on). Every problem raises :class:`~slant.errors.ConfigError`
with one line naming the file and the entry; nothing is embedded before the whole file passed.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from slant.errors import ConfigError

#: Limits on untrusted files: beyond them the file is refused before its entries are read.
MAX_BYTES = 4_000_000
MAX_NARRATIVES = 1_000
MAX_SUBNARRATIVES = 5_000
MAX_EXAMPLES = 20
MAX_NAME_CHARS = 200
MAX_DESCRIPTION_CHARS = 2_000
MAX_EXAMPLE_CHARS = 1_000
#: Characters of a name or value quoted in an error message.
SHOWN_CHARS = 60

SHIPPED = "semeval2025"
_TOP_KEYS = {"name", "description", "narrative", "subnarrative"}
_ENTRY_KEYS = {"name", "description", "examples"}


@dataclass(frozen=True)
class Entry:
    """One narrative or sub-narrative; ``name`` is the full name (``<parent>: <name>`` for a sub)."""

    name: str
    description: str
    examples: tuple[str, ...]
    parent: str | None = None

    def texts(self) -> list[str]:
        """What the encoder matches on: the short name with the description, and each example."""
        short = self.name.removeprefix(f"{self.parent}: ") if self.parent else self.name
        head = f"{short}. {self.description}".strip() if self.description else short
        return [head, *self.examples]


@dataclass(frozen=True)
class Taxonomy:
    """A checked taxonomy: its narratives, and sub-narratives with their parent's full name."""

    name: str
    path: str
    description: str
    narratives: tuple[Entry, ...]
    subnarratives: tuple[Entry, ...]
    digest: str

    def parents(self) -> list[int]:
        """For each sub-narrative, the index of its narrative."""
        index = {n.name: k for k, n in enumerate(self.narratives)}
        return [index[s.parent or ""] for s in self.subnarratives]


def shipped_path(name: str = SHIPPED) -> Path:
    """The bundled taxonomy file ``name`` (``semeval2025``: the SemEval-2025 Task 10 taxonomy)."""
    return Path(str(resources.files("slant.framing") / "taxonomies" / f"{name}.toml"))


def _show(value: object) -> str:
    """A value quoted for a one-line message: whitespace collapsed, cut to SHOWN_CHARS."""
    text = " ".join(str(value).split())
    if len(text) > SHOWN_CHARS:
        text = text[: SHOWN_CHARS - 1] + "…"
    return repr(text)


class _Fail:
    """Raises ConfigError prefixed with the file's name."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, where: str, problem: str) -> ConfigError:
        prefix = f"taxonomy {self.path}: " + (f"{where}: " if where else "")
        return ConfigError(prefix + problem)


def load(path: str | Path) -> Taxonomy:
    """Read and check a taxonomy file.

    Args:
        path: the TOML file (resolved; must be a regular, readable UTF-8 file).

    Returns:
        The taxonomy, with every entry checked.

    Raises:
        ConfigError: one line naming the file and the entry at fault (unreadable or not a regular
            file, not UTF-8, bad TOML, unknown keys, a missing or duplicate name, an empty entry,
            a sub-narrative without an existing parent, a field or count over its limit).
    """
    resolved = Path(os.path.expanduser(str(path))).resolve()
    fail = _Fail(resolved)
    raw = _read(resolved, fail)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 1].hex()
        raise fail("", f"not UTF-8 (byte 0x{bad} at offset {exc.start}); save it as UTF-8") from None
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise fail("", f"not valid TOML: {' '.join(str(exc).split())}") from None
    return _parse(data, resolved, fail, hashlib.sha256(raw).hexdigest()[:16])


def _read(path: Path, fail: _Fail) -> bytes:
    try:
        if not path.exists():
            raise fail("", "no such file")
        if not path.is_file():
            raise fail("", "not a regular file; give the path of a .toml taxonomy")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail("", f"{size:,} bytes, over the {MAX_BYTES:,}-byte limit for a taxonomy")
        return path.read_bytes()
    except OSError as exc:
        raise fail("", f"cannot read it: {exc.strerror or exc}") from None


def _parse(data: dict[str, Any], path: Path, fail: _Fail, digest: str) -> Taxonomy:
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise fail(
            "",
            f"unknown key {_show(unknown[0])}; expected name, description, [[narrative]], [[subnarrative]]",
        )
    name = _text(data.get("name", path.stem), "name", MAX_NAME_CHARS, fail, "") or path.stem
    about = _text(data.get("description", ""), "description", MAX_DESCRIPTION_CHARS, fail, "")
    narratives = _tables(data.get("narrative"), "narrative", fail, "")
    flat = _tables(data.get("subnarrative"), "subnarrative", fail, "")
    if not narratives:
        raise fail("", "no [[narrative]] entries; add at least one with a name and a description or examples")
    # Counts first, so a huge file fails before any entry is looked at (and nothing is embedded).
    if len(narratives) > MAX_NARRATIVES:
        raise fail(
            "", f"{len(narratives):,} narratives, over the limit of {MAX_NARRATIVES:,}; split the taxonomy"
        )
    nested = sum(len(n.get("subnarrative", ()) or ()) for n in narratives if isinstance(n, dict))
    total = nested + len(flat)
    if total > MAX_SUBNARRATIVES:
        raise fail(
            "", f"{total:,} sub-narratives, over the limit of {MAX_SUBNARRATIVES:,}; split the taxonomy"
        )
    entries: list[Entry] = []
    subs: list[Entry] = []
    seen: dict[str, str] = {}

    def unique(full: str, where: str) -> None:
        key = full.casefold()
        if key in seen:
            raise fail(where, f"duplicate name {_show(full)} (already used by {seen[key]})")
        seen[key] = where

    for k, table in enumerate(narratives, 1):
        where = f"narrative {k}"
        entry, where = _entry(table, where, fail, {"subnarrative"}, parent=None)
        unique(entry.name, where)
        entries.append(entry)
        for j, sub in enumerate(_tables(table.get("subnarrative"), f"{where} subnarrative", fail, where), 1):
            child, child_where = _entry(sub, f"{where}, sub-narrative {j}", fail, set(), parent=entry.name)
            unique(child.name, child_where)
            subs.append(child)
    names = {e.name for e in entries}
    for j, table in enumerate(flat, 1):
        where = f"[[subnarrative]] {j}"
        if not isinstance(table, dict):
            raise fail(where, "must be a table")
        parent = table.get("parent")
        label = f"{where} ({_show(table.get('name', '?'))})"
        if parent is None:
            raise fail(
                label,
                'has no parent; add parent = "<narrative name>" or nest it as [[narrative.subnarrative]]',
            )
        if not isinstance(parent, str) or parent.strip() not in names:
            raise fail(label, f"parent {_show(parent)} is not a narrative of this file")
        rest = {key: value for key, value in table.items() if key != "parent"}
        child, child_where = _entry(rest, where, fail, set(), parent=parent.strip())
        unique(child.name, child_where)
        subs.append(child)
    # Sub-narratives grouped under their narrative, in file order.
    order = {e.name: k for k, e in enumerate(entries)}
    subs.sort(key=lambda s: order[s.parent or ""])
    return Taxonomy(name, str(path), about, tuple(entries), tuple(subs), digest)


def _tables(value: Any, what: str, fail: _Fail, where: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise fail(where, f"{what} must be an array of tables ([[{what}]])")
    return value


def _text(value: Any, key: str, limit: int, fail: _Fail, where: str) -> str:
    if not isinstance(value, str):
        raise fail(where, f"{key} must be a string")
    text = value.strip()
    if len(text) > limit:
        raise fail(where, f"{key} has {len(text):,} characters, over the limit of {limit:,}")
    return text


def _entry(
    table: dict[str, Any], where: str, fail: _Fail, extra: set[str], parent: str | None
) -> tuple[Entry, str]:
    if "name" not in table:
        raise fail(where, "has no name")
    short = _text(table["name"], "name", MAX_NAME_CHARS, fail, where)
    if not short:
        raise fail(where, "has an empty name")
    if "\n" in short or "\r" in short:
        raise fail(where, "name must be one line")
    where = f"{where} ({_show(short)})"
    unknown = sorted(set(table) - _ENTRY_KEYS - extra)
    if unknown:
        raise fail(where, f"unknown key {_show(unknown[0])}; expected name, description, examples")
    description = _text(table.get("description", ""), "description", MAX_DESCRIPTION_CHARS, fail, where)
    examples = table.get("examples", [])
    if not isinstance(examples, list):
        raise fail(where, "examples must be a list of strings")
    if len(examples) > MAX_EXAMPLES:
        raise fail(where, f"{len(examples)} examples, over the limit of {MAX_EXAMPLES}")
    texts = [_text(e, "each example", MAX_EXAMPLE_CHARS, fail, where) for e in examples]
    texts = [t for t in texts if t]
    if not description and not texts:
        raise fail(where, "is empty: give it a description or at least one example sentence")
    full = f"{parent}: {short}" if parent else short
    return Entry(full, description, tuple(texts), parent), where
