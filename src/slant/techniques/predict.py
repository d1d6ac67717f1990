"""Score sentences with a technique model, and say why: the n-gram that weighed most."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.special import expit

from slant.document import Span
from slant.techniques.model import FastModel, Model
from slant.techniques.taxonomy import BY_NAME, NAMES, explain
from slant.techniques.units import Unit

#: Longest stretch of one sentence sent to the models; a 5 MB "paragraph" is scored by its start.
MAX_UNIT_CHARS = 2_000
#: Cues: word n-grams adding at least this much to a technique's logit, at most this many a sentence.
CUE_MIN_WEIGHT = 0.25
MAX_CUES = 3


@dataclass
class Scores:
    """Per sentence and technique: probability and the threshold it must reach; cues on demand."""

    probability: np.ndarray
    thresholds: np.ndarray
    fast: FastModel | None = None
    features: sp.csr_matrix | None = None
    text: str = ""
    unit_list: Sequence[Unit] = ()

    def hits(self, min_score: float | None = None) -> list[tuple[int, int, float]]:
        """``(unit, technique, probability)`` for each score at or above its threshold."""
        limit = self.thresholds if min_score is None else np.full(len(NAMES), min_score)
        rows, cols = np.nonzero(self.probability >= limit)
        return [(int(r), int(c), float(self.probability[r, c])) for r, c in zip(rows, cols, strict=True)]

    def cues(self, row: int, technique: int) -> list[tuple[int, int, float]]:
        """Up to ``MAX_CUES`` words of the sentence that weighed most for a technique.

        A word's weight is what its features add to the fast model's logit: its own word
        feature plus its character n-grams (which belong to one word each; an n-gram several
        words share is split between them). Each cue is ``(start, end, weight)``, strongest
        first. Computed only for the spans kept.
        """
        if self.fast is None or self.features is None:
            return []
        fast, unit = self.fast, self.unit_list[row]
        lo, hi = self.features.indptr[row], self.features.indptr[row + 1]
        value = dict(
            zip(self.features.indices[lo:hi].tolist(), self.features.data[lo:hi].tolist(), strict=True)
        )
        coef = fast.head.coef[:, technique]
        n_char = len(fast.lexical.char.vocabulary_)
        sentence = self.text[unit.start : unit.end][:MAX_UNIT_CHARS]
        tokens = [(m, fast.lexical.char_ids(m.group())) for m in re.finditer(r"\S+", sentence)]
        owners: dict[int, int] = {}
        for _, ids in tokens:
            for feature in set(ids):
                owners[feature] = owners.get(feature, 0) + 1
        scored = []
        for match, ids in tokens:
            word = re.search(r"\w[\w'’-]*\w|\w", match.group())
            if word is None or len(word.group()) < 3:
                continue  # punctuation, numbers of a digit or two, "of", "la": not a cue
            weight = sum(value.get(f, 0.0) * float(coef[f]) / owners[f] for f in set(ids))
            column = fast.lexical.word.vocabulary_.get(word.group().lower())
            if column is not None:
                weight += value.get(n_char + column, 0.0) * float(coef[n_char + column])
            start = unit.start + match.start() + word.start()
            scored.append((weight, start, start + len(word.group())))
        scored.sort(reverse=True)
        return [(a, b, round(w, 3)) for w, a, b in scored[:MAX_CUES] if w >= CUE_MIN_WEIGHT]


def score(model: Model, text: str, unit_list: Sequence[Unit]) -> Scores:
    """Probabilities ``(units, 23)`` for the sentences of one document."""
    fast = model
    if not unit_list:
        empty = np.zeros((0, len(NAMES)), dtype=np.float32)
        return Scores(empty, model.thresholds)
    sentences = [text[u.start : u.end][:MAX_UNIT_CHARS] for u in unit_list]
    x = fast.features(sentences, [u.paragraph for u in unit_list])
    logits = fast.head.decision(x)
    probability = expit(logits)
    return Scores(probability.astype(np.float32), model.thresholds, fast, x, text, unit_list)


#: Techniques whose training spans are a few words (median <= 3 words in SemEval-2023 English
#: train: Loaded_Language 2, Name_Calling-Labeling 3, Repetition 2): their spans are the cues,
#: not the whole sentence. The others (median 4-19 words) span their sentence.
PHRASE_TECHNIQUES = frozenset({"Loaded_Language", "Name_Calling-Labeling", "Repetition"})


def technique_spans(
    text: str, unit_list: Sequence[Unit], scores: Scores, min_score: float | None, model_name: str
) -> list[Span]:
    """``technique`` spans: phrase techniques on their cues, the others on their sentence."""
    spans = []
    for row, column, probability in scores.hits(min_score):
        unit, technique = unit_list[row], NAMES[column]
        cues = scores.cues(row, column)
        attrs: dict[str, Any] = {
            "category": BY_NAME[technique].category,
            "threshold": round(float(scores.thresholds[column]), 4),
            "sentence_start": unit.start,
            "sentence_end": unit.end,
        }
        if cues:
            attrs["cue_start"], attrs["cue_end"] = cues[0][:2]
        attrs["explanation"] = explain(technique, text[cues[0][0] : cues[0][1]] if cues else None)
        places = [(a, b) for a, b, _ in cues] if technique in PHRASE_TECHNIQUES and cues else []
        attrs["scope"] = "phrase" if places else "sentence"
        for start, end in places or [(unit.start, unit.end)]:
            spans.append(
                Span("technique", start, end, technique, round(probability, 4), dict(attrs), model_name)
            )
    return spans
