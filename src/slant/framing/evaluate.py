"""Score the framing models on the validation split, beside their trivial baselines.

Roles go through the task's own ``score.py roles`` (gold mentions given, as in the task);
narratives are scored by samples F1 over label sets (the SemEval-2025 measure), frames by
micro F1 and genre by macro F1 (the SemEval-2023 measures), per language.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.errors import ConfigError
from slant.framing import data, extract, labels, zeroshot
from slant.framing.linear import Linear
from slant.framing.roles import blend
from slant.framing.taxonomy import Taxonomy
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
    keys: list[tuple[int, str]],
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
    main_p = blend(
        main_model.probabilities(mentions[picked]),
        [keys[k] for k in picked],
        float(card.get("actor_weight", 0.0)),
    )
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
        probabilities = genre.probabilities(vectors[chosen])
        predicted = probabilities.argmax(1)
        base = np.full(len(chosen), labels.GENRES.index(majority))
        # What the analyzer shows: a genre at or above its display threshold (None: never).
        display = card.get("genre_fit", {}).get("display_thresholds", {})
        bars = np.array([display.get(g) if display.get(g) is not None else np.inf for g in labels.GENRES])
        shown = probabilities.max(1) >= bars[predicted]
        out["genre"][language] = {
            "n": len(chosen),
            "measures": {
                "macro F1 (baseline: majority)": (macro_f1(gold, predicted, 3), macro_f1(gold, base, 3)),
                "shown share": (float(shown.mean()), 1.0),
                "accuracy of shown (baseline: majority)": (
                    float((predicted[shown] == gold[shown]).mean()) if shown.any() else 0.0,
                    float((base == gold).mean()),
                ),
            },
        }
    return out


def evaluate(
    root: Path,
    cache: Path,
    models: Path,
    scorer: Path,
    out: Path,
    report: Report,
    taxonomy: Taxonomy | None = None,
) -> Result:
    """Every framing figure on the validation split; files and ``scores.json`` in ``out``. With
    ``taxonomy``, the narratives rows also hold its zero-shot figures (:func:`zeroshot_rows`)."""
    out.mkdir(parents=True, exist_ok=True)
    vectors, doc_rows, mentions, mention_rows = extract.load(extract.extract(root, cache, report))
    role_arrays, role_card, doc_arrays, doc_card = _models(models)
    keys = data.actor_keys(mention_rows, doc_rows, root)
    scores = {"roles": _roles(mentions, mention_rows, doc_rows, keys, role_arrays, role_card, scorer, out)}
    scores |= _documents(vectors, doc_rows, doc_arrays, doc_card)
    if taxonomy is not None:
        for language, row in zeroshot_evaluation(root, cache, taxonomy, report).items():
            scores["narratives"].setdefault(language, {"n": row["n"], "measures": {}})["measures"] |= row[
                "measures"
            ]
    (out / "scores.json").write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return Result(scores)


ZEROSHOT_VERSION = 1


def zeroshot_features(root: Path, cache: Path, report: Report) -> Path:
    """Write ``zeroshot-e5-v{ZEROSHOT_VERSION}.npz`` in ``cache`` (kept if already there): the
    sentence-encoder vectors of every passage of the SemEval-2025 articles with narratives, with
    each passage's article and paragraph, and the seconds the encoder spent per article."""
    path = cache / f"zeroshot-e5-v{ZEROSHOT_VERSION}.npz"
    if path.exists():
        return path
    articles = [a for a in data.semeval2025(root) if a.narratives is not None]
    return _embed_articles(articles, path, report)


#: Off-topic articles added to the threshold's calibration: every k-th SemEval-2023 TRAIN article
#: naming neither topic of the shipped taxonomy, up to this many (gold: "Other").
OFF_TOPIC = 150


def offtopic_features(root: Path, cache: Path, report: Report, split: int = data.TRAIN) -> Path:
    """As :func:`zeroshot_features`, for up to :data:`OFF_TOPIC` SemEval-2023 articles of ``split``
    that name neither the war in Ukraine nor climate change (``framing.train.TOPICAL``): texts in
    which no SemEval-2025 narrative can be. TRAIN ones teach the threshold what "nothing" scores;
    VALIDATION ones measure how often zero-shot finds a narrative where there is none."""
    from slant.framing.train import TOPICAL

    name = "offtopic" if split == data.TRAIN else "offtopic-validation"
    path = cache / f"zeroshot-e5-{name}-v{ZEROSHOT_VERSION}.npz"
    if path.exists():
        return path
    pool = [a for a in data.semeval2023(root) if a.split == split and not TOPICAL.search(a.text)]
    step = max(1, len(pool) // OFF_TOPIC)
    articles = pool[::step][:OFF_TOPIC]
    for article in articles:
        article.narratives, article.subnarratives = ("Other",), ("Other",)
    return _embed_articles(articles, path, report)


def _embed_articles(articles: list[data.Article], path: Path, report: Report) -> Path:
    import time

    from slant.analyze import build
    from slant.document import Document
    from slant.encoder import vectors as sentence_vectors

    path.parent.mkdir(parents=True, exist_ok=True)
    pipeline = build(["paragraphs", "language", "sentences"])
    rows, chunks, owners, seconds = [], [], [], []
    started = time.monotonic()
    for k, article in enumerate(articles):
        doc = pipeline(Document(article.id, article.text, {"language": article.language}))
        paragraphs, pieces = zeroshot.passages(doc)
        began = time.monotonic()
        chunks.append(sentence_vectors.embed([doc.text[a:b] for a, b, _ in pieces]))
        seconds.append(time.monotonic() - began)
        owners += [(k, i) for _, _, i in pieces]
        rows.append(
            {
                "id": article.id,
                "language": article.language,
                "split": article.split,
                "narratives": article.narratives,
                "subnarratives": article.subnarratives,
                "paragraphs": len(paragraphs),
            }
        )
        extract.progress(report, k + 1, len(articles), started)
    partial = path.with_suffix(".partial.npz")
    np.savez(
        partial,
        passages=np.concatenate(chunks).astype(np.float16),
        owners=np.array(owners, dtype=np.int32),
        seconds=np.array(seconds, dtype=np.float32),
        rows=json.dumps(rows),
    )
    partial.replace(path)
    return path


@dataclass
class ZeroShotScores:
    """Per article: its row, and the best passage cosine with each entry (narratives, then subs)."""

    rows: list[dict[str, Any]]
    scores: np.ndarray
    seconds: np.ndarray


def zeroshot_scores(features: Sequence[Path], taxonomy: Taxonomy) -> ZeroShotScores:
    """Each cached article's document scores against ``taxonomy`` (embedding only its entries);
    articles of every file after the first are marked ``offtopic``."""
    from slant.encoder import vectors as sentence_vectors

    entries = [*taxonomy.narratives, *taxonomy.subnarratives]
    found = zeroshot.prototypes([e.texts() for e in entries], sentence_vectors.embed)
    rows: list[dict[str, Any]] = []
    parts, times = [], []
    for k, path in enumerate(features):
        with np.load(path) as archive:
            passages = archive["passages"].astype(np.float32)
            owners = archive["owners"]
            times.append(archive["seconds"])
            these = json.loads(str(archive["rows"]))
        scores = np.full((len(these), len(entries)), -1.0, dtype=np.float32)
        np.maximum.at(scores, owners[:, 0], found.similarity(passages))
        parts.append(scores)
        rows += [{**r, "offtopic": k > 0} for r in these]
    return ZeroShotScores(rows, np.concatenate(parts), np.concatenate(times))


def _zeroshot_sets(
    found: ZeroShotScores, taxonomy: Taxonomy, picked: list[int], settings: zeroshot.Settings
) -> list[tuple[set[str], set[str]]]:
    count, parents = len(taxonomy.narratives), taxonomy.parents()
    return [
        zeroshot.label_sets(
            taxonomy, zeroshot.decide(found.scores[k, :count], found.scores[k, count:], parents, settings)
        )
        for k in picked
    ]


#: The share of off-topic TRAIN articles the calibrated threshold may give a narrative: e5
#: cosines of off-topic and on-topic articles overlap so much that the best samples F1 over both
#: is "Other" everywhere, so the threshold is set by the false alarms it allows instead.
OFF_TOPIC_RATE = 0.10


def calibrate(found: ZeroShotScores, taxonomy: Taxonomy) -> tuple[zeroshot.Settings, float, float]:
    """Settings chosen on TRAIN articles only: the lowest threshold that gives at most
    :data:`OFF_TOPIC_RATE` of the off-topic TRAIN articles a narrative (without them: the best
    narratives samples F1), then the margin with the best narratives samples F1 on the
    SemEval-2025 TRAIN articles, then the sub-narrative threshold with the best sub-narratives
    samples F1 there. Returns the settings and those two F1."""
    count = len(taxonomy.narratives)
    train = [k for k, r in enumerate(found.rows) if r["split"] == data.TRAIN and not r.get("offtopic")]
    away = [k for k, r in enumerate(found.rows) if r["split"] == data.TRAIN and r.get("offtopic")]
    gold_n = [set(found.rows[k]["narratives"]) for k in train]
    gold_s = [set(found.rows[k]["subnarratives"]) for k in train]
    grid = [round(0.70 + 0.005 * i, 3) for i in range(51)]
    margins = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05, 1.0)

    def f1_n(settings: zeroshot.Settings) -> float:
        return set_f1(gold_n, [n for n, _ in _zeroshot_sets(found, taxonomy, train, settings)])

    if away:
        best = found.scores[away, :count].max(1)
        threshold = next((t for t in grid if float(np.mean(best >= t)) <= OFF_TOPIC_RATE), grid[-1])
        thresholds = [threshold]
    else:
        thresholds = grid
    best_n = max(
        (
            (f1_n(zeroshot.Settings(t, m, 2.0)), zeroshot.Settings(t, m, 2.0))
            for t in thresholds
            for m in margins
        ),
        key=lambda x: x[0],
    )
    best_s = (-1.0, best_n[1])
    for sub in [*grid, 2.0]:
        settings = zeroshot.Settings(best_n[1].threshold, best_n[1].margin, sub)
        f1 = set_f1(gold_s, [s for _, s in _zeroshot_sets(found, taxonomy, train, settings)])
        best_s = max(best_s, (f1, settings), key=lambda x: x[0])
    return best_s[1], best_n[0], best_s[0]


def zeroshot_rows(
    found: ZeroShotScores, taxonomy: Taxonomy, settings: zeroshot.Settings
) -> dict[str, dict[str, Any]]:
    """Zero-shot samples F1 per language on the SemEval-2025 validation split, beside "Other
    everywhere", and the share of off-topic validation articles given a narrative."""
    valid = [k for k, r in enumerate(found.rows) if r["split"] == data.VALIDATION and not r.get("offtopic")]
    out: dict[str, dict[str, Any]] = {}
    for language in ["all", *sorted({found.rows[k]["language"] for k in valid})]:
        chosen = [k for k in valid if language == "all" or found.rows[k]["language"] == language]
        predicted = _zeroshot_sets(found, taxonomy, chosen, settings)
        gold_n = [set(found.rows[k]["narratives"]) for k in chosen]
        gold_s = [set(found.rows[k]["subnarratives"]) for k in chosen]
        other = [{"Other"}] * len(chosen)
        out[language] = {
            "n": len(chosen),
            "measures": {
                "zero-shot narratives F1": (set_f1(gold_n, [n for n, _ in predicted]), set_f1(gold_n, other)),
                "zero-shot sub-narratives F1": (
                    set_f1(gold_s, [s for _, s in predicted]),
                    set_f1(gold_s, other),
                ),
            },
        }
    away = [k for k, r in enumerate(found.rows) if r["split"] == data.VALIDATION and r.get("offtopic")]
    if away:
        fired = [n != {"Other"} for n, _ in _zeroshot_sets(found, taxonomy, away, settings)]
        out["off-topic"] = {
            "n": len(away),
            "measures": {"zero-shot share given a narrative": (float(np.mean(fired)), 0.0)},
        }
    return out


def zeroshot_evaluation(
    root: Path, cache: Path, taxonomy: Taxonomy, report: Report
) -> dict[str, dict[str, Any]]:
    """Zero-shot figures of ``taxonomy`` on the SemEval-2025 validation split (its narrative names
    must be the task's) and on off-topic SemEval-2023 validation articles, with the settings slant
    ships; reports what TRAIN calibration would pick for it."""
    gold = {n for r in data.semeval2025(root) if r.narratives for n in r.narratives}
    known = [n.name for n in taxonomy.narratives if n.name in gold]
    if not known:
        raise ConfigError(
            f"taxonomy {taxonomy.path}: none of its narratives is a SemEval-2025 label, so it cannot be "
            "scored on that data; use --taxonomy semeval2025 (or a file with the task's names)"
        )
    if len(known) < len(taxonomy.narratives):
        report(
            f"{len(taxonomy.narratives) - len(known)} narratives of the taxonomy are not SemEval-2025 labels"
        )
    files = [
        zeroshot_features(root, cache, report),
        offtopic_features(root, cache, report, data.TRAIN),
        offtopic_features(root, cache, report, data.VALIDATION),
    ]
    found = zeroshot_scores(files, taxonomy)
    tuned, f1_n, f1_s = calibrate(found, taxonomy)
    report(
        f"TRAIN-calibrated for this taxonomy: threshold {tuned.threshold}, margin {tuned.margin}, "
        f"sub_threshold {tuned.sub_threshold} (train F1 {f1_n:.3f} / {f1_s:.3f}); scored with the defaults"
    )
    return zeroshot_rows(found, taxonomy, zeroshot.Settings())
