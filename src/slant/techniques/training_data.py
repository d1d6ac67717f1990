"""Read the labelled persuasion-technique corpora (SemEval-2023 Task 3, PTC) from a data folder.

The corpora are research data that slant never ships; these readers turn a
local copy (``../shared/data`` in the project's workspace) into
:class:`Article` objects with exact span offsets into the text we analyse.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slant import labelled_data

SEMEVAL2023 = "semeval2023-task3"
PTC = "ptc-semeval2020-task11"
#: SemEval-2023 folder name -> ISO 639-1 code.
LANGUAGES = {"en": "en", "fr": "fr", "ge": "de", "it": "it", "po": "pl", "ru": "ru"}
#: One English id names two different texts in the upstream files (see the corpus's SOURCE.md).
BROKEN_IDS = frozenset({"999000878"})
#: Share of articles per language kept for validation (by a hash of the id, never trained on).
VALIDATION_SHARE = 0.2


@dataclass
class Article:
    """One labelled article: exact text, technique spans, and labelled lines."""

    id: str
    language: str
    text: str
    spans: list[tuple[str, int, int]] = field(default_factory=list)
    #: 1-based line number -> techniques labelled on that line (SemEval-2023 paragraphs).
    lines: dict[int, frozenset[str]] = field(default_factory=dict)

    def line_bounds(self) -> dict[int, tuple[int, int]]:
        """1-based line number -> (start, end) offsets of each line of the text."""
        bounds, start = {}, 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            bounds[number] = (start, start + len(line))
            start += len(line) + 1
        return bounds


def default_root() -> Path | None:
    """The shared data folder holding the technique corpora, if there."""
    return labelled_data.find_root(SEMEVAL2023)


def require_root(root: str | Path | None) -> Path:
    """The data folder to train or evaluate from, or a clear error saying how to give one."""
    return labelled_data.require_root(root, SEMEVAL2023, PTC)


def is_validation(article_id: str) -> bool:
    """Whether an article belongs to the validation split (stable: a hash of its id)."""
    digest = hashlib.sha256(article_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < VALIDATION_SHARE


def _labels(path: Path) -> dict[str, dict[int, frozenset[str]]]:
    out: dict[str, dict[int, frozenset[str]]] = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) < 2 or not parts[1].strip().isdigit():
            continue
        names = parts[2].split(",") if len(parts) > 2 else []
        out.setdefault(parts[0], {})[int(parts[1])] = frozenset(n.strip() for n in names if n.strip())
    return out


def _spans(folder: Path, article_id: str) -> list[tuple[str, int, int]]:
    path = folder / f"article{article_id}-labels-subtask-3.txt"
    if not path.exists():
        return []
    spans = []
    for row in path.read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) == 4:
            spans.append((parts[1], int(parts[2]), int(parts[3])))
    return spans


def _without_cr(raw: str) -> tuple[str, list[int]]:
    """Text with ``\\r`` before ``\\n`` removed, and the sorted raw offsets of the removed ones."""
    removed = [i for i, ch in enumerate(raw) if ch == "\r" and raw[i + 1 : i + 2] == "\n"]
    return raw.replace("\r\n", "\n"), removed


def snap(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Widen an approximate span to whole words and trim spaces; None when nothing is left."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and end > 0 and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def semeval2023(root: Path, languages: tuple[str, ...] = tuple(LANGUAGES)) -> Iterator[Article]:
    """SemEval-2023 Task 3 train articles with paragraph labels and (re-aligned) spans."""
    for folder_name in languages:
        folder = root / SEMEVAL2023 / folder_name
        if not (folder / "train-labels-subtask-3.txt").is_file():
            continue  # a partial copy of the corpus: the model card lists the languages used
        labels = _labels(folder / "train-labels-subtask-3.txt")
        older = folder / "train-articles-subtask-3-older-crlf"
        for path in sorted((folder / "train-articles-subtask-3").glob("article*.txt")):
            article_id = path.stem.removeprefix("article")
            if article_id in BROKEN_IDS or article_id not in labels:
                continue
            spans = _spans(folder / "train-labels-subtask-3-spans", article_id)
            if folder_name == "en" or not (older / path.name).exists():
                text = path.read_text(encoding="utf-8")
                aligned = [s for s in spans if 0 <= s[1] < s[2] <= len(text)]
            else:
                # Non-English offsets fit the older CRLF files best; map them onto the text without CRs.
                raw = (older / path.name).read_bytes().decode("utf-8")
                text, removed = _without_cr(raw)
                aligned = []
                for name, start, end in spans:
                    shift_s, shift_e = bisect.bisect_left(removed, start), bisect.bisect_left(removed, end)
                    snapped = snap(text, start - shift_s, end - shift_e)
                    if snapped:
                        aligned.append((name, *snapped))
            yield Article(article_id, LANGUAGES[folder_name], text, aligned, labels[article_id])


def ptc(root: Path) -> Iterator[Article]:
    """PTC (SemEval-2020 Task 11) train articles with their 14-class spans (English)."""
    folder = root / PTC
    by_article: dict[str, list[tuple[str, int, int]]] = {}
    for row in (folder / "train-task-flc-tc.labels").read_text(encoding="utf-8").splitlines():
        parts = row.split("\t")
        if len(parts) == 4:
            by_article.setdefault(parts[0], []).append((parts[1], int(parts[2]), int(parts[3])))
    for path in sorted((folder / "train-articles").glob("article*.txt")):
        article_id = path.stem.removeprefix("article")
        if article_id in BROKEN_IDS:
            continue
        text = path.read_text(encoding="utf-8")
        yield Article(article_id, "en", text, by_article.get(article_id, []))
