"""The ``techniques`` analyzer: ``technique`` spans over sentences, with score, cue and explanation."""

from __future__ import annotations

from slant.analyze.registry import Annotations, register
from slant.document import Document
from slant.errors import ConfigError
from slant.techniques import encoder
from slant.techniques.model import TIERS, load
from slant.techniques.predict import score, technique_spans
from slant.techniques.units import units

DEFAULT_TIER = "auto"


def resolve_tier(tier: str) -> str:
    """``auto`` is ``accurate`` when the encoder is installed, else ``fast``."""
    if tier == "auto":
        return "accurate" if encoder.available() else "fast"
    if tier not in TIERS:
        raise ConfigError(f"unknown technique tier {tier!r}; choose one of: auto, {', '.join(TIERS)}")
    if tier == "accurate":
        encoder.require_available()
    return tier


@register(
    "techniques",
    requires=("paragraph", "sentence"),
    assigns=("technique",),
    default_config={"tier": DEFAULT_TIER, "min_score": None, "models": None},
)
def make_techniques(
    tier: str = DEFAULT_TIER, min_score: float | None = None, models: str | None = None
) -> Techniques:
    """Factory: ``tier`` auto | fast | accurate; ``min_score`` overrides the per-technique thresholds;
    ``models`` is a folder of retrained model files (default: the ones shipped with slant)."""
    if min_score is not None and not 0.0 <= float(min_score) <= 1.0:
        raise ConfigError(f"techniques: min_score must be between 0 and 1, not {min_score!r}")
    return Techniques(resolve_tier(tier), None if min_score is None else float(min_score), models)


class Techniques:
    """Labels sentences with the persuasion techniques a model finds in them."""

    def __init__(self, tier: str, min_score: float | None, models: str | None) -> None:
        self.tier, self.min_score, self.models = tier, min_score, models

    def __call__(self, doc: Document) -> Annotations:
        unit_list = units(doc)
        model = load(self.tier, self.models)  # cached per process; each worker loads its own on first use
        scores = score(model, doc.text, unit_list)
        name = f"slant.techniques.{model.tier}@{model.card.get('version', '?')}"
        return Annotations(spans=technique_spans(doc.text, unit_list, scores, self.min_score, name))
