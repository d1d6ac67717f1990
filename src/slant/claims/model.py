"""The two claim models behind one interface, saved as plain numpy archives with their card.

``fast``: TF-IDF n-grams (words 1-2, characters 2-5) of a sentence -> one logistic unit.
``accurate``: the claim head on the encoder's entity/claim branch (:mod:`slant.heads`), which
reads each sentence in its paragraph's context. Both tiers turn their logit into a probability
with a per-language Platt scaling fitted on the dev split, and flag a sentence as a claim at a
per-language threshold chosen there too. Languages without their own entry use the ``*`` entry (fitted on the
pooled dev sets).

Files hold no pickles (``allow_pickle=False``): strings, numbers and a JSON card.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit

from slant import model_files
from slant.claims.dataset import clean
from slant.errors import ConfigError
from slant.features.lexical import Lexical

TIERS = ("fast", "accurate")
FORMAT = 1
#: Calibration entry of languages the model has no entry of its own for.
ANY_LANGUAGE = "*"
#: Share of news sentences the accurate tier shows by default (docs/QUALITY.md: between the
#: share fact-checkers picked in CLEF-2019 debates and the share of checkable sentences).
DISPLAY_SHARE = 0.10
#: Cue words need at least this idf (in about 3 % of training sentences or fewer): "the",
#: "were", "in" raise scores too, but name nothing a reader can check.
CUE_MIN_IDF = 4.5


def bundled_path(tier: str) -> Path:
    """Where the committed model file of a tier lives inside the package."""
    return Path(str(resources.files("slant.claims") / "models" / f"claims-{tier}.npz"))


@dataclass
class Calibration:
    """Per-language Platt scaling ``sigmoid(a * logit + b)`` and decision threshold."""

    languages: list[str]
    platt: np.ndarray  # (languages, 2): a, b
    thresholds: np.ndarray  # (languages,)

    def _row(self, language: str | None) -> int:
        if language in self.languages:
            return self.languages.index(language)
        return self.languages.index(ANY_LANGUAGE)

    def entry(self, language: str | None) -> str:
        """The entry ``language`` is calibrated with: its own, or ``*``."""
        return self.languages[self._row(language)]

    def probability(self, logits: np.ndarray, language: str | None) -> np.ndarray:
        """Calibrated probabilities of one language's logits."""
        a, b = self.platt[self._row(language)]
        return np.asarray(expit(a * np.asarray(logits, dtype=np.float64) + b))

    def threshold(self, language: str | None) -> float:
        """The decision threshold of ``language`` (or of the ``*`` entry)."""
        return float(self.thresholds[self._row(language)])

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Languages, Platt parameters and thresholds as arrays."""
        return {
            "cal_languages": np.array(self.languages, dtype=str),
            "cal_platt": self.platt.astype(np.float32),
            "cal_thresholds": self.thresholds.astype(np.float32),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray]) -> Calibration:
        """Inverse of :meth:`to_arrays`."""
        languages = [str(x) for x in arrays["cal_languages"]]
        if ANY_LANGUAGE not in languages:
            raise ValueError("calibration has no '*' entry")
        return cls(languages, arrays["cal_platt"].astype(np.float64), arrays["cal_thresholds"])


@dataclass
class FastModel:
    """Lexical features and one logistic unit over them."""

    lexical: Lexical
    coef: np.ndarray  # (features,)
    bias: float
    calibration: Calibration
    card: dict[str, Any]

    tier = "fast"

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits of sentences."""
        if not texts:
            return np.zeros(0)
        x = self.lexical.transform([clean(t) for t in texts])
        return np.asarray(x @ self.coef, dtype=np.float64) + self.bias

    def cues(self, text: str, limit: int = 3) -> list[str]:
        """The word n-grams of ``text`` that push its score up most (for explanations)."""
        counts = self.lexical.counts([clean(text)])[1]
        if counts.nnz == 0:
            return []
        offset = len(self.lexical.char.vocabulary_)
        terms = self.lexical.word_terms
        idf = self.lexical.word.idf_
        columns = np.array(
            [c for c in counts.indices if idf[c] >= CUE_MIN_IDF and any(ch.isalnum() for ch in terms[c])],
            dtype=np.int64,
        )
        if columns.size == 0:
            return []
        weight = self.coef[offset + columns] * idf[columns]
        order = np.argsort(-weight, kind="stable")
        return [str(terms[columns[i]]) for i in order[:limit] if weight[i] > 0]

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Everything needed to rebuild the model."""
        return {
            **self.lexical.to_arrays(),
            "coef": self.coef.astype(np.float16),
            "bias": np.array(self.bias, dtype=np.float32),
            **self.calibration.to_arrays(),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], card: dict[str, Any]) -> FastModel:
        """Inverse of :meth:`to_arrays`."""
        lexical = Lexical.from_arrays(arrays)
        coef = arrays["coef"].astype(np.float32)
        if coef.shape != (lexical.size,):
            raise ValueError(f"{coef.shape[0]} weights for {lexical.size} features")
        return cls(lexical, coef, float(arrays["bias"]), Calibration.from_arrays(arrays), card)


@dataclass
class AccurateModel:
    """Check-worthiness from the encoder's entity/claim branch (:mod:`slant.heads`): the claim head's
    logit, calibrated per language. Two thresholds per language: ``calibration``'s, chosen for F1 on
    the CheckThat! dev files (what ``slant eval claims`` scores), and the display threshold, at or
    above it, that marks about :data:`DISPLAY_SHARE` of news sentences (docs/QUALITY.md says why).
    The fast model only names cue words."""

    fast: FastModel
    heads: Any
    calibration: Calibration
    display: dict[str, float]
    card: dict[str, Any]

    tier = "accurate"

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        """Uncalibrated logits of standalone sentences (each encoded on its own)."""
        from slant.encoder import runtime

        if not texts:
            return np.zeros(0)
        parts, sentences, pos = [], [], 0
        for i, text in enumerate(texts):
            cleaned = clean(text)
            parts.append(cleaned)
            sentences.append((pos, pos + len(cleaned), i))
            pos += len(cleaned) + 2
        encoding = runtime.encode("\n\n".join(parts), sentences)
        return self.logits_in(encoding, [(a, b) for a, b, _ in sentences])

    def logits_in(self, encoding: Any, sentences: Sequence[tuple[int, int]]) -> np.ndarray:
        """Logits of a document's sentences from its encoding (``-inf`` where no window covers one)."""
        found = self.heads.claim_logits(encoding, sentences).astype(np.float64)
        return np.where(np.isnan(found), -np.inf, found)

    def display_threshold(self, language: str | None) -> float:
        """The display threshold of ``language`` (its own where news in it was measured, else ``*``)."""
        chosen = self.display.get(language or "", self.display.get(ANY_LANGUAGE))
        floor = self.calibration.threshold(language)
        return max(floor, chosen) if chosen is not None else floor

    def cues(self, text: str, limit: int = 3) -> list[str]:
        """The fast model's cue words (the encoder part has no readable features)."""
        return self.fast.cues(text, limit)

    def to_arrays(self) -> dict[str, np.ndarray]:
        """Calibration and display thresholds: the heads and the fast model have their own files."""
        languages = sorted(self.display)
        return {
            **self.calibration.to_arrays(),
            "display_languages": np.array(languages, dtype=str),
            "display_thresholds": np.array([self.display[x] for x in languages], dtype=np.float32),
        }


Model = FastModel | AccurateModel


def _read(path: Path) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    arrays, card = model_files.read(path, "claim model", "slant train claims")
    if card.get("format") != FORMAT or card.get("task") != "claims":
        raise ConfigError(f"claim model {path} was written for another version of slant; retrain it")
    return arrays, card


def _file(tier: str, folder: str | None) -> Path:
    return Path(folder) / f"claims-{tier}.npz" if folder else bundled_path(tier)


@lru_cache(maxsize=4)
def load(tier: str, folder: str | None = None) -> Model:
    """Load a tier's model from ``folder`` (default: the files shipped with slant); cached per process."""
    if tier not in TIERS:
        raise ConfigError(f"unknown claim tier {tier!r}; choose one of: {', '.join(TIERS)}")
    path = _file(tier, folder)
    if tier == "fast":
        arrays, card = _read(path)
        try:
            return FastModel.from_arrays(arrays, card)
        except (KeyError, ValueError) as exc:
            raise ConfigError(f"claim model {path} is incomplete: {exc}") from None
    from slant.heads import model as heads_model

    if not heads_model.available(_heads_folder(folder)):
        raise ConfigError(
            "the accurate claim tier needs the encoder's packages (pip install 'slant[accurate]') "
            "and the entity/claim heads (slant train entities)"
        )
    fast = load("fast", folder)
    assert isinstance(fast, FastModel)
    arrays, card = _read(path)
    try:
        display = {
            str(k): float(v)
            for k, v in zip(arrays["display_languages"], arrays["display_thresholds"], strict=True)
        }
        heads = heads_model.load(_heads_folder(folder))
        return AccurateModel(fast, heads, Calibration.from_arrays(arrays), display, card)
    except (KeyError, ValueError) as exc:
        raise ConfigError(f"claim model {path} is incomplete: {exc}") from None


def _heads_folder(folder: str | None) -> str | None:
    """A models folder's own heads when it has them, else the shipped ones."""
    return folder if folder and (Path(folder) / "heads.npz").is_file() else None
