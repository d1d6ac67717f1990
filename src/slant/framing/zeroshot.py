"""Zero-shot narrative detection for a user's taxonomy (:mod:`slant.framing.taxonomy`): no training,
only the multilingual sentence encoder (:mod:`slant.encoder.vectors`, e5-small).

Each narrative and sub-narrative becomes a few vectors (its name with its description, and each
example sentence). A document is cut into passages (a paragraph's sentences, up to
:data:`PASSAGE_CHARS` characters each); a passage's similarity to an entry is its best cosine
with the entry's vectors. A paragraph scores what its best passage scores, the document what its
best paragraph scores. A narrative is the document's when that score reaches the threshold and
is within the margin of the document's best narrative; it is shown on the paragraphs that reach
the threshold (or the closest one), as the trained model's narratives are. Its sub-narrative is
the best one under it that reaches the sub-narrative threshold, else ``<narrative>: Other``.

Why this encoder and not the pipeline's own states (which would cost nothing extra): see
docs/FRAMING.md, "Your own taxonomy" (measured on the SemEval-2025 split).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from slant.document import Document, Span
from slant.framing.taxonomy import Taxonomy

#: Characters of text per passage the encoder sees (its sentence vectors cut at 600).
PASSAGE_CHARS = 600
#: Cosine a document's best paragraph must reach for a narrative: the lowest that gives at most
#: 10 % of 150 off-topic SemEval-2023 TRAIN articles a narrative of the bundled SemEval-2025
#: taxonomy (e5 cosines of unrelated texts lie around 0.78-0.86, so on-topic and off-topic
#: articles overlap; ``slant.framing.evaluate.calibrate``, ``OFF_TOPIC_RATE``).
THRESHOLD = 0.855
#: A narrative must also come within this of the document's best narrative: the best narratives
#: samples F1 on the SemEval-2025 TRAIN split with that threshold (same calibration).
MARGIN = 0.03
#: Cosine a sub-narrative must reach to be named: the best sub-narratives samples F1 on the
#: SemEval-2025 TRAIN split (same calibration).
SUB_THRESHOLD = 0.845

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Settings:
    """The zero-shot decision's knobs (config options of the ``narratives`` analyzer)."""

    threshold: float = THRESHOLD
    margin: float = MARGIN
    sub_threshold: float = SUB_THRESHOLD


@dataclass
class Prototypes:
    """Every entry's vectors, stacked in ``vectors`` entry after entry; ``starts[k]`` is the first
    row of entry ``k`` (each entry has at least one)."""

    vectors: np.ndarray
    starts: np.ndarray
    count: int

    def similarity(self, passages: np.ndarray) -> np.ndarray:
        """``(passages, entries)``: each passage's best cosine with each entry's vectors."""
        if not len(passages):
            return np.zeros((0, self.count), dtype=np.float32)
        return np.maximum.reduceat(passages @ self.vectors.T, self.starts, axis=1)


def prototypes(texts: Sequence[Sequence[str]], embed: Embed) -> Prototypes:
    """Embed each entry's texts (one list per entry) into :class:`Prototypes`."""
    if any(not entry for entry in texts):
        raise ValueError("every entry needs at least one text")
    flat = [t for entry in texts for t in entry]
    starts = np.cumsum([0, *(len(entry) for entry in texts[:-1])]).astype(np.int64)
    return Prototypes(embed(flat), starts, len(texts))


def passages(doc: Document) -> tuple[list[Span], list[tuple[int, int, int]]]:
    """The document's non-blank paragraphs, and its passages as ``(start, end, paragraph)``:
    consecutive sentences of one paragraph up to :data:`PASSAGE_CHARS` characters."""
    paragraphs = [p for p in doc.layer("paragraph") if doc.text[p.start : p.end].strip()]
    sentences = doc.layer("sentence")
    starts = [s.start for s in sentences]
    out: list[tuple[int, int, int]] = []
    for i, p in enumerate(paragraphs):
        first = bisect.bisect_left(starts, p.start)
        inside = [(s.start, s.end) for s in sentences[first:] if s.start < p.end and s.end <= p.end]
        inside = [(a, b) for a, b in inside if a >= p.start and doc.text[a:b].strip()] or [(p.start, p.end)]
        start, end = inside[0]
        for a, b in inside[1:]:
            if b - start <= PASSAGE_CHARS:
                end = b
            else:
                out.append((start, end, i))
                start, end = a, b
        out.append((start, end, i))
    return paragraphs, out


def paragraph_scores(similarity: np.ndarray, owners: Sequence[int], paragraphs: int) -> np.ndarray:
    """``(paragraphs, entries)``: each paragraph's best passage similarity."""
    out = np.full((paragraphs, similarity.shape[1]), -1.0, dtype=np.float32)
    for row, i in zip(similarity, owners, strict=True):
        np.maximum(out[i], row, out=out[i])
    return out


def decide(
    doc_n: np.ndarray,
    doc_s: np.ndarray,
    parents: Sequence[int],
    settings: Settings,
) -> list[tuple[int, int | None]]:
    """The document's narratives (index) with their sub-narrative (index, or None for "Other")
    from its narrative and sub-narrative scores; ``parents[j]`` is sub-narrative ``j``'s narrative."""
    if not len(doc_n):
        return []
    best = float(doc_n.max())
    chosen = [
        int(k) for k in np.flatnonzero(doc_n >= settings.threshold) if doc_n[k] >= best - settings.margin
    ]
    out: list[tuple[int, int | None]] = []
    for k in chosen:
        under = [j for j, p in enumerate(parents) if p == k]
        top = max(under, key=lambda j: doc_s[j]) if under else None
        out.append((k, top if top is not None and doc_s[top] >= settings.sub_threshold else None))
    return out


def label_sets(taxonomy: Taxonomy, decisions: list[tuple[int, int | None]]) -> tuple[set[str], set[str]]:
    """Narrative and sub-narrative names as the SemEval-2025 scorer counts them ({"Other"} for none)."""
    if not decisions:
        return {"Other"}, {"Other"}
    narratives = {taxonomy.narratives[k].name for k, _ in decisions}
    subs = {
        taxonomy.subnarratives[j].name if j is not None else f"{taxonomy.narratives[k].name}: Other"
        for k, j in decisions
    }
    return narratives, subs


class ZeroShotNarratives:
    """The ``narratives`` analyzer with a user's taxonomy: the same ``narrative`` spans as the
    trained model, with ``attrs.taxonomy`` and ``attrs.method = "zero-shot"``."""

    def __init__(self, taxonomy: Taxonomy, settings: Settings, embed: Embed | None = None) -> None:
        self.taxonomy, self.settings = taxonomy, settings
        self._embed = embed
        self._prototypes: Prototypes | None = None
        self._parents = taxonomy.parents()
        self.name = f"slant.framing.zeroshot@{taxonomy.name}-{taxonomy.digest[:8]}"

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Sentence vectors (the multilingual encoder unless another was given)."""
        if self._embed is None:
            from slant.encoder import vectors

            self._embed = vectors.embed
        return self._embed(texts)

    def prototypes(self) -> Prototypes:
        """The taxonomy's vectors, embedded at first use (narratives first, then sub-narratives)."""
        if self._prototypes is None:
            entries = [*self.taxonomy.narratives, *self.taxonomy.subnarratives]
            self._prototypes = prototypes([e.texts() for e in entries], self.embed)
        return self._prototypes

    def __call__(self, doc: Document) -> list[Span]:
        from slant.framing.passages import carriers, on_paragraphs

        if not doc.text.strip():
            return []
        paragraphs, pieces = passages(doc)
        if not pieces:
            return []
        similarity = self.prototypes().similarity(self.embed([doc.text[a:b] for a, b, _ in pieces]))
        by_paragraph = paragraph_scores(similarity, [i for _, _, i in pieces], len(paragraphs))
        whole = by_paragraph.max(0)
        count = len(self.taxonomy.narratives)
        doc_n, doc_s = whole[:count], whole[count:]
        spans: list[Span] = []
        for k, sub in decide(doc_n, doc_s, self._parents, self.settings):
            narrative = self.taxonomy.narratives[k].name
            places = carriers(float(doc_n[k]), by_paragraph[:, k], self.settings.threshold)
            under = [j for j, p in enumerate(self._parents) if p == k]
            ranked = sorted(under, key=lambda j: -doc_s[j])
            attrs = {
                "subnarrative": self.taxonomy.subnarratives[sub].name
                if sub is not None
                else f"{narrative}: Other",
                "subnarratives": [
                    [self.taxonomy.subnarratives[j].name, round(float(doc_s[j]), 4)] for j in ranked
                ],
                "document_score": round(float(doc_n[k]), 4),
                "threshold": self.settings.threshold,
                "taxonomy": self.taxonomy.name,
                "method": "zero-shot",
            }
            spans += on_paragraphs(
                "narrative", narrative, places, paragraphs, by_paragraph[:, k], attrs, self.name
            )
        return spans
