"""The ``roles`` analyzer: how a text casts each named actor it mentions — Protagonist,
Antagonist or Innocent, with the SemEval-2025 fine roles — from the encoder states around the
mention (the mention's own pieces and its sentence; no extra encoder pass).

Every actor mention gets a ``role`` span; one whose main role is less sure than the model's
display threshold is stored hidden. ``meta.roles`` sums a document up per actor.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.framing import features
from slant.framing.labels import ALL_FINE, MAIN_OF, MAIN_ROLES
from slant.framing.linear import Linear

RETRAIN = "slant train framing --data ../shared/data"
#: Entity labels that name actors a text can cast (people, organisations, states and groups;
#: not places such as bridges and squares, which the task's annotators did not cast).
ACTORS = frozenset({"PER", "ORG", "GPE", "NORP"})


def folder() -> Path:
    return Path(str(resources.files("slant.framing") / "models"))


class RoleModel:
    """Main-role (softmax) and fine-role (one sigmoid each) classifiers over mention features."""

    def __init__(self, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> None:
        self.main = Linear.from_arrays(arrays, "main")
        self.fine = Linear.from_arrays(arrays, "fine")
        self.card = card
        self.display_threshold = float(card["display_threshold"])
        #: How far a mention's main role moves towards its actor's mean in the document (files
        #: trained before the blend: not at all).
        self.actor_weight = float(card.get("actor_weight", 0.0))

    @property
    def name(self) -> str:
        return f"slant.framing.roles@{self.card.get('version', '?')}"

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Main-role probabilities and fine-role scores of feature rows ``x``."""
        return self.main.probabilities(x), self.fine.probabilities(x)


@lru_cache(maxsize=2)
def load(models: str | None = None) -> RoleModel:
    base = Path(models) if models else folder()
    arrays, card = model_files.read(base / "roles.npz", "role model", RETRAIN)
    return RoleModel(arrays, card)


def available(models: str | None = None, name: str = "roles.npz") -> bool:
    """Whether the model file ``name`` and the encoder (with its entity/claim branch) are there."""
    from slant.encoder import runtime
    from slant.heads import model as heads_model

    base = Path(models) if models else folder()
    return (base / name).is_file() and runtime.available() and heads_model.available()


def blend(main: np.ndarray, keys: Sequence[Hashable], weight: float) -> np.ndarray:
    """Each mention's main-role probabilities moved ``weight`` of the way towards the mean over
    the mentions with the same key (the same actor in the same document): a text mostly casts an
    actor one way, and one short mention alone is often too little to tell which (the weight is
    chosen out-of-fold in training: docs/FRAMING.md)."""
    if weight <= 0 or len(main) < 2:
        return main
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        groups[key].append(i)
    out = main.copy()
    for rows in groups.values():
        if len(rows) > 1:
            out[rows] = weight * main[rows].mean(0) + (1 - weight) * main[rows]
    return out


def fine_ranking(scores: np.ndarray) -> list[list[Any]]:
    """Every fine role with its score, most likely first."""
    order = np.argsort(-scores, kind="stable")
    return [[ALL_FINE[k], round(float(scores[k]), 4)] for k in order]


@register(
    "roles",
    requires=("paragraph", "language", "sentence", "entity"),
    assigns=("role",),
    default_config={"models": None},
)
def make_roles(models: str | None = None) -> Roles:
    """Factory: ``models`` is a folder with a retrained ``roles.npz`` (default: the shipped one)."""
    if available(models):
        load(models)  # a broken model file fails when the pipeline is built
        return Roles(models)
    return Roles(None, enabled=False)


class Roles:
    def __init__(self, models: str | None, enabled: bool = True) -> None:
        self.models, self.enabled = models, enabled

    def __call__(self, doc: Document) -> Annotations:
        mentions = [
            s
            for s in doc.layer("entity")
            if s.label in ACTORS and s.attrs.get("canonical") and not s.attrs.get("hidden")
        ]
        if not self.enabled or not mentions:
            return Annotations()
        model = load(self.models)
        places = [(m.start, m.end) for m in mentions]
        main, fine = model.predict(features.mention_vectors(doc, features.encoding_of(doc), places))
        main = blend(main, [str(m.attrs["canonical"]) for m in mentions], model.actor_weight)
        spans = []
        actors: dict[str, list[np.ndarray]] = defaultdict(list)
        for mention, p, f in zip(mentions, main, fine, strict=True):
            label = MAIN_ROLES[int(p.argmax())]
            within = [k for k, name in enumerate(ALL_FINE) if MAIN_OF[name] == label]
            score = round(float(p.max()), 4)
            canonical = str(mention.attrs["canonical"])
            actors[canonical].append(p)
            attrs = {
                "canonical": canonical,
                "name": mention.attrs.get("name"),
                "fine_role": ALL_FINE[max(within, key=lambda k: f[k])],
                "fine_roles": fine_ranking(f),
                "main_roles": {r: round(float(v), 4) for r, v in zip(MAIN_ROLES, p, strict=True)},
                "display_threshold": model.display_threshold,
                "hidden": score < model.display_threshold,
            }
            spans.append(Span("role", mention.start, mention.end, label, score, attrs, model.name))
        summary = {}
        for canonical, rows in actors.items():
            mean = np.mean(rows, axis=0)
            summary[canonical] = {
                "role": MAIN_ROLES[int(mean.argmax())],
                "score": round(float(mean.max()), 4),
                "mentions": len(rows),
            }
        return Annotations(spans=spans, meta={"roles": summary})
