"""The ``claims`` analyzer: a ``claim`` span over each sentence a fact-checker would likely want to check."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from slant.analyze.registry import Annotations, register
from slant.claims.dataset import clean
from slant.claims.model import TIERS, Model, load
from slant.claims.types import claim_type
from slant.document import Document, Span
from slant.encoder import vectors as encoder
from slant.errors import ConfigError

DEFAULT_TIER = "auto"
#: Sentences with fewer words (after URLs are dropped) are not scored: "Thank you.", "Here is
#: the link:" and bylines carry no checkable statement, and the training data has few of them.
MIN_WORDS = 4
_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"\d")


#: Languages the fast tier's n-grams were trained on; ``auto`` sends the others to the encoder.
FAST_LANGUAGES = ("en", "ar")


def resolve_tier(tier: str) -> str:
    """``auto`` is ``fast`` for a whole corpus: on English dev-test the accurate tier adds 0.005 F1
    (0.726 against 0.721) for ~50 times the time (~470 ms an article against ~10 ms). The analyzer
    keeps ``auto`` per sentence: sentences in other languages than :data:`FAST_LANGUAGES` go to the
    accurate tier when the encoder is installed (fast n-grams of English and Arabic find little in
    Russian or Swedish: docs/QUALITY.md)."""
    if tier == "auto":
        return "fast"
    if tier not in TIERS:
        raise ConfigError(f"unknown claim tier {tier!r}; choose one of: auto, {', '.join(TIERS)}")
    if tier == "accurate":
        encoder.require_available()
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
    if tier == "auto":
        return Claims("auto", min_score, models)
    return Claims(resolve_tier(tier), min_score, models)


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
        tier_of = {language: self._tier(language) for language in set(languages)}
        tiers = [tier_of[language] for language in languages]
        spans = []
        for tier in dict.fromkeys(tiers):
            rows = [i for i, t in enumerate(tiers) if t == tier]
            model = load(tier, self.models)  # cached per process; each worker loads its own on first use
            logits = model.logits([texts[i] for i in rows])
            spans += self._spans(
                model,
                [sentences[i] for i in rows],
                [texts[i] for i in rows],
                logits,
                [languages[i] for i in rows],
            )
        return Annotations(spans=sorted(spans, key=lambda s: s.start))

    def _tier(self, language: str | None) -> str:
        if self.tier != "auto":
            return self.tier
        if language in FAST_LANGUAGES or not encoder.available():
            return "fast"
        return "accurate"

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
                    },
                    model=name,
                )
            )
        return spans
