"""The ``genre``, ``frames`` and ``narratives`` analyzers: what kind of text it is, which of the 14
generic frames and which narratives of a taxonomy it serves, and the paragraphs that carry them.

One model file (``documents.npz``) holds the three classifiers over pooled encoder states
(:mod:`slant.framing.features`; no extra encoder pass). A frame or narrative is the document's
when the whole text reaches its threshold; its spans are the paragraphs that reach it too, or,
when none does alone, the paragraph that comes closest (a document's frames are exactly the
labels of its frame spans).
"""

from __future__ import annotations

import copy
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.analyze.registry import Annotations, register
from slant.document import Document, Span
from slant.errors import ConfigError
from slant.framing import features
from slant.framing.labels import FRAMES, GENRES
from slant.framing.linear import Linear
from slant.framing.roles import RETRAIN, available, folder

TOPIC_THRESHOLD = 0.5


class DocumentModel:
    """Genre (softmax), frames, narratives and sub-narratives (sigmoids) over passage vectors."""

    def __init__(self, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> None:
        self.card = card
        self.genre = Linear.from_arrays(arrays, "genre")
        self.frames = Linear.from_arrays(arrays, "frames")
        self.narratives = Linear.from_arrays(arrays, "narratives")
        self.subnarratives = Linear.from_arrays(arrays, "subnarratives")
        #: Whether a text is on the taxonomy's topics at all (absent in files without a gate).
        self.topic = Linear.from_arrays(arrays, "topic") if "topic.mean" in arrays else None
        self.narrative_names: list[str] = list(card["narratives"])
        self.sub_names: list[str] = list(card["subnarratives"])
        #: Per genre, the score from which it is shown (``None``: stored hidden whatever it scores;
        #: files trained before display thresholds show every genre).
        self.genre_display: dict[str, float | None] = card.get("genre_fit", {}).get(
            "display_thresholds", dict.fromkeys(GENRES, 0.0)
        )
        low, high = card["narratives_fit"]["thresholds"]
        self.thresholds = (float(low), float(high))

    @property
    def name(self) -> str:
        return f"slant.framing.documents@{self.card.get('version', '?')}"

    def on_topic(self, whole: np.ndarray) -> float:
        """The probability that a text is on the taxonomy's topics (1 without a gate)."""
        return 1.0 if self.topic is None else float(self.topic.probabilities(whole[None])[0, 1])


@lru_cache(maxsize=2)
def load(models: str | None = None) -> DocumentModel:
    base = Path(models) if models else folder()
    arrays, card = model_files.read(base / "documents.npz", "document framing model", RETRAIN)
    return DocumentModel(arrays, card)


#: The last document's vectors: genre, frames and narratives run one after the other on the
#: same document and each needs them.
_last: tuple[object, tuple[tuple[int, int], ...], tuple[np.ndarray, list[Span], np.ndarray]] | None = None


def vectors(doc: Document) -> tuple[np.ndarray, list[Span], np.ndarray]:
    """The whole text's vector, its paragraphs, and theirs (computed once per document)."""
    global _last
    paragraphs = [p for p in doc.layer("paragraph") if doc.text[p.start : p.end].strip()]
    encoding = features.encoding_of(doc)
    ranges = ((0, len(doc.text)), *((p.start, p.end) for p in paragraphs))
    if _last is not None and _last[0] is encoding and _last[1] == ranges:
        return _last[2]
    rows = features.passage_vectors(encoding, ranges)
    _last = (encoding, ranges, (rows[0], paragraphs, rows[1:]))
    return _last[2]


def on_paragraphs(
    layer: str,
    label: str,
    places: list[int],
    paragraphs: list[Span],
    scores: np.ndarray,
    attrs: dict[str, Any],
    model: str,
) -> list[Span]:
    """One ``layer`` span per carrying paragraph, scored by that paragraph's probability."""
    return [
        Span(
            layer,
            paragraphs[i].start,
            paragraphs[i].end,
            label,
            round(float(scores[i]), 4),
            copy.deepcopy(attrs),  # each span owns its attrs, as the store expects
            model,
        )
        for i in places
    ]


def carriers(whole: float, own: np.ndarray, threshold: float) -> list[int]:
    """The paragraphs that carry a label the document has: those at or above the threshold, else
    the closest one."""
    if whole < threshold or not len(own):
        return []
    found = [int(k) for k in np.flatnonzero(own >= threshold)]
    return found or [int(own.argmax())]


def _factory(kind: str) -> Any:
    def make(models: str | None = None) -> Any:
        if available(models, "documents.npz"):
            load(models)  # a broken model file fails when the pipeline is built
            return Passages(kind, models)
        return Passages(kind, None, enabled=False)

    make.__doc__ = f"Factory for ``{kind}``: ``models`` is a folder with a retrained ``documents.npz``."
    return make


class Passages:
    def __init__(self, kind: str, models: str | None, enabled: bool = True) -> None:
        self.kind, self.models, self.enabled = kind, models, enabled

    def __call__(self, doc: Document) -> Annotations:
        if not self.enabled or not doc.text.strip():
            return Annotations()
        model = load(self.models)
        whole, paragraphs, own = vectors(doc)
        if self.kind == "genre":
            p = model.genre.probabilities(whole[None])[0]
            scores = {g: round(float(v), 4) for g, v in zip(GENRES, p, strict=True)}
            label = GENRES[int(p.argmax())]
            shown_from = model.genre_display.get(label)
            attrs = {
                "scores": scores,
                "display_threshold": shown_from,
                "hidden": shown_from is None or scores[label] < shown_from,
            }
            span = Span("genre", 0, len(doc.text), label, scores[label], attrs, model.name)
            return Annotations(spans=[span])
        if self.kind == "frames":
            return Annotations(spans=self.frames(model, whole, paragraphs, own))
        return Annotations(spans=self.narratives(model, whole, paragraphs, own))

    @staticmethod
    def frames(
        model: DocumentModel, whole: np.ndarray, paragraphs: list[Span], own: np.ndarray
    ) -> list[Span]:
        doc_p = model.frames.probabilities(whole[None])[0]
        par_p = model.frames.probabilities(own) if len(own) else np.zeros((0, len(FRAMES)))
        thresholds = (
            model.frames.thresholds if model.frames.thresholds is not None else np.full(len(FRAMES), 0.5)
        )
        spans: list[Span] = []
        for k, frame in enumerate(FRAMES):
            places = carriers(float(doc_p[k]), par_p[:, k], float(thresholds[k]))
            attrs = {"document_score": round(float(doc_p[k]), 4), "threshold": round(float(thresholds[k]), 4)}
            spans += on_paragraphs("frame", frame, places, paragraphs, par_p[:, k], attrs, model.name)
        return spans

    @staticmethod
    def narratives(
        model: DocumentModel, whole: np.ndarray, paragraphs: list[Span], own: np.ndarray
    ) -> list[Span]:
        topic = model.on_topic(whole)
        if topic < TOPIC_THRESHOLD:
            return []  # off the taxonomy's topics: its classifiers never saw such a text
        doc_n = model.narratives.probabilities(whole[None])[0]
        doc_s = model.subnarratives.probabilities(whole[None])[0]
        par_n = model.narratives.probabilities(own) if len(own) else np.zeros((0, len(doc_n)))
        t_n, t_s = model.thresholds
        spans: list[Span] = []
        for k, narrative in enumerate(model.narrative_names):
            places = carriers(float(doc_n[k]), par_n[:, k], t_n)
            if not places:
                continue
            under = [j for j, name in enumerate(model.sub_names) if name.startswith(narrative + ": ")]
            best = max(under, key=lambda j: doc_s[j]) if under else None
            sub = model.sub_names[best] if best is not None and doc_s[best] >= t_s else f"{narrative}: Other"
            subs = sorted(
                ((model.sub_names[j], round(float(doc_s[j]), 4)) for j in under), key=lambda x: -x[1]
            )
            attrs = {
                "subnarrative": sub,
                "subnarratives": [list(x) for x in subs],
                "document_score": round(float(doc_n[k]), 4),
                "threshold": t_n,
                "topic_score": round(topic, 4),
                "taxonomy": "semeval2025",
                "method": "trained",
            }
            spans += on_paragraphs("narrative", narrative, places, paragraphs, par_n[:, k], attrs, model.name)
        return spans


_REQUIRES = ("paragraph", "language", "sentence")
register("genre", requires=_REQUIRES, assigns=("genre",), default_config={"models": None})(_factory("genre"))
register("frames", requires=_REQUIRES, assigns=("frame",), default_config={"models": None})(
    _factory("frames")
)


def make_narratives(
    models: str | None = None,
    taxonomy: str | None = None,
    threshold: float | None = None,
    margin: float | None = None,
    sub_threshold: float | None = None,
) -> Any:
    """Factory for ``narratives``: the trained SemEval-2025 model (``models``: a folder with a
    retrained ``documents.npz``), or, with ``taxonomy`` (a TOML file, or ``"semeval2025"`` for the
    bundled one), zero-shot detection of that taxonomy's narratives
    (:mod:`slant.framing.zeroshot`; ``threshold``, ``margin`` and ``sub_threshold`` override its
    calibrated cosines). The taxonomy is read and checked here, so a bad file stops the pipeline
    before any document is analysed."""
    tuned = {"threshold": threshold, "margin": margin, "sub_threshold": sub_threshold}
    if taxonomy is None:
        given = [key for key, value in tuned.items() if value is not None]
        if given:
            raise ConfigError(f"analyzer 'narratives': option {given[0]!r} applies only with a taxonomy")
        return _factory("narratives")(models)
    from slant.encoder import vectors
    from slant.framing import taxonomy as taxonomies
    from slant.framing import zeroshot

    if models is not None:
        raise ConfigError("analyzer 'narratives': give either 'models' (trained) or 'taxonomy' (zero-shot)")
    if not isinstance(taxonomy, str | Path) or not str(taxonomy).strip():
        raise ConfigError("analyzer 'narratives': option 'taxonomy' must be the path of a TOML file")
    path = Path(str(taxonomy))
    # "semeval2025" names the bundled file (also once made relative to a config file's folder).
    bundled = path.name == taxonomies.SHIPPED and not path.exists()
    loaded = taxonomies.load(taxonomies.shipped_path() if bundled else path)
    settings = zeroshot.Settings()
    for key, value in tuned.items():
        if value is None:
            continue
        low, high = (0.0, 2.0) if key == "margin" else (-1.0, 1.0)
        if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
            raise ConfigError(
                f"analyzer 'narratives': option {key!r} must be a number from {low:g} to {high:g}"
            )
        settings = replace(settings, **{key: float(value)})
    vectors.require_available()
    return ZeroShot(zeroshot.ZeroShotNarratives(loaded, settings))


class ZeroShot:
    """The ``narratives`` analyzer over a user's taxonomy."""

    def __init__(self, detector: Any) -> None:
        self.detector = detector

    def __call__(self, doc: Document) -> Annotations:
        return Annotations(spans=self.detector(doc))


register(
    "narratives",
    requires=_REQUIRES,
    assigns=("narrative",),
    default_config={
        "models": None,
        "taxonomy": None,
        "threshold": None,
        "margin": None,
        "sub_threshold": None,
    },
)(make_narratives)
