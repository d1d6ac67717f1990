"""Scoring the ``sources`` analyzer on a hand-labelled check set (see :mod:`slant.checkset`).

The bundled set ``data/sources_gold.jsonl`` was written by slant's authors alongside the
rules; it is a self-written check, not an independent benchmark. Each example has
``sources``: ``[mention text, outlet id or null, cued, role, stance]`` (role and stance
optional; the later sets have them); the value compared is ``(outlet, cued)``, with
``role`` and ``stance`` (null: none stated) where the example gives them.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

from slant import checkset
from slant.checkset import Result
from slant.document import Span


def bundled_gold() -> Path:
    """The check set shipped with slant."""
    return Path(str(resources.files("slant.sources").joinpath("data/sources_gold.jsonl")))


def evaluate(gold: str | Path | None = None, outlets: str | None = None) -> Result:
    """Run the ``sources`` analyzer (with an optional user outlet file) over a check set and score it."""
    import slant.sources.analyzer  # noqa: F401  (registers the analyzer)

    path = Path(gold) if gold else bundled_gold()
    result = Result(value_name="outlet+cued(+role+stance)")
    for example in checkset.read(path):
        where = f"{path} ({example.get('id')})"
        doc = checkset.analysed(example, "sources", {}, outlets=outlets)
        expected = example.get("sources") or []
        offsets = checkset.locate(doc.text, [e[0] for e in expected], where)
        wanted = {o: _value(e) for o, e in zip(offsets, expected, strict=True)}
        fields = {o: len(v) for o, v in wanted.items()}
        counts = checkset.score(
            doc,
            doc.layer("source"),
            wanted,
            lambda s, fields=fields: _predicted(s)[: fields.get((s.start, s.end), 2)],  # type: ignore[misc]
            where,
            result.errors,
        )
        result.add(example, counts)
    return result


def _value(expected: list[Any]) -> tuple[Any, ...]:
    outlet, cued, *rest = expected[1:]
    return (outlet, cued, *rest[:2])


def _predicted(span: Span) -> tuple[Any, ...]:
    a = span.attrs
    return (a.get("outlet"), a.get("cued"), a.get("role"), a.get("stance"))
