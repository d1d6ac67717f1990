"""The ``claims`` analyzer: a ``claim`` span over each sentence a fact-checker would likely want to check."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from slant.analyze.registry import Annotations, register
from slant.claims.dataset import clean
from slant.claims.model import TIERS, AccurateModel, Model, load
from slant.claims.types import claim_type
from slant.document import Document, Span
from slant.errors import ConfigError

DEFAULT_TIER = "auto"
#: Sentences with fewer words (after URLs are dropped) are not scored: "Thank you.", "Here is
#: the link:" and bylines carry no checkable statement, and the training data has few of them.
MIN_WORDS = 4
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d")


def accurate_available(models: str | None = None) -> bool:
    """Whether the accurate tier can run: the encoder's packages and the entity/claim heads."""
    from slant.heads import model as heads_model

    return heads_model.available(models if models and (Path(models) / "heads.npz").is_file() else None)


def resolve_tier(tier: str, models: str | None = None) -> str:
    """``auto`` is ``accurate`` when the encoder's packages are installed (the claim head reads the
    entity/claim branch the entities analyzer runs anyway, so it costs little), else ``fast``."""
    if tier == "auto":
        return "accurate" if accurate_available(models) else "fast"
    if tier not in TIERS:
        raise ConfigError(f"unknown claim tier {tier!r}; choose one of: auto, {', '.join(TIERS)}")
    return tier


@register(
    "claims",
    requires=("paragraph", "language", "sentence"),
    assigns=("claim",),
    default_config={"tier": DEFAULT_TIER, "min_score": None, "models": None},
)
def make_claims(
    tier: str = DEFAULT_TIER, min_score: float | None = None, models: str | None = None
) -> Claims:
    """Factory: ``tier`` auto | fast | accurate; ``min_score`` overrides the model's per-language
    threshold; ``models`` is a folder of retrained model files (default: the ones shipped)."""
    if min_score is not None:
        try:
            min_score = float(min_score)
        except (TypeError, ValueError):
            raise ConfigError(f"claims: min_score must be a number, not {min_score!r}") from None
        if not 0.0 <= min_score <= 1.0:
            raise ConfigError(f"claims: min_score must be between 0 and 1, not {min_score!r}")
    resolved = resolve_tier(tier, models)
    load(resolved, models)  # a missing or broken model file fails when the pipeline is built
    return Claims(resolved, min_score, models)


def sentence_languages(doc: Document, sentences: Sequence[Span]) -> list[str | None]:
    """Each sentence's language: the ``language`` span it starts in, else the document's."""
    return [doc.language_at(sentence.start) for sentence in sentences]


def scorable(text: str) -> bool:
    """Whether a sentence is long enough to be scored at all (see :data:`MIN_WORDS`)."""
    return len(_WORD.findall(clean(text))) >= MIN_WORDS


def explain(model: Model, text: str, probability: float, threshold: float) -> str:
    """A short reason: the score, the words that raised it most, whether it states a number."""
    parts = [f"check-worthy claim, p={probability:.2f} (threshold {threshold:.2f})"]
    cues = model.cues(text)
    if cues:
        parts.append("cues: " + ", ".join(f"'{c}'" for c in cues))
    if _NUMBER.search(text):
        parts.append("states a number")
    return "; ".join(parts)


class Claims:
    """Scores sentences for check-worthiness and marks those at or above the threshold."""

    def __init__(self, tier: str, min_score: float | None, models: str | None) -> None:
        self.tier, self.min_score, self.models = tier, min_score, models

    def __call__(self, doc: Document) -> Annotations:
        sentences = [
            s
            for s in sorted(doc.layer("sentence"), key=lambda s: s.start)
            if 0 <= s.start < s.end <= len(doc.text) and scorable(doc.text[s.start : s.end])
        ]
        if not sentences:
            return Annotations(spans=[])
        texts = [doc.text[s.start : s.end] for s in sentences]
        languages = sentence_languages(doc, sentences)
        model = load(self.tier, self.models)  # cached per process; each worker loads its own on first use
        if isinstance(model, AccurateModel):
            # The same windows as the techniques tagger and the entities: one pass per document.
            from slant.encoder import runtime
            from slant.techniques.units import units

            encoding = runtime.encode(doc.text, [(u.start, u.end, u.paragraph) for u in units(doc)])
            logits = model.logits_in(encoding, [(s.start, s.end) for s in sentences])
        else:
            logits = model.logits(texts)
        return Annotations(spans=self._spans(model, sentences, texts, logits, languages))

    def _spans(
        self,
        model: Model,
        sentences: Sequence[Span],
        texts: Sequence[str],
        logits: np.ndarray,
        languages: Sequence[str | None],
    ) -> list[Span]:
        name = f"slant.claims.{model.tier}@{model.card.get('version', '?')}"
        spans = []
        for sentence, text, logit, language in zip(sentences, texts, logits, languages, strict=True):
            probability = float(model.calibration.probability(np.array([logit]), language)[0])
            threshold = (
                self.min_score if self.min_score is not None else model.calibration.threshold(language)
            )
            if probability < threshold:
                continue
            kind, cue = claim_type(text, language)
            shown: dict[str, object] = {}
            if isinstance(model, AccurateModel) and self.min_score is None:
                display = model.display_threshold(language)
                shown = {"display_threshold": round(display, 4), "hidden": probability < display}
            spans.append(
                Span(
                    "claim",
                    sentence.start,
                    sentence.end,
                    label="claim",
                    score=round(probability, 4),
                    attrs={
                        "threshold": round(threshold, 4),
                        "tier": model.tier,
                        "calibration": model.calibration.entry(language),
                        "explanation": explain(model, text, probability, threshold),
                        "claim_type": kind,
                        "claim_type_cue": cue,
                        **shown,
                    },
                    model=name,
                )
            )
        return spans
