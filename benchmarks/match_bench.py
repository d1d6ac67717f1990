"""Precision and recall of claim matching (slant.claims.matching) and of the translation stage
of quote/claim clustering (slant.corpus.clusters), on a labelled set written for slant.

python benchmarks/match_bench.py                 # needs slant[accurate] (the encoder)

The set (benchmarks/data/match_known.jsonl, match_queries.jsonl) has 30 invented but realistic
known claims (wars, energy prices, elections, vaccines ...; 26 in English, one each in Russian,
Swedish, French and German) and 165 query sentences: each known claim re-worded in its own
language and translated into English, Swedish, Russian, Arabic, French and German, and hard
negatives (same topic and entities, another claim) plus a few off-topic news sentences.

Split: queries of odd-numbered known claims (and their topic's negatives) are the calibration
half, the even-numbered ones the test half. Thresholds are chosen on the calibration half only:
matching, the lowest cosine with precision >= 0.90; clustering, the lowest cosine with pair
precision >= 0.97 (pairs of queries in different languages: same known claim or not). The code's
pinned constants (MATCH_COSINE, TRANSLATION_COSINE) are then scored on the test half, per
language. Cost: encoder time per claim (vectors not memoised) and the matrix search against
15,000 known claims.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from slant.claims.known import KnownClaim, read_known
from slant.claims.matching import MATCH_COSINE, KnownIndex
from slant.corpus.clusters import TRANSLATION_COSINE, ClusterItem, cluster_texts
from slant.encoder import vectors

DATA = Path(__file__).parent / "data"
PAIR_PRECISION = 0.97
"""Pairs join transitively, so the clustering threshold asks for more precision than matching."""
LANGUAGES = ("en", "sv", "ru", "ar", "fr", "de")


def load() -> tuple[list[KnownClaim], list[dict[str, Any]]]:
    """The known claims and the labelled queries."""
    known = read_known(DATA / "match_known.jsonl")
    with (DATA / "match_queries.jsonl").open(encoding="utf-8") as handle:
        queries = [json.loads(line) for line in handle if line.strip()]
    return known, queries


def decide(best: list[tuple[str, float]], queries: list[dict[str, Any]], threshold: float) -> dict[str, int]:
    """True positives, false positives and positives of top-1 matching at ``threshold``."""
    tp = fp = 0
    for (known_id, score), query in zip(best, queries, strict=True):
        if score >= threshold:
            if known_id == query["known"]:
                tp += 1
            else:
                fp += 1
    return {"tp": tp, "fp": fp, "pos": sum(1 for q in queries if q["known"])}


def prf(counts: dict[str, int]) -> str:
    """Precision, recall and the counts behind them, as text."""
    tp, fp, pos = counts["tp"], counts["fp"], counts["pos"]
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / pos if pos else float("nan")
    return f"P={precision:.3f} R={recall:.3f} (tp={tp} fp={fp} positives={pos})"


def lowest_threshold(scores: np.ndarray, correct: np.ndarray, floor: float) -> float:
    """The lowest score t such that precision stays >= ``floor`` at t and every higher score."""
    order = np.argsort(-scores, kind="stable")
    precision = np.cumsum(correct[order]) / np.arange(1, len(order) + 1)
    below = np.flatnonzero(precision < floor)
    last = (below[0] if len(below) else len(order)) - 1
    # Ties: a threshold keeps every score equal to it, so step back over a tie at the cut.
    while last >= 0 and last + 1 < len(order) and scores[order[last + 1]] == scores[order[last]]:
        last -= 1
    return float(scores[order[last]]) if last >= 0 else float("inf")


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--known-size", type=int, default=15000, help="known claims for the search timing")
    args = parser.parse_args()
    known, queries = load()
    vectors.embed(["warm up"])
    vectors._memo.clear()
    start = time.perf_counter()
    index = KnownIndex(known)
    query_vectors = vectors.embed([q["text"] for q in queries])
    embed_s = (time.perf_counter() - start) / (len(known) + len(queries))

    found = index.search(query_vectors, -1.0, top=1)
    best = [(known[row[0][0]].id, row[0][1]) for row in found]
    halves = {h: [i for i, q in enumerate(queries) if q["split"] == h] for h in ("calibrate", "test")}

    print("== claim matching (top-1 known claim above the threshold) ==")
    cal = halves["calibrate"]
    scores = np.array([best[i][1] for i in cal])
    correct = np.array([best[i][0] == queries[i]["known"] for i in cal])
    chosen = lowest_threshold(scores, correct, 0.90)
    print(f"calibration half ({len(cal)} queries): lowest cosine with precision >= 0.90: {chosen:.4f}")
    print(f"pinned MATCH_COSINE = {MATCH_COSINE}")
    for half, rows in halves.items():
        counts = decide([best[i] for i in rows], [queries[i] for i in rows], MATCH_COSINE)
        print(f"  {half:9s} all      {prf(counts)}")
    test = halves["test"]
    for language in LANGUAGES:
        rows = [i for i in test if queries[i]["language"] == language]
        counts = decide([best[i] for i in rows], [queries[i] for i in rows], MATCH_COSINE)
        print(f"  test      {language:8s} {prf(counts)}")
    for kind in ("translation", "paraphrase"):
        rows = [i for i in test if queries[i]["kind"] == kind]
        counts = decide([best[i] for i in rows], [queries[i] for i in rows], MATCH_COSINE)
        tp, pos = counts["tp"], counts["pos"]
        print(f"  test      {kind:8s} R={tp / max(pos, 1):.3f} ({tp}/{pos})")
    negatives = [i for i in test if not queries[i]["known"]]
    wrong = sum(1 for i in negatives if best[i][1] >= MATCH_COSINE)
    print(f"  test      negatives matched: {wrong}/{len(negatives)}")

    print("\n== clustering: translation stage (pairs in different languages) ==")
    pair_threshold: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for half, rows in halves.items():
        sims, same = [], []
        for a_at, a in enumerate(rows):
            for b in rows[a_at + 1 :]:
                if queries[a]["language"] == queries[b]["language"]:
                    continue
                sims.append(float(query_vectors[a] @ query_vectors[b]))
                same.append(bool(queries[a]["known"]) and queries[a]["known"] == queries[b]["known"])
        pair_threshold[half] = (np.array(sims), np.array(same))
    sims, same = pair_threshold["calibrate"]
    chosen = lowest_threshold(sims, same, PAIR_PRECISION)
    print(f"calibration half: lowest cosine with pair precision >= {PAIR_PRECISION}: {chosen:.4f}")
    print(f"pinned TRANSLATION_COSINE = {TRANSLATION_COSINE}")
    for half, (sims, same) in pair_threshold.items():
        hit = sims >= TRANSLATION_COSINE
        tp, fp = int((hit & same).sum()), int((hit & ~same).sum())
        print(
            f"  {half:9s} pairs: P={tp / max(tp + fp, 1):.3f} R={tp / max(int(same.sum()), 1):.3f} "
            f"(tp={tp} fp={fp} same-claim pairs={int(same.sum())} of {len(sims)})"
        )
    rows = halves["test"]
    items = [
        ClusterItem(n, f"d{n}", queries[i]["text"], None, None, queries[i]["language"])
        for n, i in enumerate(rows)
    ]
    clusters = cluster_texts(items, translations=True)
    mixed = sum(1 for c in clusters if len({queries[rows[m.span_id]]["known"] for m in c.items}) > 1)
    groups: dict[str, list[int]] = defaultdict(list)
    for n, i in enumerate(rows):
        if queries[i]["known"]:
            groups[queries[i]["known"]].append(n)
    where = {m.span_id: k for k, c in enumerate(clusters) for m in c.items}
    whole = sum(1 for members in groups.values() if len({where.get(m, -1 - m) for m in members}) == 1)
    for cluster in clusters:
        if len({queries[rows[m.span_id]]["known"] for m in cluster.items}) > 1:
            print(
                "  mixed:",
                " | ".join(f"{queries[rows[m.span_id]]['known']}: {m.text[:50]}" for m in cluster.items),
            )
    print(
        f"  test half through cluster_texts(translations=True): {len(clusters)} clusters, {mixed} mixing "
        f"claims, {whole}/{len(groups)} known claims with all their queries in one cluster"
    )

    print("\n== cost ==")
    print(
        f"encoder: {embed_s * 1000:.1f} ms a claim (not memoised) = {embed_s * 1000:.0f} s per 1,000 claims"
    )
    rng = np.random.default_rng(0)
    big = rng.standard_normal((args.known_size, 384)).astype(np.float32)
    index.matrix = big / np.linalg.norm(big, axis=1, keepdims=True)
    claims = rng.standard_normal((1000, 384)).astype(np.float32)
    claims /= np.linalg.norm(claims, axis=1, keepdims=True)
    start = time.perf_counter()
    for first in range(0, 1000, 256):
        index.search(claims[first : first + 256], MATCH_COSINE, top=3)
    search_s = time.perf_counter() - start
    print(f"search against {args.known_size:,} known claims: {search_s:.2f} s per 1,000 claims")


if __name__ == "__main__":
    main()
