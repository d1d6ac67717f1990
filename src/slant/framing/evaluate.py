"""Score the framing models on the validation split, beside their trivial baselines.

Roles go through the task's own ``score.py roles`` (gold mentions given, as in the task);
narratives are scored by samples F1 over label sets (the SemEval-2025 measure), frames by
micro F1 and genre by macro F1 (the SemEval-2023 measures), per language.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.framing import data, extract, labels
from slant.framing.linear import Linear
from slant.framing.train import RETRAIN, macro_f1, micro_f1, narrative_sets, set_f1
from slant.scorer import run_scorer

Report = Callable[[str], None]
TASKS = ("roles", "narratives", "frames", "genre")


@dataclass
class Result:
    scores: dict[str, Any] = field(default_factory=dict)

    def table(self) -> str:
        lines = [f"{'task':12} {'language':8} {'n':>5} {'measure':28} {'model':>7} {'baseline':>9}"]
        for task, by_language in self.scores.items():
            for language, row in by_language.items():
                for measure, (value, baseline) in row["measures"].items():
                    lines.append(
                        f"{task:12} {language:8} {row['n']:>5} {measure:28} {value:7.3f} {baseline:9.3f}"
                    )
        return "\n".join(lines)


def _models(
    folder: Path,
) -> tuple[dict[str, np.ndarray], dict[str, Any], dict[str, np.ndarray], dict[str, Any]]:
    roles, role_card = model_files.read(folder / "roles.npz", "role model", RETRAIN)
    docs, doc_card = model_files.read(folder / "documents.npz", "document framing model", RETRAIN)
    return roles, role_card, docs, doc_card


def _roles(
    mentions: np.ndarray,
    rows: list[dict[str, Any]],
    doc_rows: list[dict[str, Any]],
    arrays: dict[str, np.ndarray],
    card: dict[str, Any],
    scorer: Path,
    out: Path,
) -> dict[str, Any]:
    main_model, fine_model = Linear.from_arrays(arrays, "main"), Linear.from_arrays(arrays, "fine")
    train_main = Counter(r["main"] for r in rows if doc_rows[r["article"]]["split"] == data.TRAIN)
    majority = train_main.most_common(1)[0][0]
    train_fine = Counter(
        f
        for r in rows
        if doc_rows[r["article"]]["split"] == data.TRAIN and r["main"] == majority
        for f in r["fine"]
    )
    majority_fine = train_fine.most_common(1)[0][0]
    picked = [k for k, r in enumerate(rows) if doc_rows[r["article"]]["split"] == data.VALIDATION]
    main_p = main_model.probabilities(mentions[picked])
    fine_p = fine_model.probabilities(mentions[picked])
    result: dict[str, Any] = {}
    for language in ["all", *sorted({doc_rows[rows[k]["article"]]["language"] for k in picked})]:
        chosen = [
            i
            for i, k in enumerate(picked)
            if language == "all" or doc_rows[rows[k]["article"]]["language"] == language
        ]
        files = {name: out / f"roles-{language}-{name}.txt" for name in ("gold", "pred", "baseline")}
        lines: dict[str, list[str]] = {name: [] for name in files}
        for i in chosen:
            row = rows[picked[i]]
            ident = doc_rows[row["article"]]["id"]
            head = f"{ident}\tm{row['start']}\t{row['start']}\t{row['end'] - 1}"
            main = labels.MAIN_ROLES[int(main_p[i].argmax())]
            within = [k for k, name in enumerate(labels.ALL_FINE) if labels.MAIN_OF[name] == main]
            fine = labels.ALL_FINE[max(within, key=lambda k: fine_p[i, k])]
            lines["gold"].append("\t".join([head, row["main"], *row["fine"]]))
            lines["pred"].append(f"{head}\t{main}\t{fine}")
            lines["baseline"].append(f"{head}\t{majority}\t{majority_fine}")
        for name, path in files.items():
            path.write_text("\n".join(lines[name]) + "\n", encoding="utf-8")
        model = run_scorer(scorer, "roles", files["gold"], files["pred"])
        base = run_scorer(scorer, "roles", files["gold"], files["baseline"])
        sure = main_p[chosen].max(1) >= card["display_threshold"]
        right = main_p[chosen].argmax(1) == np.array(
            [labels.MAIN_ROLES.index(rows[picked[i]]["main"]) for i in chosen]
        )
        result[language] = {
            "n": len(chosen),
            "measures": {
                "main-role accuracy": (_first(model, "main"), _first(base, "main")),
                "fine-role exact match": (_first(model, "exact"), _first(base, "exact")),
                "shown share": (float(sure.mean()), 1.0),
                "main accuracy of shown": (
                    float(right[sure].mean()) if sure.any() else 0.0,
                    _first(base, "main"),
                ),
            },
        }
    return result


def _first(scores: dict[str, Any], word: str) -> float:
    """The scorer's figure whose key contains ``word`` (its keys name the task's measures)."""
    for key, value in scores.items():
        if word in key.lower() and isinstance(value, int | float):
            return float(value)
    raise KeyError(f"score.py roles gave no {word!r} figure: {sorted(scores)}")


def _documents(
    vectors: np.ndarray, rows: list[dict[str, Any]], arrays: dict[str, np.ndarray], card: dict[str, Any]
) -> dict[str, Any]:
    valid = [k for k, r in enumerate(rows) if r["split"] == data.VALIDATION]
    out: dict[str, Any] = {"narratives": {}, "frames": {}, "genre": {}}

    def by_language(picked: list[int]) -> list[tuple[str, list[int]]]:
        languages = sorted({rows[k]["language"] for k in picked})
        return [
            ("all", picked),
            *((lang, [k for k in picked if rows[k]["language"] == lang]) for lang in languages),
        ]

    narratives = Linear.from_arrays(arrays, "narratives")
    subs = Linear.from_arrays(arrays, "subnarratives")
    picked = [k for k in valid if rows[k]["narratives"] is not None]
    thresholds = tuple(card["narratives_fit"]["thresholds"])
    topic = Linear.from_arrays(arrays, "topic") if "topic.mean" in arrays else None
    for language, chosen in by_language(picked):
        gate = topic.probabilities(vectors[chosen])[:, 1] >= 0.5 if topic else np.ones(len(chosen), bool)
        predicted = narrative_sets(
            narratives.probabilities(vectors[chosen]),
            subs.probabilities(vectors[chosen]),
            card["narratives"],
            card["subnarratives"],
            thresholds,
        )
        predicted = [pair if on else ({"Other"}, {"Other"}) for pair, on in zip(predicted, gate, strict=True)]
        gold_n = [set(rows[k]["narratives"]) for k in chosen]
        gold_s = [set(rows[k]["subnarratives"]) for k in chosen]
        other = [{"Other"}] * len(chosen)
        out["narratives"][language] = {
            "n": len(chosen),
            "measures": {
                "narratives samples F1": (set_f1(gold_n, [n for n, _ in predicted]), set_f1(gold_n, other)),
                "sub-narratives samples F1": (
                    set_f1(gold_s, [s for _, s in predicted]),
                    set_f1(gold_s, other),
                ),
                "share passing the topic gate": (float(gate.mean()), 1.0),
            },
        }

    frames = Linear.from_arrays(arrays, "frames")
    picked = [k for k in valid if rows[k]["frames"] is not None]
    for language, chosen in by_language(picked):
        gold = np.array([[f in rows[k]["frames"] for f in labels.FRAMES] for k in chosen], float)
        chosen_frames = (frames.probabilities(vectors[chosen]) >= frames.thresholds).astype(float)
        out["frames"][language] = {
            "n": len(chosen),
            "measures": {
                "micro F1 (baseline: every frame)": (
                    micro_f1(gold, chosen_frames),
                    micro_f1(gold, np.ones_like(gold)),
                )
            },
        }

    genre = Linear.from_arrays(arrays, "genre")
    picked = [k for k in valid if rows[k]["genre"] in labels.GENRES]
    majority = Counter(r["genre"] for r in rows if r["split"] == data.TRAIN and r["genre"]).most_common(1)[0][
        0
    ]
    for language, chosen in by_language(picked):
        gold = np.array([labels.GENRES.index(rows[k]["genre"]) for k in chosen])
        predicted = genre.probabilities(vectors[chosen]).argmax(1)
        base = np.full(len(chosen), labels.GENRES.index(majority))
        out["genre"][language] = {
            "n": len(chosen),
            "measures": {
                "macro F1 (baseline: majority)": (macro_f1(gold, predicted, 3), macro_f1(gold, base, 3))
            },
        }
    return out


def evaluate(root: Path, cache: Path, models: Path, scorer: Path, out: Path, report: Report) -> Result:
    """Every framing figure on the validation split; files and ``scores.json`` in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    vectors, doc_rows, mentions, mention_rows = extract.load(extract.extract(root, cache, report))
    role_arrays, role_card, doc_arrays, doc_card = _models(models)
    scores = {"roles": _roles(mentions, mention_rows, doc_rows, role_arrays, role_card, scorer, out)}
    scores |= _documents(vectors, doc_rows, doc_arrays, doc_card)
    (out / "scores.json").write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Result(scores)
