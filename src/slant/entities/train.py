"""Train the per-language CRF taggers (and the multilingual ``xx`` one) on the NER corpora, deterministically.

``train(root, out, report)`` writes ``tagger-<lang>.npz`` files and ``training.json`` (sizes, timings)
into ``out``. python-crfsuite is needed here only (``pip install python-crfsuite``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from slant.entities import tagger, training_data
from slant.entities.features import sentence_features
from slant.errors import ConfigError
from slant.labelled_data import require_root

# L1 prunes most features to zero (keeps the files small); L2 smooths what is left.
PARAMS = {
    "c1": 1.0,  # chosen on the it/de validation splits: 0.05 and 3.0 scored lower
    "c2": 0.01,
    "max_iterations": 80,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
MULTILINGUAL_PER_LANG = 1200
NEEDS_CRFSUITE = "training the entity taggers needs python-crfsuite: pip install python-crfsuite"


def _fit(sentences: list[training_data.Sentence], path: Path, lang: str) -> dict[str, float]:
    try:
        import pycrfsuite  # training-only dependency
    except ImportError:
        raise ConfigError(NEEDS_CRFSUITE) from None

    began = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for sentence in sentences:
        trainer.append(sentence_features(sentence.tokens), list(sentence.tags))
    trainer.set_params(PARAMS)
    model = path.with_suffix(".crfsuite")
    trainer.train(str(model))
    crf = pycrfsuite.Tagger()
    crf.open(str(model))
    info = crf.info()
    labels = sorted(crf.labels(), key=lambda t: (t != "O", t[2:], t[:1]))
    crf.close()
    model.unlink()
    tagger.save(path, lang, labels, info.state_features, info.transitions)
    return {
        "sentences": len(sentences),
        "features": len({a for a, _ in info.state_features}),
        "seconds": round(time.perf_counter() - began, 1),
        "bytes": path.stat().st_size,
    }


def train(
    root: Path | None,
    out: Path,
    report: Callable[[str], None] = print,
    languages: tuple[str, ...] = (*training_data.TAGGER_LANGS, "xx"),
) -> dict[str, dict[str, float]]:
    """Train one tagger per language in ``languages`` (``xx``: a sample of every language) into ``out``."""
    data = require_root(root, "ner")
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, dict[str, float]] = {}
    mixed: list[training_data.Sentence] = []
    langs = [lang for lang in languages if lang != "xx"]
    need_mix = "xx" in languages
    for lang in sorted(
        set(langs)
        | (set(training_data.WIKIANN_LANGS) | set(training_data.TAGGER_LANGS) if need_mix else set())
    ):
        train_set, _ = training_data.split(data, lang)
        if need_mix:
            mixed.extend(
                train_set[:: max(1, len(train_set) // MULTILINGUAL_PER_LANG)][:MULTILINGUAL_PER_LANG]
            )
        if lang in langs and train_set:
            report(f"entities: training tagger-{lang} on {len(train_set)} sentences")
            timings[lang] = _fit(train_set, out / f"tagger-{lang}.npz", lang)
            report(f"entities: tagger-{lang} {timings[lang]}")
    if need_mix and mixed:
        report(f"entities: training tagger-xx on {len(mixed)} sentences")
        timings["xx"] = _fit(mixed, out / "tagger-xx.npz", "xx")
        report(f"entities: tagger-xx {timings['xx']}")
    (out / "training.json").write_text(
        json.dumps({"params": PARAMS, "tagger_version": tagger.VERSION, "languages": timings}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    return timings
