"""Read the NER corpora in ``ner/`` (labelled research data, never shipped) as BIO-tagged sentences.

Every reader yields :class:`Sentence` objects with tags normalised to ``B-``/``I-`` over
PER, ORG, LOC and MISC; types a corpus has that slant does not tag (dates, jobs, GermEval's
``-deriv``/``-part`` forms) become ``O``. Which corpora feed which language, and which are kept
for evaluation only, is decided here (see docs/ENTITIES.md for the reasons).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

TYPES = ("PER", "ORG", "LOC", "MISC")
TYPE_MAP = {
    "PER": "PER",
    "PERS": "PER",
    "ORG": "ORG",
    "LOC": "LOC",
    "MISC": "MISC",
    "OTH": "MISC",
}


@dataclass(frozen=True, slots=True)
class Sentence:
    """A tokenised sentence with one BIO tag per token, and where it came from."""

    source: str
    index: int
    tokens: tuple[str, ...]
    tags: tuple[str, ...]


def held_out(source: str, index: int, percent: int = 15) -> bool:
    """Whether sentence ``index`` of ``source`` is in the validation split (a stable hash, not random)."""
    digest = hashlib.sha1(f"{source}:{index}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def normalise_tag(tag: str, previous: str) -> str:
    """``B-``/``I-`` tag over slant's types; IO tags (no prefix) become BIO by looking at ``previous``."""
    tag = tag.strip()
    if tag in ("", "O", "0", "-"):
        return "O"
    if tag[:2] in ("B-", "I-"):
        prefix, kind = tag[0], tag[2:]
    else:
        prefix, kind = "", tag
    mapped = TYPE_MAP.get(kind)
    if mapped is None:
        return "O"
    if prefix == "B":
        return f"B-{mapped}"
    # An I- that does not continue the same type starts an entity (invalid IOB2 in some files).
    return f"I-{mapped}" if previous[2:] == mapped and previous != "O" else f"B-{mapped}"


def read_columns(
    path: Path, source: str, token_col: int, tag_col: int, prefix: str = "", comment: str = ""
) -> Iterator[Sentence]:
    """Sentences of a one-token-per-line file (blank line between sentences; ``comment`` lines skipped)."""
    tokens: list[str] = []
    tags: list[str] = []
    index = 0
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if comment and line.startswith(comment):
                continue
            if not line.strip():
                if tokens:
                    yield Sentence(source, index, tuple(tokens), tuple(tags))
                    index += 1
                    tokens, tags = [], []
                continue
            cols = line.split("\t") if "\t" in line else line.split()
            if len(cols) <= max(token_col, tag_col):
                continue
            token = cols[token_col]
            if prefix and token.startswith(prefix):
                token = token[len(prefix) :]
            if not token:
                continue
            tokens.append(token)
            tags.append(normalise_tag(cols[tag_col], tags[-1] if tags else "O"))
    if tokens:
        yield Sentence(source, index, tuple(tokens), tuple(tags))


def wikiann(root: Path, lang: str, split: str = "train") -> Iterator[Sentence]:
    """WikiANN (silver) ``train`` or ``dev`` for ``lang``, whichever of the three stored formats it has."""
    folder = root / "ner" / "wikiann" / lang
    name = f"wikiann-{lang}-{split}"
    if split == "train":
        candidates = [folder / "train.conllu", folder / "train", folder / f"train-{lang}.tsv"]
    else:
        candidates = [folder / "val.conllu", folder / "dev"]
    for path in candidates:
        if path.is_file():
            if path.suffix == ".conllu":
                yield from read_columns(path, name, 1, 2)
            else:
                yield from read_columns(path, name, 0, 1, prefix=f"{lang}:")
            return


def uner(root: Path, treebank: str, split: str) -> Iterator[Sentence]:
    """A UNER treebank split, e.g. ``("Swedish-Talbanken", "train")``."""
    folder = root / "ner" / "uner" / f"UNER_{treebank}"
    for path in sorted(folder.glob(f"*-ud-{split}.iob2")):
        yield from read_columns(path, f"uner-{treebank}-{split}", 1, 2, comment="# ")


def swedish_ner(root: Path, split: str) -> Iterator[Sentence]:
    """swedish-ner-corpus (IO tags, ``0`` for O), ``train`` or ``test``."""
    path = root / "ner" / "swedish-ner-corpus" / f"{split}_corpus.txt"
    if path.is_file():
        yield from read_columns(path, f"swedish-ner-{split}", 0, 1)


def germeval(root: Path, split: str) -> Iterator[Sentence]:
    """GermEval 2014 outer level, ``dev`` or ``test``."""
    path = root / "ner" / "germeval2014" / f"NER-de-{split}.tsv"
    if path.is_file():
        yield from read_columns(path, f"germeval-{split}", 1, 2, comment="#\t")


def kind_wikinews(root: Path, split: str) -> Iterator[Sentence]:
    """KIND Wikinews (Italian gold news; CC BY-NC, so evaluation only)."""
    path = root / "ner" / "kind-wikinews" / f"WN_{split}.tsv"
    if path.is_file():
        yield from read_columns(path, f"kind-wikinews-{split}", 0, 1)


def ner_uk(root: Path, split: str) -> Iterator[Sentence]:
    """NER-UK 2.0 (Ukrainian gold; CC BY-NC-SA, so evaluation only)."""
    path = root / "ner" / "ner-uk" / f"{split}.iob"
    if path.is_file():
        yield from read_columns(path, f"ner-uk-{split}", 0, 1)


# Training sources per language. Only corpora whose licence allows a shipped derived model are used
# (the CC BY-NC sets kind-wikinews, ner-uk and WikiNEuRal are read for evaluation only).
WIKIANN_LANGS = ("ar", "bg", "de", "en", "es", "fa", "fr", "hi", "it", "nl", "pl", "pt", "ru", "tr", "uk")
TAGGER_LANGS = ("ar", "bg", "de", "es", "fa", "hi", "it", "nl", "pl", "pt", "sv", "tr", "uk")


def training_sources(root: Path, lang: str) -> Iterator[Sentence]:
    """Every sentence slant may train the ``lang`` tagger on (train and validation parts together)."""
    if lang in WIKIANN_LANGS:
        yield from wikiann(root, lang, "train")
    if lang == "de":
        yield from germeval(root, "dev")
        yield from germeval(root, "test")
    if lang == "pt":
        yield from uner(root, "Portuguese-Bosque", "train")
        yield from uner(root, "Portuguese-Bosque", "dev")
    if lang == "sv":
        yield from swedish_ner(root, "train")
        yield from swedish_ner(root, "test")
        yield from uner(root, "Swedish-Talbanken", "train")
        yield from uner(root, "Swedish-Talbanken", "dev")


def split(root: Path, lang: str) -> tuple[list[Sentence], list[Sentence]]:
    """(train, validation) for ``lang``: every source cut by :func:`held_out`."""
    train: list[Sentence] = []
    valid: list[Sentence] = []
    for sentence in training_sources(root, lang):
        (valid if held_out(sentence.source, sentence.index) else train).append(sentence)
    return train, valid


def entities(tags: tuple[str, ...] | list[str]) -> set[tuple[int, int, str]]:
    """Entity spans ``(first token, end token, type)`` of a BIO sequence (I- without B- starts one)."""
    found: set[tuple[int, int, str]] = set()
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        if tag == "O" or tag.startswith("B-") or (tag.startswith("I-") and tag[2:] != kind):
            if start >= 0:
                found.add((start, i, kind))
            start, kind = (i, tag[2:]) if tag != "O" else (-1, "")
    return found
