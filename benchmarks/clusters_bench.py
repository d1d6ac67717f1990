"""Speed and quality of quote/claim clustering on synthetic quotes.

python benchmarks/clusters_bench.py                      # --items 10000,50000
python benchmarks/clusters_bench.py --items 50000 --repeat 3
python benchmarks/clusters_bench.py --translations         # also the translation stage

Quotes are random words drawn Zipf-like from an invented vocabulary (so common words and bigrams
exist, as in real text). A share of them are planted groups: one base quote copied into several
documents with edits (other quote marks, case, an ellipsis dropping words, one word changed,
trimmed end, a prefix "he said"). Reported: items/s (best of --repeat), recall of the planted
groups (groups whose members all ended in one cluster), planted pairs recovered, and false merges
(clusters mixing items of different origins).

--translations also times the translation stage with synthetic sentence vectors (the encoder's
own cost, ~25-80 ms a sentence on a shared CPU core, is measured by benchmarks/match_bench.py):
every item gets an e5-like vector (a direction all vectors share plus noise, so unrelated
cosines sit near 0.75 as e5's do), and a share of items get a translated twin in another
language whose vector has cosine ~0.95 with its original. Reported: the extra time, the twins
joined to their original, and false joins.
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter

import numpy as np

from slant.corpus.clusters import ClusterItem, cluster_texts

MARKS = [("“", "”"), ('"', '"'), ("«", "»"), ("'", "'"), ("", "")]


def vocabulary(rng: random.Random, size: int) -> list[str]:
    """Invent pronounceable words."""
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    seen: set[str] = set()
    while len(seen) < size:
        syllables = rng.randint(1, 4)
        seen.add("".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(syllables)))
    return sorted(seen)


def edit(rng: random.Random, words: list[str], vocab: list[str]) -> str:
    """Apply one or two light edits to a quote and return its text."""
    words = list(words)
    for _ in range(rng.randint(1, 2)):
        kind = rng.randrange(5)
        if kind == 0:  # one word changed
            words[rng.randrange(len(words))] = rng.choice(vocab)
        elif kind == 1:  # trimmed end (keep at least 70 %)
            words = words[: max(4, int(len(words) * rng.uniform(0.7, 0.95)))]
        elif kind == 2 and len(words) > 12:  # ellipsis replacing two words in the middle
            at = rng.randrange(3, len(words) - 4)
            words = [*words[:at], "…", *words[at + 2 :]]
        elif kind == 3:  # case
            words = [w.upper() if rng.random() < 0.2 else w.capitalize() for w in words]
    opening, closing = rng.choice(MARKS)
    text = opening + " ".join(words) + "," + closing
    return text + (" he said." if rng.random() < 0.3 else "")


def make(items: int, seed: int = 7) -> tuple[list[ClusterItem], list[int]]:
    """Return synthetic items and each item's origin (planted group id, or -1 - index if unique)."""
    rng = random.Random(seed)
    vocab = vocabulary(rng, 20000)
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    out: list[ClusterItem] = []
    origin: list[int] = []
    group = 0
    while len(out) < items:
        base = rng.choices(vocab, weights, k=rng.randint(15, 35))
        if rng.random() < 0.1:  # 10 % of quotes are repeated in 2-8 documents
            for copy in range(rng.randint(2, 8)):
                text = " ".join(base) if copy == 0 else edit(rng, base, vocab)
                out.append(ClusterItem(len(out), f"d{len(out)}", text, f"o{rng.randrange(40)}", "2026-10-14"))
                origin.append(group)
            group += 1
        else:
            out.append(ClusterItem(len(out), f"d{len(out)}", " ".join(base), f"o{rng.randrange(40)}", None))
            origin.append(-1 - len(out))
    return out[:items], origin[:items]


def evaluate(clusters: list, origin: list[int]) -> tuple[float, float, int]:
    """Return (group recall, pair recall, false merges) of clusters against the planted origins."""
    cluster_of = {item.span_id: n for n, c in enumerate(clusters) for item in c.items}
    groups: dict[int, list[int]] = {}
    for span_id, o in enumerate(origin):
        if o >= 0:
            groups.setdefault(o, []).append(span_id)
    whole = sum(
        1 for m in groups.values() if len({cluster_of.get(s, -1 - s) for s in m}) == 1 and m[0] in cluster_of
    )
    pairs = found = 0
    for m in groups.values():
        labels = Counter(cluster_of.get(s, -1 - s) for s in m)
        pairs += len(m) * (len(m) - 1) // 2
        found += sum(n * (n - 1) // 2 for label, n in labels.items() if label >= 0)
    false = sum(1 for c in clusters if len({origin[item.span_id] for item in c.items}) > 1)
    return whole / max(len(groups), 1), found / max(pairs, 1), false


def with_translations(
    items: list[ClusterItem], origin: list[int], share: float = 0.05, seed: int = 11
) -> tuple[list[ClusterItem], dict[str, np.ndarray], list[tuple[int, int]]]:
    """Items plus translated twins (language "sv", other words), their vectors and the twin
    pairs; the edited copies of a planted quote share its vector (they say the same)."""
    rng = np.random.default_rng(seed)
    common = rng.standard_normal(384).astype(np.float32)
    common /= np.linalg.norm(common)
    first: dict[int, int] = {}
    rows = np.array([first.setdefault(o, n) for n, o in enumerate(origin)])
    raw = rng.standard_normal((len(items), 384)).astype(np.float32) / np.sqrt(384) * 0.6 + common
    raw = raw[rows]
    out = [ClusterItem(i.span_id, i.document_id, i.text, i.outlet, i.published, "en") for i in items]
    vectors = {item.text: row for item, row in zip(out, raw, strict=True)}
    twins: list[tuple[int, int]] = []
    for index in rng.choice(len(items), int(len(items) * share), replace=False).tolist():
        twin = raw[index] + rng.standard_normal(384).astype(np.float32) / np.sqrt(384) * 0.18
        text = f"översättning {index} " + " ".join(reversed(items[index].text.split()))
        vectors[text] = twin
        twins.append((items[index].span_id, len(out)))
        out.append(ClusterItem(len(out), f"t{len(out)}", text, "o-sv", None, "sv"))
    return out, vectors, twins


def bench_translations(size: int) -> None:
    """Time the translation stage with synthetic vectors; recall of the planted twins."""
    base, origin = make(size)
    items, table, twins = with_translations(base, origin)

    def embed(texts: list[str]) -> np.ndarray:
        matrix = np.array([table[t] for t in texts], dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    start = time.perf_counter()
    plain = cluster_texts(items)
    middle = time.perf_counter()
    joined = cluster_texts(items, translations=True, vectors=embed)
    end = time.perf_counter()
    cluster_of = {item.span_id: n for n, c in enumerate(joined) for item in c.items}
    found = sum(1 for a, b in twins if a in cluster_of and cluster_of.get(a) == cluster_of.get(b))
    twin_of = {b: a for a, b in twins}
    # A false join: a cluster holding items (or twins of items) of different origins.
    false = sum(1 for c in joined if len({origin[twin_of.get(i.span_id, i.span_id)] for i in c.items}) > 1)
    del plain
    print(
        f"translations items={len(items)} twins={len(twins)} plain={middle - start:.2f}s "
        f"with translation stage={end - middle:.2f}s twins_joined={found / max(len(twins), 1):.3f} "
        f"false_joins={false}"
    )


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="10000,50000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--translations", action="store_true", help="also time the translation stage")
    args = parser.parse_args()
    cluster_texts(make(200)[0])  # warm-up (regex compile, numpy)
    for size in (int(s) for s in args.items.split(",")):
        items, origin = make(size)
        words = sum(len(i.text.split()) for i in items) / len(items)
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            clusters = cluster_texts(items)
            best = min(best, time.perf_counter() - start)
        recall, pair_recall, false = evaluate(clusters, origin)
        print(
            f"items={size} words/item={words:.1f} time={best:.2f}s items/s={size / best:,.0f} "
            f"clusters={len(clusters)} group_recall={recall:.3f} pair_recall={pair_recall:.3f} "
            f"false_merges={false}"
        )
        if args.translations:
            bench_translations(size)


if __name__ == "__main__":
    main()
