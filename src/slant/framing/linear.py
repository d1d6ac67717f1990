"""Standardised linear classifiers stored as arrays: fitted with scikit-learn, run with numpy."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import expit, softmax


@dataclass(frozen=True)
class Linear:
    """``(x - mean) / scale`` then ``coef @ x + intercept``; softmax for one choice among the
    classes, sigmoid for independent labels; ``thresholds`` per label for the latter."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: np.ndarray
    multilabel: bool
    thresholds: np.ndarray | None = None

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = ((x - self.mean) / self.scale) @ self.coef.T + self.intercept
        if self.multilabel:
            return np.asarray(expit(logits))
        return np.asarray(softmax(logits, axis=-1))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {
            f"{prefix}.mean": self.mean.astype(np.float32),
            f"{prefix}.scale": self.scale.astype(np.float32),
            f"{prefix}.coef": self.coef.astype(np.float16),
            f"{prefix}.intercept": self.intercept.astype(np.float32),
            f"{prefix}.multilabel": np.array(self.multilabel),
        }
        if self.thresholds is not None:
            out[f"{prefix}.thresholds"] = self.thresholds.astype(np.float32)
        return out

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], prefix: str) -> Linear:
        thresholds = arrays.get(f"{prefix}.thresholds")
        return cls(
            arrays[f"{prefix}.mean"].astype(np.float32),
            arrays[f"{prefix}.scale"].astype(np.float32),
            arrays[f"{prefix}.coef"].astype(np.float32),
            arrays[f"{prefix}.intercept"].astype(np.float32),
            bool(arrays[f"{prefix}.multilabel"]),
            None if thresholds is None else thresholds.astype(np.float32),
        )


def fit(
    x: np.ndarray, y: np.ndarray, multilabel: bool, c: float, seed: int = 13, balanced: bool = False
) -> Linear:
    """Logistic regression on standardised ``x``: ``y`` class indices (multinomial), or a 0/1
    matrix (one binary model per column; a column with one value gets a constant model).
    ``balanced`` weights classes inversely to their frequency (probabilities then overrate rare
    labels: fine for a ranking, not for a shown probability)."""
    weight = "balanced" if balanced else None
    from sklearn.linear_model import LogisticRegression

    mean = x.mean(0)
    scale = x.std(0) + 1e-6
    z = (x - mean) / scale
    if not multilabel:
        model = LogisticRegression(C=c, max_iter=2000, class_weight=weight, random_state=seed)
        model.fit(z, y)
        coef = np.zeros((int(y.max()) + 1, x.shape[1]))
        intercept = np.full(int(y.max()) + 1, -30.0)
        if len(model.classes_) > 2:
            coef[model.classes_], intercept[model.classes_] = model.coef_, model.intercept_
        else:  # softmax over (0, a) is sigmoid(a), the binary model's probability
            coef[model.classes_] = np.vstack([np.zeros(x.shape[1]), model.coef_[0]])
            intercept[model.classes_] = np.array([0.0, model.intercept_[0]])
        return Linear(mean, scale, coef, intercept, False)
    coefs, intercepts = [], []
    for column in y.T:
        if column.min() == column.max():
            coefs.append(np.zeros(x.shape[1]))
            intercepts.append(10.0 if column[0] else -10.0)
            continue
        model = LogisticRegression(C=c, max_iter=2000, class_weight=weight, random_state=seed)
        model.fit(z, column)
        coefs.append(model.coef_[0])
        intercepts.append(float(model.intercept_[0]))
    return Linear(mean, scale, np.array(coefs), np.array(intercepts), True)
