"""Read PolNeAR (brat standoff Source / Cue / Content attribution relations) into articles.

Each article is one ``.txt`` with one or more ``<name>_<annotator>.ann`` files.
``T`` lines give typed spans whose offsets may be discontinuous (``"s e;s e"``);
``E`` lines tie one Attribution to its Content, Cue and Source. Evaluation uses
one annotator per article (the first file name sorted) so no relation counts
twice; training may read every annotator.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from slant.labelled_data import require_root

FOLDER = "polnear"
SPLITS = ("train", "dev", "test")

Fragments = tuple[tuple[int, int], ...]
"""The pieces of one possibly discontinuous span, in text order."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution relation: what is attributed (content) to whom (source) through which cue."""

    content: Fragments
    source: Fragments = ()
    cue: Fragments = ()

    @property
    def content_extent(self) -> tuple[int, int]:
        """From the first content piece's start to the last one's end."""
        return self.content[0][0], self.content[-1][1]


@dataclass(slots=True)
class Article:
    """One annotated article: its text and the attributions one annotator marked in it."""

    id: str
    text: str
    annotator: str
    attributions: list[Attribution] = field(default_factory=list)


def _fragments(offsets: str, size: int) -> Fragments:
    pieces = []
    for part in offsets.split(";"):
        start, end = (int(x) for x in part.split())
        if 0 <= start < end <= size:
            pieces.append((start, end))
    return tuple(sorted(pieces))


def read_ann(path: Path, text: str) -> list[Attribution]:
    """The attribution relations of one ``.ann`` file (relations without content are left out)."""
    spans: dict[str, tuple[str, Fragments]] = {}
    relations: list[dict[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) < 2:
            continue
        if cells[0].startswith("T"):
            kind, _, offsets = cells[1].partition(" ")
            try:
                spans[cells[0]] = (kind, _fragments(offsets, len(text)))
            except ValueError:  # a malformed offset list: skip that span, keep the file
                continue
        elif cells[0].startswith("E"):
            roles = dict(part.split(":", 1) for part in cells[1].split() if ":" in part)
            relations.append(roles)
    found = []
    for roles in relations:
        content = spans.get(roles.get("Content", ""), ("", ()))[1]
        if not content:
            continue
        source = spans.get(roles.get("Source", ""), ("", ()))[1]
        cue = spans.get(roles.get("Cue", ""), ("", ()))[1]
        found.append(Attribution(content=content, source=source, cue=cue))
    return found


def annotation_files(root: Path, split: str) -> dict[str, list[Path]]:
    """Article id -> its ``.ann`` files, sorted by name."""
    folder = root / FOLDER / split / "attributions"
    files: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.ann")):
        article = path.stem.rsplit("_", 1)[0]
        files.setdefault(article, []).append(path)
    return files


def read_split(root: Path | None, split: str, all_annotators: bool = False) -> Iterator[Article]:
    """Articles of one split in name order; one annotator each unless ``all_annotators``."""
    base = require_root(root, FOLDER) / FOLDER / split
    for article, paths in annotation_files(base.parent.parent, split).items():
        text_path = base / "text" / f"{article}.txt"
        if not text_path.is_file():
            continue
        with text_path.open(encoding="utf-8", newline="") as handle:
            text = handle.read()
        for path in paths if all_annotators else paths[:1]:
            annotator = path.stem.rsplit("_", 1)[1]
            yield Article(article, text, annotator, read_ann(path, text))
