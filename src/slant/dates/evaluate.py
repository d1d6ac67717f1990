"""Scoring the ``dates`` analyzer on a hand-labelled check set (see :mod:`slant.checkset`).

The bundled set ``data/dates_gold.jsonl`` was written by slant's authors: examples of set
``with-rules`` alongside the rules (they show the rules do what they claim), those of set
``later`` after them, untuned. It is a self-written check, not an independent benchmark.
Each example has ``published`` (or null) and ``dates``: ``[expression, expected value or null]``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from slant import checkset
from slant.checkset import Result


def bundled_gold() -> Path:
    """The check set shipped with slant."""
    return Path(str(resources.files("slant.dates").joinpath("data/dates_gold.jsonl")))


def evaluate(gold: str | Path | None = None) -> Result:
    """Run the ``dates`` analyzer over a check set (default: the bundled one) and score it."""
    import slant.dates.analyzer  # noqa: F401  (registers the analyzer)

    path = Path(gold) if gold else bundled_gold()
    result = Result(value_name="value")
    for example in checkset.read(path):
        where = f"{path} ({example.get('id')})"
        meta = {"published": example["published"]} if example.get("published") else {}
        doc = checkset.analysed(example, "dates", meta)
        expected = example.get("dates") or []
        offsets = checkset.locate(doc.text, [e[0] for e in expected], where)
        wanted = {o: e[1] for o, e in zip(offsets, expected, strict=True)}
        counts = checkset.score(
            doc, doc.layer("date"), wanted, lambda s: s.attrs.get("value"), where, result.errors
        )
        result.add(example, counts)
    return result
