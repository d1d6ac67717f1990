"""The learned precision table: how often each (cue lemma, pattern) candidate is a gold attribution.

Learned on PolNeAR train by :func:`slant.quotes.train.train`; stored as JSON in
``models/cue_table.json``. A candidate's score is its key's smoothed precision,
or its pattern's precision when the key was seen too rarely; candidates under
``threshold`` are dropped.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MODELS = Path(__file__).parent / "models"
TABLE_FILE = "cue_table.json"
PRIOR_WEIGHT = 4.0
"""Pseudo-counts of the pattern's precision added to each key, so a lemma seen twice is not trusted fully."""


@dataclass(frozen=True, slots=True)
class Table:
    """Smoothed precision per ``lemma|pattern`` key, per pattern, and the keep threshold; with
    ``weights`` a logistic regression over :func:`features` scores the cue candidates instead."""

    keys: dict[str, float]
    patterns: dict[str, float]
    threshold: float
    card: dict[str, Any]
    weights: dict[str, float] = field(default_factory=dict)
    bias: float = 0.0

    def probability(self, names: list[str]) -> float:
        """The regression's probability for a candidate with these feature names."""
        z = self.bias + sum(self.weights.get(n, 0.0) for n in names)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def score(self, key: str, pattern: str, subkey: str = "") -> float:
        """Precision of a candidate: its ``key|source class`` if seen, else its key, else (for
        patterns without a cue lemma) its pattern; 0 for a key the table lacks."""
        if subkey in self.keys:
            return self.keys[subkey]
        if key in self.keys:
            return self.keys[key]
        return self.patterns.get(pattern, 0.0) if pattern in UNKEYED else 0.0

    @property
    def lemmas(self) -> set[str]:
        """Cue lemmas worth parsing candidates for."""
        return {k.split("|", 1)[0] for k in self.keys}


UNKEYED = {"quote-continued", "quote-bare", "block", "according", "label-colon", "label-colon-long"}
"""Patterns not tied to a cue lemma: scored by the pattern alone."""


def smooth(counts: dict[str, list[int]], patterns: dict[str, list[int]], min_keep: float) -> dict[str, float]:
    """``(hits + w * prior) / (n + w)`` for each ``lemma|pattern`` key (prior: the pattern's precision)
    and each ``lemma|pattern|source`` key (prior: its ``lemma|pattern`` value), keeping those at or
    above ``min_keep``; a refined key is kept only where it differs from its parent."""
    values: dict[str, float] = {}
    for key, (hits, total) in sorted(counts.items(), key=lambda kv: kv[0].count("|")):
        if "|" not in key:
            continue
        parent = key.rsplit("|", 1)[0]
        if key.count("|") == 1:
            ph, pt = patterns[key.split("|", 1)[1]]
            prior = ph / pt if pt else 0.0
        else:
            prior = values.get(parent, 0.0)
        values[key] = (hits + PRIOR_WEIGHT * prior) / (total + PRIOR_WEIGHT)
    out = {}
    for key, value in values.items():
        if key.count("|") == 1:
            if value >= min_keep:
                out[key] = round(value, 3)
            continue
        parent = key.rsplit("|", 1)[0]
        parent_kept = values.get(parent, 0.0) >= min_keep
        # A refinement is stored where it changes the answer: it differs from a kept parent,
        # or it is good enough while its parent is not.
        if (parent_kept and abs(value - values[parent]) >= 0.02) or (not parent_kept and value >= min_keep):
            out[key] = round(value, 3)
    return out


@functools.cache
def load(path: str | None = None) -> Table:
    """The table at ``path`` (a file or folder), or the one shipped with slant."""
    file = Path(path) if path else MODELS / TABLE_FILE
    if file.is_dir():
        file = file / TABLE_FILE
    data = json.loads(file.read_text(encoding="utf-8"))
    return Table(
        keys=dict(data["keys"]),
        patterns=dict(data["patterns"]),
        threshold=float(data["threshold"]),
        card=dict(data.get("card", {})),
        weights={k: float(v) for k, v in data.get("weights", {}).items()},
        bias=float(data.get("bias", 0.0)),
    )


def _bucket(n: int) -> str:
    return "1" if n <= 1 else "2-3" if n <= 3 else "4-7" if n <= 7 else "8-15" if n <= 15 else "16+"


def features(
    text: str,
    key: str,
    subkey: str,
    pattern: str,
    source_class: str,
    parts: list[tuple[int, int]],
    cue: tuple[int, int] | None,
    prior: float,
) -> list[str]:
    """Feature names of a cue candidate for the regression (all binary)."""
    content = text[parts[0][0] : parts[-1][1]] if parts else ""
    words = content.split()
    first = words[0].lower().strip("“\"'‘«„") if words else ""
    lemma = key.split("|", 1)[0]
    after = cue is not None and bool(parts) and cue[0] >= parts[-1][1]
    quoted = any(c in content for c in QUOTED)
    return [
        f"k={key}",
        f"s={subkey}",
        f"l={lemma}",
        f"p={pattern}",
        f"p={pattern}|src={source_class}",
        f"p={pattern}|len={_bucket(len(words))}",
        f"p={pattern}|first={first if first in FIRST_WORDS else '-'}",
        f"p={pattern}|quoted={quoted}",
        f"p={pattern}|cue_after={after}",
        f"p={pattern}|parts={min(len(parts), 3)}",
        f"prior={round(prior * 10)}",
    ]


QUOTED = '“”"«»„'
FIRST_WORDS = {
    "that",
    "if",
    "whether",
    "to",
    "the",
    "a",
    "he",
    "she",
    "they",
    "it",
    "we",
    "i",
    "how",
    "what",
    "why",
}
