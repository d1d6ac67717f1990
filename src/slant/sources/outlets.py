"""The outlet table: outlets, agencies, monitors, NGOs, governments and militaries a text can cite.

The bundled table is ``data/outlets.toml`` (hand-written); a user file in the same
schema, TOML or JSON, adds entries or replaces bundled ones with the same ``id``.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from slant.errors import ConfigError

KINDS = ("outlet", "agency", "ngo", "monitor", "government", "international", "military")

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DOMAIN = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_FIELDS = {"id", "name", "kind", "country", "domains", "aliases", "cue_aliases"}


@dataclass(frozen=True, slots=True)
class Outlet:
    """One citable organisation."""

    id: str
    name: str
    kind: str
    country: str | None = None
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    cue_aliases: tuple[str, ...] = ()
    """Names too ambiguous to trust without a cue ("AP", "DN", "Bild")."""


def exact_case(alias: str) -> bool:
    """Whether a name is matched only as written: all-capital abbreviations ("DR", "AP", "SZ")."""
    return alias.isupper() and len(alias) <= 6


def trusted_names(outlet: Outlet) -> tuple[str, ...]:
    """The names of an outlet that may stand without a cue: its name and aliases, less its cue-only ones."""
    return tuple(a for a in dict.fromkeys((outlet.name, *outlet.aliases)) if a not in outlet.cue_aliases)


class OutletTable:
    """Outlets by id, with look-ups by name and by domain."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.by_id: dict[str, Outlet] = {o.id: o for o in outlets}
        self._domains: dict[str, str] = {}
        self._names: dict[str, str] = {}
        self._cue_names: dict[str, str] = {}
        for outlet in self.by_id.values():
            for domain in outlet.domains:
                self._domains[domain] = outlet.id
            for alias in trusted_names(outlet):
                self._names.setdefault(alias, outlet.id)
            for alias in (outlet.name, *outlet.aliases, *outlet.cue_aliases):
                # "DR" is Danish radio, "Dr" a doctor: all-capital names match only as written.
                key = alias if exact_case(alias) else _fold(alias)
                self._cue_names.setdefault(key, outlet.id)

    def __len__(self) -> int:
        return len(self.by_id)

    def __getitem__(self, outlet_id: str) -> Outlet:
        return self.by_id[outlet_id]

    def names(self) -> dict[str, str]:
        """Alias (exact spelling) → outlet id, for names trusted without a cue."""
        return dict(self._names)

    def lookup_name(self, name: str) -> Outlet | None:
        """The outlet a cued name refers to, ignoring case and a leading article."""
        key = _fold(name)
        stripped = name.strip()
        found = (
            self._cue_names.get(stripped)
            or self._cue_names.get(key)
            or self._cue_names.get(_ARTICLE.sub("", key))
            # "Tass" for TASS, "Sana" for SANA: an acronym of four or more letters written as a word.
            or (self._cue_names.get(stripped.upper()) if len(stripped) >= 4 and stripped.istitle() else None)
        )
        return self.by_id[found] if found else None

    def lookup_domain(self, host: str) -> Outlet | None:
        """The outlet of a host name: exact registered domain, else its nearest parent domain."""
        host = host.lower().rstrip(".")
        host = host.removeprefix("www.")
        parts = host.split(".")
        for i in range(len(parts) - 1):
            found = self._domains.get(".".join(parts[i:]))
            if found:
                return self.by_id[found]
        return None


_ARTICLE = re.compile(r"^(?:the|die|der|das|le|la|les|l'|el|il|lo) ", re.IGNORECASE)


def _fold(name: str) -> str:
    return " ".join(name.replace("’", "'").split()).casefold()


def _strings(value: Any, origin: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{origin}: {field!r} must be a list of non-empty strings")
    return tuple(dict.fromkeys(v.strip() for v in value))


def parse_entry(raw: Any, origin: str) -> Outlet:
    """One validated entry; ConfigError names ``origin`` (file and entry) and the fault."""
    if not isinstance(raw, Mapping):
        raise ConfigError(f"{origin}: an entry must be a table of fields")
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ConfigError(f"{origin}: unknown fields {sorted(unknown)}; known: {sorted(_FIELDS)}")
    outlet_id = raw.get("id")
    if not isinstance(outlet_id, str) or not _ID.match(outlet_id):
        raise ConfigError(f"{origin}: 'id' must be a lowercase slug like 'fox-news', not {outlet_id!r}")
    origin = f"{origin} (id {outlet_id!r})"
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{origin}: 'name' must be a non-empty string")
    kind = raw.get("kind")
    if kind not in KINDS:
        raise ConfigError(f"{origin}: 'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
    country = raw.get("country")
    if country is not None and (not isinstance(country, str) or not _COUNTRY.match(country)):
        raise ConfigError(
            f"{origin}: 'country' must be an ISO 3166-1 alpha-2 code like 'SE', not {country!r}"
        )
    domains = _strings(raw.get("domains"), origin, "domains")
    for domain in domains:
        if not _DOMAIN.match(domain) or domain.startswith("www."):
            raise ConfigError(f"{origin}: {domain!r} is not a lowercase domain name without 'www.'")
    return Outlet(
        id=outlet_id,
        name=name.strip(),
        kind=kind,
        country=country,
        domains=domains,
        aliases=_strings(raw.get("aliases"), origin, "aliases"),
        cue_aliases=_strings(raw.get("cue_aliases"), origin, "cue_aliases"),
    )


def parse_table(data: Any, origin: str) -> list[Outlet]:
    """Entries of a parsed file: ``{"outlet": [...]}`` (TOML ``[[outlet]]``) or a bare JSON list."""
    entries = data.get("outlet") if isinstance(data, Mapping) else data
    if isinstance(data, Mapping) and set(data) - {"outlet"}:
        raise ConfigError(
            f"{origin}: unknown top-level keys {sorted(set(data) - {'outlet'})}; expected 'outlet'"
        )
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: expected a list of [[outlet]] entries")
    outlets = [parse_entry(raw, f"{origin}, entry {i + 1}") for i, raw in enumerate(entries)]
    seen: set[str] = set()
    for outlet in outlets:
        if outlet.id in seen:
            raise ConfigError(f"{origin}: id {outlet.id!r} appears twice")
        seen.add(outlet.id)
    return outlets


def read_file(path: str | Path) -> list[Outlet]:
    """Entries of a user's TOML or JSON outlet file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read outlet file {path}: {exc.strerror}") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot parse outlet file {path}: {exc}") from None
    return parse_table(data, str(path))


@functools.cache
def bundled() -> tuple[Outlet, ...]:
    """The table shipped with slant."""
    text = resources.files("slant.sources").joinpath("data/outlets.toml").read_text("utf-8")
    return tuple(parse_table(tomllib.loads(text), "slant/sources/data/outlets.toml"))


@functools.cache
@functools.cache
def default() -> OutletTable:
    """The bundled table, built once per process."""
    return OutletTable(bundled())


def load(user_file: str | None = None) -> OutletTable:
    """The bundled table, extended (and overridden by id) by ``user_file`` when given."""
    outlets = {o.id: o for o in bundled()}
    if user_file:
        for outlet in read_file(user_file):
            outlets[outlet.id] = outlet
    return OutletTable(outlets.values())
