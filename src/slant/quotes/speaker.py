"""Who a quote's source is: the entity it names, or for a pronoun the last fitting entity before it.

Mentions come from the ``entity`` layer when the document has one (its
``canonical`` ids are used as they are); otherwise from spaCy's English NER or,
in other languages, from capitalised name-like runs, with ids made here as
``per:first-last`` slugs of the longest name in the document sharing the last word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from slant.document import Document
from slant.quotes.candidates import Candidate, Range

PERSON_PRONOUNS = {
    "he", "she", "him", "her", "i",
    "il", "elle", "han", "hon", "er", "sie", "он", "она", "él", "ella", "lui", "lei", "هو", "هي",
}  # fmt: skip
GROUP_PRONOUNS = {
    "they",
    "them",
    "we",
    "ils",
    "elles",
    "nous",
    "de",
    "vi",
    "wir",
    "они",
    "мы",
    "ellos",
    "loro",
}
THING_PRONOUNS = {"it", "es", "det", "den", "оно"}
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS
FITS = {
    "person": ("PER",),
    "group": ("ORG", "NORP", "GPE", "PER"),
    "thing": ("ORG", "GPE"),
}
SPACY_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "GPE", "NORP": "NORP", "LOC": "LOC"}
PREFIX = {"PER": "per", "ORG": "org", "GPE": "gpe", "NORP": "norp", "LOC": "loc", "MISC": "misc"}

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
        ],
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention: offsets, type (PER, ORG, ...), canonical id and display name."""

    start: int
    end: int
    label: str
    canonical: str
    name: str


def slug(text: str) -> str:
    """Lowercase ASCII slug ("Sergei Lavrov" -> "sergei-lavrov"; Cyrillic transliterated)."""
    lowered = "".join(_CYRILLIC.get(c, c) for c in text.lower().replace("-", " "))
    ascii_text = unicodedata.normalize("NFKD", lowered).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:60]


def pronoun_class(word: str) -> str | None:
    """``person``, ``group`` or ``thing`` for a subject pronoun, else None."""
    word = word.lower()
    if word in PERSON_PRONOUNS:
        return "person"
    if word in GROUP_PRONOUNS:
        return "group"
    if word in THING_PRONOUNS:
        return "thing"
    return None


def layer_mentions(doc: Document) -> list[Mention]:
    """Mentions from the ``entity`` layer (empty when the document has none)."""
    out = []
    for span in doc.layer("entity"):
        canonical = span.attrs.get("canonical")
        if canonical:
            name = str(span.attrs.get("name") or doc.span_text(span))
            out.append(Mention(span.start, span.end, span.label or "MISC", str(canonical), name))
    return out


def named_mentions(found: Iterable[tuple[int, int, str]], text: str) -> list[Mention]:
    """Mentions with ids made in-document: a person's id comes from the longest name sharing its last word."""
    raw = sorted({(s, e, label) for s, e, label in found if 0 <= s < e <= len(text)})
    longest: dict[tuple[str, str], str] = {}
    for s, e, label in raw:
        name = _clean_name(text[s:e])
        if not name:
            continue
        key = (label, name.split()[-1].lower())
        if len(name) > len(longest.get(key, "")):
            longest[key] = name
    out = []
    for s, e, label in raw:
        name = _clean_name(text[s:e])
        if not name:
            continue
        full = longest.get((label, name.split()[-1].lower()), name) if label == "PER" else name
        ident = slug(full)
        if ident:
            out.append(Mention(s, e, label, f"{PREFIX.get(label, 'misc')}:{ident}", full))
    return out


def _clean_name(name: str) -> str:
    name = re.sub(r"[’']s$", "", name.strip())
    return name.strip(' ,.;:"“”«»')


TITLES = {
    "mp", "minister", "president", "dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.",
    "opposition", "interior", "foreign", "defence", "defense", "union", "chair", "chairman", "spokesman",
    "spokeswoman", "spokesperson", "secretary", "general", "senator", "sen.", "rep.", "gov.", "governor",
    "commissioner", "police", "mayor", "prime", "deputy", "ambassador", "envoy", "colonel", "gen.", "lt.",
    "captain", "economist", "analyst", "professor", "chief", "head", "leader", "director", "the",
}  # fmt: skip
_OWNER = re.compile(
    r"\s+(?:of|from|at|for|with|på|från|vid|von|vom|der|des|de|du|d'|из|от)(?:\s+the)?\s*$", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^[^\W\d_][\w'’.-]*$")


def _name_before(text: str) -> str | None:
    """The person in "Opposition MP Ivo Tarrant of": the last two capitalised words, titles left out."""
    stripped = _OWNER.sub("", text.rstrip(" ,"))
    if stripped == text.rstrip(" ,"):
        return None
    words = stripped.split()
    run: list[str] = []
    for word in reversed(words):
        if not (_NAME_WORD.match(word) and word[:1].isupper()) or word.lower() in TITLES:
            break
        run.insert(0, word)
    return " ".join(run[-2:]) if len(run) >= 2 else None


def resolve(
    cand: Candidate, text: str, mentions: list[Mention], recent: list[Mention] | None = None
) -> str | None:
    """Set ``cand.speaker`` and ``cand.speaker_name`` from the mentions (in place); return the
    speaker's entity type when a named (not pronoun) source resolved to an entity or a person.

    ``recent`` holds the speakers of the quotes before this one: "he said" after a quote by
    a person refers to that person more often than to the last name in between, and it
    still works when the NER missed the name.
    """
    if cand.source is None:
        return None
    s, e = cand.source
    words = text[s:e].split()
    kind = pronoun_class(words[0]) if len(words) == 1 else None
    if kind is not None:
        fits = FITS[kind]
        before = [m for m in [*mentions, *(recent or [])] if m.end <= s and m.label in fits]
        if not before and kind == "person":
            # "he said" after a quote whose named speaker the NER typed wrongly ("Lavrov" as ORG).
            before = [m for m in recent or [] if m.end <= s and m.name[:1].isupper()][-1:]
        if before:
            # The last fitting entity, but not one inside the quote's own content.
            outside = [m for m in before if not any(ps <= m.start < pe for ps, pe in cand.parts)]
            chosen = max(outside or before, key=lambda m: (m.end, m.start))
            cand.speaker, cand.speaker_name = chosen.canonical, chosen.name
        return None
    inside = [m for m in mentions if m.start < e and s < m.end]
    if inside:
        order = {"PER": 0, "ORG": 1, "NORP": 2, "GPE": 3}
        chosen = min(inside, key=lambda m: (order.get(m.label, 9), m.start))
        person = _name_before(text[s : chosen.start]) if chosen.label != "PER" else None
        if person:
            cand.speaker, cand.speaker_name = f"per:{slug(person)}", person
            return "PER"
        cand.speaker, cand.speaker_name = chosen.canonical, chosen.name
        return chosen.label
    name = _clean_name(text[s:e])
    # "Dubois a affirmé" after "Claire Dubois": the same last word names the same person.
    last = name.split()[-1].lower() if name.split() else ""
    same = [m for m in mentions if m.label == "PER" and m.name.split()[-1].lower() == last]
    if last and same and name[:1].isupper():
        cand.speaker, cand.speaker_name = same[0].canonical, same[0].name
        return "PER"
    ident = slug(" ".join(name.split()[:8]))
    if ident:
        cand.speaker, cand.speaker_name = f"src:{ident}", name
    return None


def source_range_ok(source: Range | None, size: int) -> bool:
    """Whether a source range lies inside the text and is not empty."""
    return source is not None and 0 <= source[0] < source[1] <= size
