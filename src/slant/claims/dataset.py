"""Read the CheckThat! 2024 Task 1 check-worthiness files (English, Arabic, Spanish).

Files are tab separated with quoting disabled (texts contain quote characters). English
rows are ``Sentence_id, Text, class_label``; Arabic and Spanish rows are ``tweet_id,
tweet_url, tweet_text, class_label``.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from slant.errors import InputError

FOLDER = "checkthat2024-task1-checkworthiness"

#: (language, split) -> file inside :data:`FOLDER`.
FILES = {
    ("en", "train"): "english/CT24_checkworthy_english_train.tsv",
    ("en", "dev"): "english/CT24_checkworthy_english_dev.tsv",
    ("en", "dev-test"): "english/CT24_checkworthy_english_dev-test.tsv",
    ("ar", "train"): "arabic/train.tsv",
    ("ar", "dev"): "arabic/dev.tsv",
    ("ar", "dev-test"): "arabic/dev-test.tsv",
    ("es", "dev"): "spanish/dev.tsv",
    ("es", "dev-test"): "spanish/dev-test.tsv",
}

_URL = re.compile(r"https?://\S+|www\.\S+")
_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Split:
    """One file: ids, texts and labels (1 = check-worthy)."""

    language: str
    name: str
    ids: list[str]
    texts: list[str]
    labels: list[int]

    def __len__(self) -> int:
        return len(self.texts)


def clean(text: str) -> str:
    """The text the models read: URLs dropped (tweets end in t.co links), spaces collapsed."""
    return _SPACE.sub(" ", _URL.sub(" ", text)).strip()


def normalise(text: str) -> str:
    """Key for de-duplication: case-folded NFKC letters and digits only."""
    return _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def read(path: Path, language: str, name: str) -> Split:
    """Parse one TSV file (header row first)."""
    if not path.is_file():
        raise InputError(f"CheckThat! file not found: {path}")
    ids, texts, labels = [], [], []
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(rows, None)
        if not header:
            raise InputError(f"{path} is empty")
        text_column = 1 if len(header) == 3 else 2
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{number}: {len(row)} columns, expected {len(header)}")
            label = row[-1].strip()
            if label not in ("Yes", "No"):
                raise InputError(f"{path}:{number}: label {label!r} is neither Yes nor No")
            ids.append(row[0].strip())
            texts.append(row[text_column])
            labels.append(int(label == "Yes"))
    return Split(language, name, ids, texts, labels)


def load(root: Path, language: str, name: str) -> Split:
    """The ``(language, name)`` split from the data root (the folder holding :data:`FOLDER`)."""
    try:
        relative = FILES[(language, name)]
    except KeyError:
        raise InputError(f"no CheckThat! 2024 file for {language}/{name}") from None
    return read(root / FOLDER / relative, language, name)


def without(split: Split, held_out: list[Split]) -> tuple[Split, int]:
    """``split`` minus rows whose normalised text occurs in ``held_out`` (and minus repeats); rows dropped."""
    seen = {normalise(t) for other in held_out for t in other.texts}
    keep = []
    for i, text in enumerate(split.texts):
        key = normalise(text)
        if key and key not in seen:
            seen.add(key)
            keep.append(i)
    kept = Split(
        split.language,
        split.name,
        [split.ids[i] for i in keep],
        [split.texts[i] for i in keep],
        [split.labels[i] for i in keep],
    )
    return kept, len(split) - len(keep)


def sample_rows(split: Split, rows: int, salt: str = "sample") -> list[int]:
    """Indices of a deterministic subset of ``rows`` rows (chosen by a hash of each id), in file order."""
    if len(split) <= rows:
        return list(range(len(split)))
    rank = sorted(
        range(len(split)), key=lambda i: hashlib.sha256(f"{salt}:{split.ids[i]}:{i}".encode()).digest()
    )
    return sorted(rank[:rows])


def subset(split: Split, rows: list[int], name: str) -> Split:
    """The given rows of ``split``, under a new split name."""
    return Split(
        split.language,
        name,
        [split.ids[i] for i in rows],
        [split.texts[i] for i in rows],
        [split.labels[i] for i in rows],
    )


def sample(split: Split, rows: int, salt: str = "sample") -> Split:
    """A deterministic subset of ``rows`` rows, named ``<name>-sample`` when it is smaller."""
    if len(split) <= rows:
        return split
    return subset(split, sample_rows(split, rows, salt), f"{split.name}-{salt}")
