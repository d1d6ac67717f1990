"""How well does the technique tagger carry over to a language it never saw?

python benchmarks/techniques_unseen_languages.py --held-out de,it,ru

We have no labelled Swedish, Spanish or Arabic data, so we measure the next best thing:
for each held-out language L, the tagger is fine-tuned with the shipped settings on the
other five languages (L's articles out of training *and* of the tune split that picks
thresholds), then scored on L's validation articles; the shipped tagger (trained with L)
is scored beside it. Paragraph micro-F1 with score.py, as in docs/QUALITY.md. German stands
in for Swedish, Italian for Spanish, Russian (another script) for Arabic.

Needs ../shared/data, slant[train] and slant[accurate]; ~30 minutes per language on 2 cores
(each run resumes from its own checkpoint in --cache). Model files go to --out/without-L.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from slant.encoder.runtime import cache_folder
from slant.scorer import scorer_path
from slant.techniques import tagger_train, tagger_tune, training_data
from slant.techniques.evaluate import TaggerLabeller, evaluate

FOLDER = {iso: folder for folder, iso in training_data.LANGUAGES.items()}


def report(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def paragraph_f1(models: str | None, root: Path, out: Path, language: str) -> float:
    result = evaluate(TaggerLabeller(models), root, scorer_path(root, None), out, (FOLDER[language],), report)
    return float(result.scores[f"para:{language}"]["micro_f1"])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--held-out", default="de,it,ru", help="ISO codes of languages to hold out in turn")
    parser.add_argument("--epochs", type=int, default=tagger_train.Settings.epochs)
    parser.add_argument("--cache", type=Path, default=cache_folder() / "train" / "techniques")
    parser.add_argument("--out", type=Path, default=Path(".cache/unseen-languages"))
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    root = training_data.require_root(args.data)
    rows = []
    for language in args.held_out.split(","):
        if language not in FOLDER:
            parser.error(f"unknown language {language!r}; use: {', '.join(FOLDER)}")
        folder = args.out / f"without-{language}"
        folder.mkdir(parents=True, exist_ok=True)
        heads, adapter = folder / "techniques-tagger.npz", folder / "adapter.npz"
        if not heads.exists():
            settings = tagger_train.Settings(epochs=args.epochs, held_out=(language,))
            tagger_train.train(root, args.cache, heads, settings, True, report, adapter)
            tagger_tune.tune(heads, root, report, str(adapter), held_out=(language,))
        unseen = paragraph_f1(str(folder), root, folder / "eval", language)
        seen = paragraph_f1(None, root, args.out / "shipped-eval", language)
        rows.append((language, unseen, seen))
        report(f"{language}: without it {unseen:.3f}, with it (shipped) {seen:.3f}")
    print("| language | tagger trained without it | shipped tagger (trained with it) |")
    print("|---|---:|---:|")
    for language, unseen, seen in rows:
        print(f"| {language} | {unseen:.3f} | {seen:.3f} |")


if __name__ == "__main__":
    main()
