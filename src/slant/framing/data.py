"""Labelled framing data: SemEval-2025 Task 10 (entity roles, narratives) and SemEval-2023 Task 3
(genre, frames), read from a data folder that is never committed.

Splits, made once and kept: SemEval-2025 articles by a hash of their file name (20 %
validation, :func:`split_of`), never trained on; SemEval-2023 articles by the split the
technique tagger used (:func:`slant.techniques.tagger_data.split_of`), so that articles whose
technique labels tuned the encoder are never the ones frames and genre are scored on.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.techniques import tagger_data

SEMEVAL2025 = "semeval2025-task10"
SEMEVAL2023 = "semeval2023-task3"
LANGUAGES_2025 = {"BG": "bg", "EN": "en", "HI": "hi", "PT": "pt", "RU": "ru"}
LANGUAGES_2023 = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
TRAIN, VALIDATION = 0, 1


@dataclass(frozen=True)
class Mention:
    """A gold entity mention with its roles; ``end`` exclusive, offsets in :attr:`Article.text`."""

    start: int
    end: int
    main: str
    fine: tuple[str, ...]


@dataclass
class Article:
    """One labelled article; ``text`` has ``\\n`` line ends and no byte-order mark."""

    id: str
    language: str
    text: str
    split: int
    mentions: list[Mention] = field(default_factory=list)
    #: ``None`` where the article has no narrative annotation (not the same as "Other").
    narratives: tuple[str, ...] | None = None
    subnarratives: tuple[str, ...] | None = None
    genre: str | None = None
    frames: tuple[str, ...] | None = None


def split_of(name: str) -> int:
    """:data:`VALIDATION` for one SemEval-2025 article in five, by a hash of its file name."""
    return VALIDATION if zlib.crc32(name.encode("utf-8")) % 100 < 20 else TRAIN


def normalised(raw: str) -> tuple[str, list[int]]:
    """The text without a BOM and with ``\\n`` line ends, and for every raw offset its new one."""
    out, where, pos = [], [], 0
    for k, char in enumerate(raw):
        where.append(pos)
        if (k == 0 and char == "\ufeff") or (char == "\r" and raw[k + 1 : k + 2] == "\n"):
            continue
        out.append("\n" if char == "\r" else char)
        pos += 1
    where.append(pos)
    return "".join(out), where


def locate(raw: str, mention: str, start: int, end: int) -> tuple[int, int] | None:
    """Raw offsets of ``mention`` (``end`` inclusive as given): as given; else counting every
    ``\\n`` as two characters (the Russian files); else its nearest occurrence within 60 characters."""
    if raw[start : end + 1] == mention:
        return start, end + 1
    lf = [k for k, c in enumerate(raw) if c == "\n"]
    shift = 0
    while shift < len(lf) and lf[shift] + shift < start:
        shift += 1
    if raw[start - shift : end + 1 - shift] == mention:
        return start - shift, end + 1 - shift
    near = [m.start() for m in re.finditer(re.escape(mention), raw[max(0, start - 60) : end + 60])]
    if near:
        best = min(near, key=lambda k: abs(k + max(0, start - 60) - start)) + max(0, start - 60)
        return best, best + len(mention)
    return None


def _rows(path: Path) -> Iterator[list[str]]:
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            cells = [c.strip() for c in line.split("\t")]
            if len(cells) >= 2 and cells[0]:
                yield cells


def semeval2025(root: Path, lost: list[str] | None = None) -> Iterator[Article]:
    """SemEval-2025 Task 10 train articles of every language with their roles and narratives;
    mentions whose offsets cannot be placed are listed in ``lost``."""
    for code, language in LANGUAGES_2025.items():
        folder = root / SEMEVAL2025 / "train" / code
        roles: dict[str, list[list[str]]] = {}
        for cells in _rows(folder / "subtask-1-annotations.txt"):
            roles.setdefault(cells[0], []).append(cells)
        narratives = {c[0]: c for c in _rows(folder / "subtask-2-annotations.txt")}
        for path in sorted((folder / "raw-documents").glob("*.txt")):
            with path.open(encoding="utf-8", newline="") as handle:
                raw = handle.read()
            text, where = normalised(raw)
            article = Article(path.name, language, text, split_of(path.name))
            for cells in roles.get(path.name, []):
                if len(cells) < 5:
                    continue
                found = locate(raw, cells[1], int(cells[2]), int(cells[3]))
                if found is None:
                    if lost is not None:
                        lost.append(f"{path.name}: {cells[1]!r} at {cells[2]}")
                    continue
                fine = tuple(c for c in cells[5:] if c)
                article.mentions.append(Mention(where[found[0]], where[found[1]], cells[4], fine))
            if path.name in narratives:
                cells = narratives[path.name] + ["", ""]
                article.narratives = tuple(n for n in cells[1].split(";") if n)
                article.subnarratives = tuple(n for n in cells[2].split(";") if n)
            yield article


def semeval2023(root: Path) -> Iterator[Article]:
    """SemEval-2023 Task 3 train articles with their genre and frames."""
    for code, language in LANGUAGES_2023.items():
        folder = root / SEMEVAL2023 / code
        genres = {c[0]: c[1] for c in _rows(folder / "train-labels-subtask-1.txt")}
        frames = {c[0]: c[1] for c in _rows(folder / "train-labels-subtask-2.txt")}
        for path in sorted((folder / "train-articles-subtask-2").glob("article*.txt")):
            ident = path.stem.removeprefix("article")
            if ident not in genres and ident not in frames:
                continue
            text, _ = normalised(path.read_text(encoding="utf-8"))
            split = VALIDATION if tagger_data.split_of(ident) == tagger_data.VALIDATION else TRAIN
            labels = tuple(f for f in frames.get(ident, "").split(",") if f) if ident in frames else None
            yield Article(ident, language, text, split, genre=genres.get(ident), frames=labels)


def actor_keys(
    rows: list[dict[str, Any]], doc_rows: list[dict[str, Any]], root: Path
) -> list[tuple[int, str]]:
    """Which labelled mentions name the same actor: the data has no entity ids, so mentions in one
    article that end in the same word ("Vladimir Putin", "Putin") count as one actor (the analyzer
    uses the entity layer's canonical ids)."""
    texts = {a.id: a.text for a in semeval2025(root)}
    keys = []
    for row in rows:
        words = texts.get(doc_rows[row["article"]]["id"], "")[row["start"] : row["end"]].lower().split()
        keys.append((int(row["article"]), words[-1] if words else ""))
    return keys
