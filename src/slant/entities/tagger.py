"""The trained sequence tagger at run time: a linear-chain CRF read from an ``.npz`` file.

The weights come from python-crfsuite at training time (``train.py``); tagging needs only numpy,
so python-crfsuite is a training dependency, not a run-time one.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from slant.entities.features import sentence_features

MODELS = Path(__file__).parent / "models"
VERSION = 1


@dataclass(frozen=True)
class Tagger:
    """A CRF: per-feature label weights, label transitions, and the labels (BIO over PER/ORG/LOC/MISC)."""

    lang: str
    labels: tuple[str, ...]
    index: dict[str, int]
    state: np.ndarray  # (features, labels)
    transitions: np.ndarray  # (labels, labels): from row to column

    @property
    def name(self) -> str:
        """The span ``model`` name."""
        return f"slant.entities.tagger@{VERSION}:{self.lang}"

    def emissions(self, tokens: list[str]) -> np.ndarray:
        """(tokens, labels) sums of the weights of each token's known features."""
        rows: list[int] = []
        starts: list[int] = []
        for feats in sentence_features(tokens):
            starts.append(len(rows))
            rows.extend(self.index[f] for f in feats if f in self.index)
        out = np.zeros((len(tokens), len(self.labels)), dtype=np.float32)
        if not rows:
            return out
        weights = self.state[np.asarray(rows)]
        ends = [*starts[1:], len(rows)]
        for i, (a, b) in enumerate(zip(starts, ends, strict=True)):
            if b > a:
                out[i] = weights[a:b].sum(axis=0)
        return out

    def tag(self, tokens: list[str]) -> tuple[list[str], list[float]]:
        """The best BIO tag sequence (Viterbi) and each token's marginal probability of its tag."""
        if not tokens:
            return [], []
        emit = self.emissions(tokens)
        trans = self.transitions
        n, size = emit.shape
        best = emit[0].copy()
        back = np.zeros((n, size), dtype=np.int32)
        for i in range(1, n):
            cand = best[:, None] + trans
            back[i] = cand.argmax(axis=0)
            best = cand.max(axis=0) + emit[i]
        path = [int(best.argmax())]
        for i in range(n - 1, 0, -1):
            path.append(int(back[i, path[-1]]))
        path.reverse()
        marginal = self.marginals(emit)
        return [self.labels[k] for k in path], [float(marginal[i, k]) for i, k in enumerate(path)]

    def marginals(self, emit: np.ndarray) -> np.ndarray:
        """Per-token label probabilities by forward-backward in log space."""
        n, size = emit.shape
        alpha = np.zeros((n, size), dtype=np.float64)
        beta = np.zeros((n, size), dtype=np.float64)
        alpha[0] = emit[0]
        for i in range(1, n):
            alpha[i] = np.logaddexp.reduce(alpha[i - 1][:, None] + self.transitions, axis=0) + emit[i]
        for i in range(n - 2, -1, -1):
            beta[i] = np.logaddexp.reduce(self.transitions + (emit[i + 1] + beta[i + 1])[None, :], axis=1)
        total = np.logaddexp.reduce(alpha[-1])
        return np.exp(alpha + beta - total)


def save(
    path: Path,
    lang: str,
    labels: list[str],
    state: dict[tuple[str, str], float],
    transitions: dict[tuple[str, str], float],
) -> None:
    """Write a CRF (crfsuite's ``info()`` weights) as a compressed ``.npz`` of its non-zero features."""
    label_index = {label: k for k, label in enumerate(labels)}
    names = sorted({attr for attr, _ in state})
    attr_index = {attr: k for k, attr in enumerate(names)}
    matrix = np.zeros((len(names), len(labels)), dtype=np.float16)
    for (attr, label), weight in state.items():
        matrix[attr_index[attr], label_index[label]] = weight
    trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
    for (a, b), weight in transitions.items():
        trans[label_index[a], label_index[b]] = weight
    np.savez_compressed(
        path,
        labels=np.frombuffer(json.dumps(labels).encode(), dtype=np.uint8),
        features=np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8),
        state=matrix,
        transitions=trans,
    )


def load_file(path: Path, lang: str) -> Tagger:
    """Read one ``.npz`` tagger."""
    with np.load(path, allow_pickle=False) as data:
        labels = tuple(json.loads(data["labels"].tobytes().decode()))
        names = data["features"].tobytes().decode("utf-8").split("\n")
        state = data["state"].astype(np.float32)
        trans = data["transitions"].astype(np.float32)
    return Tagger(lang, labels, {name: k for k, name in enumerate(names)}, state, trans)


def available(folder: Path = MODELS) -> set[str]:
    """Languages with a tagger file (``xx`` is the multilingual one)."""
    return {p.stem.removeprefix("tagger-") for p in folder.glob("tagger-*.npz")}


@functools.cache
def load(lang: str, folder: str | None = None) -> Tagger | None:
    """The tagger for ``lang``, else the multilingual ``xx`` one, else None (loaded once per process)."""
    base = Path(folder) if folder else MODELS
    for code in (lang, "xx"):
        path = base / f"tagger-{code}.npz"
        if path.is_file():
            return load_file(path, code)
    return None
