"""Choose the entity head's display threshold: precision and recall of its names by score.

Reads the validation passages of the NER corpora the head was trained beside (never trained
on), leaving out every set docs/QUALITY.md reports (Swedish, German and Arabic news and
WikiANN), and prints exact-match precision / recall of the names at or above each threshold.
The shipped threshold (``slant.entities.analyzer.DISPLAY_THRESHOLD``) is the one with the best
F0.5 (precision weighted twice: a name shown to an analyst should be right, and alias-table
names are shown whatever the score).

    python benchmarks/entities_display.py --per-language 150
"""

from __future__ import annotations

import argparse
import random
import time
from collections import defaultdict

from slant import labelled_data
from slant.entities import ner
from slant.heads import data as heads_data

REPORTED = {"sv", "de", "ar", "uk", "ru"}
GRID = (0.0, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--per-language", type=int, default=150, help="validation passages per language")
    args = parser.parse_args()
    root = labelled_data.find_root("ner")
    if root is None:
        raise SystemExit("needs ../shared/data/ner")
    backend = ner.heads_backend()
    if backend is None:
        raise SystemExit("needs the entity heads and slant[accurate]")
    taken: dict[str, int] = defaultdict(int)
    passages = []
    for passage in heads_data.ner_passages(root, random.Random(13)):
        if passage.split != heads_data.VALIDATION or passage.language in REPORTED:
            continue
        if taken[passage.language] < args.per_language:
            taken[passage.language] += 1
            passages.append(passage)
    print(f"{len(passages)} validation passages in {len(taken)} languages: {', '.join(sorted(taken))}")
    started = time.monotonic()
    found: list[tuple[float, bool]] = []
    gold_total = 0
    for passage in passages:
        gold = set(passage.entities)
        gold_total += len(gold)
        for m in backend(passage.text, [(0, len(passage.text))]):
            found.append((m.score or 0.0, (m.start, m.end, m.label) in gold))
    print(f"{len(found)} names found, {gold_total} gold, {time.monotonic() - started:.0f} s")
    print(f"{'threshold':>9} {'shown':>6} {'precision':>9} {'recall':>7} {'F1':>6} {'F0.5':>6}")
    best = (-1.0, 0.0)
    for threshold in GRID:
        shown = [ok for score, ok in found if score >= threshold]
        tp = sum(shown)
        p, r = tp / max(1, len(shown)), tp / max(1, gold_total)
        f1 = 2 * p * r / max(1e-9, p + r)
        f05 = 1.25 * p * r / max(1e-9, 0.25 * p + r)
        print(f"{threshold:>9.2f} {len(shown):>6} {p:>9.3f} {r:>7.3f} {f1:>6.3f} {f05:>6.3f}")
        best = max(best, (round(f05, 3), -threshold))
    print(f"best F0.5 {best[0]:.3f} at threshold {-best[1]:.2f}")


if __name__ == "__main__":
    main()
