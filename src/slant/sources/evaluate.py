"""Scoring the ``sources`` analyzer on a hand-labelled check set (see :mod:`slant.checkset`).

The bundled set ``data/sources_gold.jsonl`` was written by slant's authors alongside the
rules; it is a self-written check, not an independent benchmark. Each example has
``sources``: ``[mention text, outlet id or null, cued]``; the value compared is
``(outlet, cued)``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from slant import checkset
from slant.checkset import Result


def bundled_gold() -> Path:
    """The check set shipped with slant."""
    return Path(str(resources.files("slant.sources").joinpath("data/sources_gold.jsonl")))


def evaluate(gold: str | Path | None = None, outlets: str | None = None) -> Result:
    """Run the ``sources`` analyzer (with an optional user outlet file) over a check set and score it."""
    import slant.sources.analyzer  # noqa: F401  (registers the analyzer)

    path = Path(gold) if gold else bundled_gold()
    result = Result(value_name="outlet+cued")
    for example in checkset.read(path):
        where = f"{path} ({example.get('id')})"
        doc = checkset.analysed(example, "sources", {}, outlets=outlets)
        expected = example.get("sources") or []
        offsets = checkset.locate(doc.text, [e[0] for e in expected], where)
        wanted = {o: (e[1], e[2]) for o, e in zip(offsets, expected, strict=True)}
        counts = checkset.score(
            doc,
            doc.layer("source"),
            wanted,
            lambda s: (s.attrs.get("outlet"), s.attrs.get("cued")),
            where,
            result.errors,
        )
        result.add(example, counts)
    return result
