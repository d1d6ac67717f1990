"""Training windows for the technique tagger, built once from the labelled corpora and cached.

Every article of SemEval-2023 Task 3 (six languages; its English articles are PTC's)
is cut by slant's own paragraph and sentence analyzers into encoder windows, the
tokens labelled from the gold spans. Three splits, by a hash of the article id and
never by sentence: ``validation`` (the techniques' validation split, shared with the
older models and reported on), ``tune`` (thresholds and calibration), ``train``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.encoder import weights as weight_file
from slant.encoder.tokenizer import Tokenizer
from slant.encoder.windows import windows
from slant.techniques import training_data
from slant.techniques.dataset import segment
from slant.techniques.tagging import CHANNELS, token_targets
from slant.techniques.taxonomy import NAMES

TRAIN, TUNE, VALIDATION = 0, 1, 2
SPLITS = {"train": TRAIN, "tune": TUNE, "validation": VALIDATION}
#: Share of the non-validation articles kept for choosing thresholds.
TUNE_SHARE = 0.12
VERSION = 1


def split_of(article_id: str) -> int:
    """``VALIDATION`` as :func:`training_data.is_validation`; else ``TUNE`` for a stable share,
    else ``TRAIN``."""
    if training_data.is_validation(article_id):
        return VALIDATION
    digest = hashlib.sha256(f"tune:{article_id}".encode()).digest()
    return TUNE if int.from_bytes(digest[:4], "big") / 2**32 < TUNE_SHARE else TRAIN


@dataclass
class Data:
    """Windows of all articles, row-aligned, tokens concatenated (with ``<s>``/``</s>`` rows).

    ``offsets[i]:offsets[i+1]`` are window i's rows in ``ids``/``targets``; gold spans are
    ``(window, first_row, last_row, label bits)`` with rows counted inside the window.
    """

    ids: np.ndarray
    targets: np.ndarray
    offsets: np.ndarray
    split: np.ndarray
    language: np.ndarray
    article: np.ndarray
    spans: np.ndarray

    def rows(self, window: int) -> slice:
        return slice(int(self.offsets[window]), int(self.offsets[window + 1]))

    @property
    def windows(self) -> int:
        return len(self.offsets) - 1


def build(root: Path, tokenizer: Tokenizer, progress: Callable[[str], None] | None = None) -> Data:
    """Windows, token targets and gold spans of every article."""
    ids: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    offsets = [0]
    split: list[int] = []
    language: list[str] = []
    article_ids: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    bit = {name: 1 << i for i, name in enumerate(NAMES)}
    for count, article in enumerate(training_data.semeval2023(root), start=1):
        _, unit_list = segment(article.text, article.id)
        sentences = [(u.start, u.end, u.paragraph) for u in unit_list]
        for window in windows(article.text, sentences, tokenizer):
            y, gold = token_targets(window, article.spans)
            edge = np.zeros((1, CHANNELS), dtype=np.uint8)
            ids.append(np.concatenate([[tokenizer.bos], window.ids, [tokenizer.eos]]))
            targets.append(np.concatenate([edge, y, edge]))
            number = len(offsets) - 1
            offsets.append(offsets[-1] + len(window) + 2)
            split.append(split_of(article.id))
            language.append(article.language)
            article_ids.append(article.id)
            for g in gold:
                spans.append((number, g.first + 1, g.last + 1, sum(bit[n] for n in g.labels)))
        if progress and count % 100 == 0:
            progress(f"{count} articles read")
    return Data(
        np.concatenate(ids).astype(np.int32),
        np.concatenate(targets),
        np.array(offsets, dtype=np.int64),
        np.array(split, dtype=np.int8),
        np.array(language),
        np.array(article_ids),
        np.array(spans, dtype=np.int64).reshape(-1, 4),
    )


def save(data: Any, path: Path, source: dict[str, str]) -> None:
    """Write a dataclass of arrays (these windows, or :class:`slant.heads.data.Data`) to ``path``
    (npz) with a note of where they came from."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    fields = type(data).__dataclass_fields__
    # Not "source": the heads' windows have a field of that name.
    np.savez(partial, **{k: getattr(data, k) for k in fields}, built_from=json.dumps(source))
    partial.replace(path)


def load_or_build(
    path: Path, kind: type[Any], build: Callable[..., Any], root: Path, report: Callable[[str], None]
) -> Any:
    """Windows of type ``kind`` read from ``path``, or cut by ``build(root, tokenizer, report)``
    from the corpora and saved there first (about half a minute)."""
    if path.exists():
        return load(path, kind)
    report(f"cutting the corpora in {root} into encoder windows")
    weights = weight_file.load()
    data = build(root, Tokenizer(weights.vocabulary), report)
    save(data, path, {"root": str(root), "weights": weights.digest})
    return data


def load(path: Path, kind: type[Any] = Data) -> Any:
    """Inverse of :func:`save`: a ``kind`` (default :class:`Data`) read from ``path``."""
    with np.load(path, allow_pickle=False) as archive:
        return kind(**{k: archive[k] for k in kind.__dataclass_fields__})
