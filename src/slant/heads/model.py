"""Run-time heads of the entity/claim branch: piece tags decoded into entity spans, claim scores.

Both read the branch's final states (:func:`slant.encoder.runtime.branch_states`) of the
windows the techniques tagger already encoded, so a document costs one pass through the
shared lower layers and one through each branch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf, expit, softmax

from slant import model_files
from slant.encoder import runtime
from slant.encoder.runtime import Encoding
from slant.heads.data import TAGS

RETRAIN = "slant train entities --data ../shared/data"


def folder() -> Path:
    return Path(str(resources.files("slant.heads") / "models"))


def spans_of(tags: Sequence[int] | np.ndarray) -> list[tuple[int, int, str]]:
    """``(first, last + 1, type)`` piece runs of a tag sequence; an I- without a B- of its type starts one."""
    out: list[tuple[int, int, str]] = []
    start, kind = -1, ""
    for i, tag in enumerate([*(int(t) for t in tags), 0]):
        name = TAGS[tag] if 0 <= tag < len(TAGS) else "O"
        if name == "O" or name.startswith("B-") or name[2:] != kind:
            if start >= 0:
                out.append((start, i, kind))
            start, kind = (i, name[2:]) if name != "O" else (-1, "")
    return out


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a piece run to whole words (letters and digits only: "Putin's" stays "Putin")."""
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


@dataclass(frozen=True, slots=True)
class Found:
    """An entity the head found: document offsets, type, mean probability of its pieces' tags."""

    start: int
    end: int
    label: str
    score: float


@dataclass
class HeadsModel:
    """Head weights and the path of the branch adapter they were trained with."""

    arrays: dict[str, np.ndarray]
    card: dict[str, Any]
    adapter: Path

    @property
    def name(self) -> str:
        return f"slant.heads.{self.card.get('name', 'heads')}@{self.card.get('version', '?')}"

    def states(self, encoding: Encoding) -> list[np.ndarray]:
        return runtime.branch_states(encoding, str(self.adapter))

    def tag_probabilities(self, states: np.ndarray) -> np.ndarray:
        a = self.arrays
        return np.asarray(softmax(states @ a["head.token.w"].T + a["head.token.b"], axis=-1))

    def entities(self, text: str, encoding: Encoding) -> list[Found]:
        """Every entity the head tags in the document's windows."""
        out: list[Found] = []
        for window, states in zip(encoding.windows, self.states(encoding), strict=True):
            if len(states) <= 2:
                continue
            probs = self.tag_probabilities(states[1:-1].astype(np.float32))
            tags = probs.argmax(-1)
            for first, last, kind in spans_of(tags):
                start, end = whole_words(text, int(window.starts[first]), int(window.ends[last - 1]))
                score = round(float(probs[np.arange(first, last), tags[first:last]].mean()), 4)
                if out and start < out[-1].end and out[-1].start < end:
                    # Two runs widened into the same words ("U" "." "N" "."): one name, the surer type.
                    kept = out.pop()
                    kind = kind if score > kept.score else kept.label
                    start, end, score = min(start, kept.start), max(end, kept.end), max(score, kept.score)
                out.append(Found(start, end, kind, score))
        return out

    def claim_logits(self, encoding: Encoding, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
        """Check-worthiness logit of each ``(start, end)`` sentence: its pieces' mean and max states
        through the claim head (NaN for a sentence no window covers)."""
        a = self.arrays
        out = np.full(len(sentences), np.nan, dtype=np.float32)
        states = self.states(encoding)
        for k, (start, end) in enumerate(sentences):
            for window, rows in zip(encoding.windows, states, strict=True):
                if window.end <= start or window.start >= end:
                    continue
                inside = np.flatnonzero((window.starts >= start) & (window.ends <= end))
                if not len(inside):
                    continue
                chosen = rows[1:-1][inside].astype(np.float32)
                features = np.concatenate([chosen.mean(0), chosen.max(0)])
                hidden = features @ a["head.claim1.w"].T + a["head.claim1.b"]
                hidden = 0.5 * hidden * (1 + erf(hidden / np.sqrt(2)))
                out[k] = float((hidden @ a["head.claim2.w"].T + a["head.claim2.b"])[0])
                break
        return out

    def claim_probabilities(self, encoding: Encoding, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
        return np.asarray(expit(self.claim_logits(encoding, sentences)))


def available(models: str | None = None) -> bool:
    """Whether the heads' files and the encoder's packages are there."""
    base = Path(models) if models else folder()
    return (base / "heads.npz").is_file() and (base / "adapter.npz").is_file() and runtime.available()


@lru_cache(maxsize=4)
def load(models: str | None = None) -> HeadsModel:
    """The committed heads (or those of a folder of retrained files)."""
    base = Path(models) if models else folder()
    arrays, card = model_files.read(base / "heads.npz", "entity and claim heads", RETRAIN)
    return HeadsModel({k: v.astype(np.float32) for k, v in arrays.items()}, card, base / "adapter.npz")
