"""Turn labelled articles into sentence units with labels (and cached encoder vectors) for training."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from slant.analyze import Pipeline, build
from slant.document import Document
from slant.encoder import vectors as encoder
from slant.techniques.taxonomy import NAMES
from slant.techniques.training_data import Article, is_validation
from slant.techniques.units import Unit, labels, units

SEGMENTER = ("paragraphs", "language", "sentences")


@dataclass
class Table:
    """Sentence units of many articles, row-aligned: article, language, unit, text, labels, split."""

    article: list[str]
    language: list[str]
    unit: list[Unit]
    text: list[str]
    y: np.ndarray
    validation: np.ndarray

    def __len__(self) -> int:
        return len(self.text)

    def select(self, mask: np.ndarray) -> Table:
        """The rows where ``mask`` is true."""
        rows = np.flatnonzero(mask)
        return Table(
            [self.article[i] for i in rows],
            [self.language[i] for i in rows],
            [self.unit[i] for i in rows],
            [self.text[i] for i in rows],
            self.y[rows],
            self.validation[rows],
        )


@lru_cache(maxsize=1)
def _segmenter() -> Pipeline:
    return build(SEGMENTER)


def segment(text: str, article_id: str = "article") -> tuple[Document, list[Unit]]:
    """Run slant's own paragraph, language and sentence analyzers: the units seen at run time too."""
    doc = _segmenter()(Document(article_id, text, {}))
    return doc, units(doc)


def table(articles: Iterable[Article], progress: Callable[[int], None] | None = None) -> Table:
    """Sentence units of the articles with their gold labels (23 columns in ``NAMES`` order)."""
    out = Table([], [], [], [], np.zeros((0, len(NAMES)), dtype=bool), np.zeros(0, dtype=bool))
    ys, flags = [], []
    for count, article in enumerate(articles, start=1):
        _, unit_list = segment(article.text, article.id)
        for unit in unit_list:
            out.article.append(article.id)
            out.language.append(article.language)
            out.unit.append(unit)
            out.text.append(article.text[unit.start : unit.end])
        ys.append(labels(unit_list, article.spans, NAMES))
        flags.append(np.full(len(unit_list), is_validation(article.id)))
        if progress:
            progress(count)
    out.y = np.concatenate(ys) if ys else out.y
    out.validation = np.concatenate(flags) if flags else out.validation
    return out


def vectors(rows: Table, cache: Path | None) -> np.ndarray:
    """Encoder vectors of each unit's sentence, read from / written to a cache keyed by the texts."""
    key = hashlib.sha256("\x1e".join(rows.text).encode()).hexdigest()[:16]
    path = cache / f"e5-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    out = encoder.embed(rows.text).astype(np.float16)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, out)
    return out
