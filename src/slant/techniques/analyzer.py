"""The ``techniques`` analyzer: ``technique`` spans with score, category and explanation.

Two tiers: ``accurate`` marks the phrases a person would mark, with the token-level
tagger on the fine-tuned encoder (:mod:`slant.techniques.tagger`); ``fast`` labels
sentences from TF-IDF features, for machines without the encoder's packages.
"""

from __future__ import annotations

from typing import Any

from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.encoder import runtime
from slant.errors import ConfigError, MissingDependency
from slant.techniques import tagger
from slant.techniques.model import TIERS, load
from slant.techniques.predict import score, technique_spans
from slant.techniques.taxonomy import BY_NAME, NAMES, explain
from slant.techniques.units import units

DEFAULT_TIER = "auto"


def resolve_tier(tier: str) -> str:
    """``auto`` is ``accurate`` when the encoder's packages are installed, else ``fast``."""
    if tier == "auto":
        return "accurate" if runtime.available() else "fast"
    if tier not in TIERS:
        raise ConfigError(f"unknown technique tier {tier!r}; choose one of: auto, {', '.join(TIERS)}")
    if tier == "accurate" and not runtime.available():
        raise MissingDependency(
            "the accurate technique tier needs the encoder's packages: pip install 'slant[accurate]'"
        )
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
    """Marks the persuasion techniques a model finds in a document."""

    def __init__(self, tier: str, min_score: float | None, models: str | None) -> None:
        self.tier, self.min_score, self.models = tier, min_score, models

    def __call__(self, doc: Document) -> Annotations:
        unit_list = units(doc)
        if self.tier == "accurate":
            spans, skipped = tagged_spans(doc.text, unit_list, self.min_score, self.models)
            # Sentences longer than the encoder reads (a 5 MB line) are tagged on their start only.
            meta = {"techniques_unread_chars": skipped} if skipped else {}
            return Annotations(spans=spans, meta=meta)
        model = load(self.tier, self.models)  # cached per process; each worker loads its own on first use
        scores = score(model, doc.text, unit_list)
        name = f"slant.techniques.{model.tier}@{model.card.get('version', '?')}"
        return Annotations(spans=technique_spans(doc.text, unit_list, scores, self.min_score, name))


def tagged_spans(
    text: str, unit_list: list[Any], min_score: float | None, models: str | None
) -> tuple[list[Span], int]:
    """Spans of the token-level tagger, and how many characters were too far into an overlong
    sentence to be read. A candidate is kept for each technique at or above its F1 threshold
    (``attrs.threshold``) and for its best-scoring one (at least ``KEEP_FLOOR``); those below the
    display threshold for their shape (``attrs.display_threshold``) are kept with ``attrs.hidden``.
    ``min_score`` replaces both thresholds."""
    model = tagger.load_from(models)
    encoding = tagger.encode(text, unit_list, models)
    thresholds = model.thresholds if min_score is None else [min_score] * len(NAMES)
    name = f"slant.techniques.accurate@{model.card.get('version', '?')}"
    spans = []
    for candidate in model.candidates(text, encoding):
        probability = candidate.calibrated
        best = int(probability.argmax())
        found = text[candidate.start : candidate.end]
        for column, technique in enumerate(NAMES):
            kept = probability[column] >= thresholds[column]
            if not kept and (column != best or probability[column] < tagger.KEEP_FLOOR):
                continue
            display = model.display(column, found) if min_score is None else min_score
            attrs: dict[str, Any] = {
                "category": BY_NAME[technique].category,
                "threshold": round(float(thresholds[column]), 4),
                "display_threshold": round(display, 4),
                "explanation": explain(technique, found),
                "scope": "phrase",
            }
            if not kept or probability[column] < display:
                attrs["hidden"] = True
            score_value = round(float(probability[column]), 4)
            spans.append(
                Span("technique", candidate.start, candidate.end, technique, score_value, attrs, name)
            )
    return spans, encoding.windows.skipped_chars
