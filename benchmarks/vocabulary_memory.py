"""Resident memory while the sentence splitter meets ever new words.

spaCy keeps each token string it sees; slant rebuilds a language's tokenizer
past VOCABULARY_LIMIT strings. This prints the growth of this process's RSS
every 50k paragraphs (two new words each): it should level off, not climb.

    python benchmarks/vocabulary_memory.py [--paragraphs 400000]
"""

from __future__ import annotations

import argparse

from slant.analyze import sentences


def rss_mib() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) // 1024


def main() -> None:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--paragraphs", type=int, default=400_000)
    args = parser.parse_args()
    sentences.sentence_bounds("Warm up. Text.", "en")
    start = rss_mib()
    print(f"vocabulary limit {sentences.VOCABULARY_LIMIT:,} strings; RSS growth after N paragraphs:")
    for i in range(args.paragraphs):
        sentences.sentence_bounds(f"Article {i} says the bridge fell. Report id{i * 7} adds more.", "en")
        if (i + 1) % 50_000 == 0:
            print(f"{i + 1:>9,} +{rss_mib() - start} MiB", flush=True)


if __name__ == "__main__":
    main()
