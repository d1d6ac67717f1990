"""Within-document name coreference: one canonical id per person or organisation across its mentions.

Alias-table names already carry an id. The rest get one here: a person's shorter mentions
("Lavrov", "Mr. Lavrov") join the longest mention whose words contain them ("Sergei Lavrov"), and
an organisation introduced as "Full Name (ACR)" lends its id to later "ACR" mentions. A cluster
without an alias id is named from its longest mention: ``per:sergei-lavrov``, ``org:...``.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from slant.entities.aliases import fold
from slant.entities.tokens import tokenize
from slant.sources import outlets as outlet_table

# Titles and honorifics dropped before comparing person names.
TITLES = {
    "mr", "mrs", "ms", "dr", "prof", "president", "minister", "general", "gen", "sheikh", "king", "prince",
    "herr", "frau", "monsieur", "m", "mme", "señor", "sr", "sra", "signor", "pan", "pani", "господин", "г-н",
    "президент", "министр", "генерал", "الرئيس", "السيد", "الشيخ",
}  # fmt: skip
_LATIN = "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya i yi ye g"
CYRILLIC = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ", _LATIN.split(), strict=True))
ACRONYM_AFTER = re.compile(r"\s*\((\w[\w.&-]{1,9})\)")


@dataclass
class Entity:
    """One entity mention while the analyzer assembles the layer (becomes a Span)."""

    start: int
    end: int
    label: str
    score: float | None
    model: str | None
    matched: str
    canonical: str | None = None
    name: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def slug(text: str) -> str:
    """A lower-case ASCII slug of a name: Latin diacritics dropped, Cyrillic transliterated, else a hash."""
    out: list[str] = []
    for char in text.lower():
        if char in CYRILLIC:
            out.append(CYRILLIC[char].strip("-"))
            continue
        base = unicodedata.normalize("NFKD", char)[0]
        out.append(base if base.isascii() and base.isalnum() else "-")
    result = re.sub(r"-+", "-", "".join(out)).strip("-")
    if len(re.sub(r"[^a-z]", "", result)) < max(2, len(text.strip()) // 3):
        # Scripts without a transliteration here (Arabic, CJK ...): a stable hash of the folded name.
        result = "x" + hashlib.sha1(fold(text.strip()).encode("utf-8")).hexdigest()[:10]
    return result[:60].strip("-")


def person_words(text: str) -> tuple[str, ...]:
    """The folded words of a person's name without titles and punctuation."""
    words = [fold(text[a:b]).strip(".") for a, b in tokenize(text)]
    return tuple(w for w in words if w and w not in TITLES and any(c.isalpha() for c in w))


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    """Whether ``shorter`` is an in-order subsequence of ``longer`` ending with the same surname."""
    if not shorter or len(shorter) > len(longer) or shorter[-1] != longer[-1]:
        return False
    it = iter(longer)
    return all(word in it for word in shorter)


def resolve(text: str, found: list[Entity]) -> list[Entity]:
    """Give every entity a canonical id and display name; add later mentions of defined acronyms."""
    _people(text, found)
    found = found + _acronyms(text, found)
    outlets = outlet_table.default()
    for entity in found:
        if entity.canonical is None:
            surface = text[entity.start : entity.end]
            # One id space with the source layer: "Fox News" is ``fox-news`` in both (docs/ENTITIES.md).
            outlet = outlets.lookup_name(surface) if entity.label == "ORG" else None
            if outlet is not None:
                entity.canonical, entity.name = outlet.id, entity.name or outlet.name
                continue
            entity.canonical = f"{entity.label.lower()}:{slug(surface)}"
            entity.name = entity.name or surface
    return sorted(found, key=lambda e: (e.start, e.end))


def _people(text: str, found: list[Entity]) -> None:
    people = [e for e in found if e.label == "PER"]
    # Longest names first, so a short mention joins the fullest form of the name.
    ranked = sorted(people, key=lambda e: (-len(person_words(text[e.start : e.end])), e.start))
    clusters: list[tuple[tuple[str, ...], list[Entity]]] = []
    for entity in ranked:
        words = person_words(text[entity.start : entity.end])
        if not words:
            continue
        cluster = next((members for w, members in clusters if _contains(w, words)), None)
        if cluster is None:
            clusters.append((words, [entity]))
        else:
            cluster.append(entity)
    for _, members in clusters:
        # An alias-table id anywhere in the cluster names it; otherwise the longest mention does.
        known = next((e for e in members if e.canonical is not None), None)
        if known is not None:
            canonical, name = known.canonical, known.name
        else:
            longest = " ".join(text[members[0].start : members[0].end].split())
            canonical, name = f"per:{slug(longest)}", longest
        for entity in members:
            if entity.canonical is None or entity.matched == "model":
                entity.canonical, entity.name = canonical, name


def _acronyms(text: str, found: list[Entity]) -> list[Entity]:
    """ORG "Full Name (ACR)": later "ACR" mentions get its id; spans are added where the model missed them."""
    defined: dict[str, Entity] = {}
    for entity in sorted(found, key=lambda e: e.start):
        if entity.label != "ORG":
            continue
        m = ACRONYM_AFTER.match(text, entity.end)
        if m and m.group(1).replace(".", "").isupper():
            defined.setdefault(m.group(1), entity)
    if not defined:
        return []
    covered = [(e.start, e.end) for e in found]
    added: list[Entity] = []
    for acronym, source in defined.items():
        if source.canonical is None:
            source.canonical = f"org:{slug(text[source.start : source.end])}"
            source.name = " ".join(text[source.start : source.end].split())
        for e in found:
            if text[e.start : e.end] == acronym and e.start > source.start and e.matched == "model":
                e.canonical, e.name, e.label = source.canonical, source.name, "ORG"
        for m in re.finditer(rf"(?<!\w){re.escape(acronym)}(?!\w)", text[source.end :]):
            start, end = source.end + m.start(), source.end + m.end()
            if any(a < end and start < b for a, b in covered):
                continue
            covered.append((start, end))
            added.append(Entity(start, end, "ORG", None, None, "coref", source.canonical, source.name))
    return added
