"""Speed and sanity of the wording comparison on synthetic texts with planted words.

python benchmarks/wording_bench.py                        # 2,000 texts of 600 words, 3 groups
python benchmarks/wording_bench.py --texts 6000 --rounds 3
python benchmarks/wording_bench.py --alphabet cyrillic     # non-ASCII texts: NFKC path

Texts draw words from one Zipf-distributed vocabulary of pseudo-words shared by all groups, so
the groups differ only by planted words: each group uses its own word ("regime", "government",
"authorities") about once per text and the other groups use it ten times less, and "forces" is
planted equally often everywhere. Timed: compare_wording from raw strings (tokenising included),
best of the rounds, in one process (numpy does not use extra threads here). Prints whether each
group's planted word ranks first for that group and nowhere else, and that "forces" is never
reported.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from slant.corpus.wording import Wording, compare_wording

SYLLABLES = {
    "latin": ["ka", "lo", "mi", "tu", "re", "sa", "no", "vi", "de", "ra", "po", "li"],
    "cyrillic": ["ка", "ло", "ми", "ту", "ре", "са", "но", "ви", "де", "ра", "по", "ли"],
}
PLANTED_BY_ALPHABET = {
    "latin": ({"A": "regime", "B": "government", "C": "authorities"}, "forces"),
    "cyrillic": ({"A": "режим", "B": "правительство", "C": "власти"}, "силы"),
}
PLANTED, SHARED = PLANTED_BY_ALPHABET["latin"]


def _texts(
    count: int, length: int, groups: list[str], seed: int, alphabet: str = "latin"
) -> dict[str, list[str]]:
    """Synthetic texts per group with the planted words mixed in."""
    rng = np.random.default_rng(seed)
    syllables = SYLLABLES[alphabet]
    vocab = sorted({"".join(rng.choice(syllables, size=rng.integers(1, 5))) for _ in range(30000)})
    weights = 1.0 / np.arange(1, len(vocab) + 1)
    weights /= weights.sum()
    out: dict[str, list[str]] = {name: [] for name in groups}
    for index in range(count):
        name = groups[index % len(groups)]
        words = [vocab[i] for i in rng.choice(len(vocab), size=length, p=weights)]
        for other, planted in PLANTED.items():
            if other in groups and rng.random() < (1.0 if other == name else 0.1):
                words[rng.integers(length)] = planted
        words[rng.integers(length)] = SHARED
        out[name].append(" ".join(words).capitalize() + ".")
    return out


def _check(result: Wording) -> bool:
    """Print and return whether every planted word is top for its group only."""
    ok = True
    for name, scores in result.groups.items():
        top = [score.word for score in scores[:5]]
        planted = PLANTED.get(name)
        first = bool(scores) and scores[0].word == planted
        leaked = [w for w in PLANTED.values() if w != planted and w in top] + (
            [SHARED] if SHARED in top else []
        )
        print(f"  {name}: top {top}  planted first: {first}  wrong planted/shared words: {leaked or 'none'}")
        ok = ok and first and not leaked
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--texts", type=int, default=2000)
    parser.add_argument("--words", type=int, default=600, help="words per text")
    parser.add_argument("--groups", type=int, default=3, choices=(2, 3))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--alphabet", choices=sorted(SYLLABLES), default="latin")
    args = parser.parse_args()

    global PLANTED, SHARED
    PLANTED, SHARED = PLANTED_BY_ALPHABET[args.alphabet]

    names = list(PLANTED)[: args.groups]
    texts = _texts(args.texts, args.words, names, args.seed, args.alphabet)
    best = float("inf")
    result = None
    for _ in range(args.rounds):
        started = time.perf_counter()
        result = compare_wording(texts)
        best = min(best, time.perf_counter() - started)
    assert result is not None
    total = sum(result.words.values())
    print(f"{args.texts} texts x {args.words} words ({args.alphabet}), {len(names)} groups: {total:,} words")
    print(f"compare_wording: {best:.3f} s best of {args.rounds} ({total / best / 1e6:.2f} M words/s)")
    print("planted words rank top:", _check(result))


if __name__ == "__main__":
    main()
