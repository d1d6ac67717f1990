"""Hand-labelled check sets for the rule-based analyzers (``dates``, ``sources``): reading, running, scoring.

A check set is JSONL, one example a line: ``id``, ``set`` (``with-rules`` for examples written
alongside the rules, ``later`` for ones written after them and not tuned on), ``language``,
``text`` and the expected spans as ``[text, expected value, ...]`` in text order. Spans are
matched exactly by offsets; the value is compared on exact matches only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.analyze import build
from slant.analyze.registry import get
from slant.document import Document, Span
from slant.errors import ConfigError


@dataclass
class Counts:
    """Span and value counts for one group of examples."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    value_right: int = 0

    def add(self, other: Counts) -> None:
        """Add another group's counts to these."""
        self.gold += other.gold
        self.predicted += other.predicted
        self.exact += other.exact
        self.value_right += other.value_right

    def scores(self) -> dict[str, float]:
        """Precision, recall and F1 of exact spans; value accuracy over the spans found exactly."""
        precision = self.exact / self.predicted if self.predicted else 1.0
        recall = self.exact / self.gold if self.gold else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = self.value_right / self.exact if self.exact else 0.0
        return {"precision": precision, "recall": recall, "f1": f1, "value_accuracy": accuracy}


@dataclass
class Result:
    """Scores overall, per language and per set, and a line for each thing that went wrong."""

    value_name: str = "value"
    by_language: dict[str, Counts] = field(default_factory=dict)
    by_set: dict[str, Counts] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def total(self) -> Counts:
        """Counts summed over all examples."""
        total = Counts()
        for counts in self.by_language.values():
            total.add(counts)
        return total

    @property
    def scores(self) -> dict[str, float]:
        """Overall precision, recall, F1 and value accuracy."""
        return self.total.scores()

    def table(self) -> str:
        """A Markdown table: one row per language, per set, and overall."""
        rows = [
            f"| group | gold | found | precision | recall | F1 | {self.value_name} accuracy |",
            "|---|---|---|---|---|---|---|",
        ]
        groups = [
            *sorted(self.by_language.items()),
            *((f"set: {k}", v) for k, v in sorted(self.by_set.items())),
            ("all", self.total),
        ]
        for name, counts in groups:
            s = counts.scores()
            rows.append(
                f"| {name} | {counts.gold} | {counts.predicted} | {s['precision']:.3f} | {s['recall']:.3f} "
                f"| {s['f1']:.3f} | {s['value_accuracy']:.3f} |"
            )
        return "\n".join(rows)

    def add(self, example: dict[str, Any], counts: Counts) -> None:
        """Count one example under its language and set."""
        self.by_language.setdefault(str(example.get("language")), Counts()).add(counts)
        self.by_set.setdefault(str(example.get("set", "with-rules")), Counts()).add(counts)


HELD_OUT = "even ids (held out)"
READ = "odd ids (errors read)"


def half(example_id: str) -> str:
    """Which half of a check set an example is in, by the number its id ends with: rules were
    refined after reading the errors of odd-numbered examples only; even ones are held out."""
    number = re.search(r"(\d+)$", example_id)
    if number is None:
        return "other ids"
    return READ if int(number.group(1)) % 2 else HELD_OUT


def read(path: str | Path) -> list[dict[str, Any]]:
    """The examples of a check-set file; ConfigError names a bad line."""
    path = Path(path)
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"cannot read check set {path}: {exc.strerror}") from None
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            example = json.loads(line)
        except ValueError as exc:
            raise ConfigError(f"{path}:{number}: not JSON: {exc}") from None
        if not isinstance(example, dict) or not isinstance(example.get("text"), str):
            raise ConfigError(f"{path}:{number}: an example is an object with a 'text' string")
        examples.append(example)
    return examples


def locate(text: str, expressions: list[str], where: str) -> list[tuple[int, int]]:
    """Offsets of each expression, searched in order so a repeated word finds its own occurrence."""
    offsets, cursor = [], 0
    for expression in expressions:
        start = text.find(expression, cursor)
        if start < 0:
            raise ConfigError(f"{where}: {expression!r} is not in the text (after offset {cursor})")
        offsets.append((start, start + len(expression)))
        cursor = start + len(expression)
    return offsets


def analysed(example: dict[str, Any], analyzer: str, meta: dict[str, Any], **options: Any) -> Document:
    """The example run through paragraphs, sentences and ``analyzer``, with its labelled language
    (a check set measures the rules, not language identification)."""
    doc = Document(str(example.get("id", "example")), example["text"], meta)
    build(["paragraphs", "language", "sentences"])(doc)
    language = example.get("language")
    if language:
        for span in doc.spans:
            if span.layer == "language":
                span.label = language
        doc.meta["language"] = language
    spec = get(analyzer)
    doc.spans.extend(spec.factory(**{**spec.default_config, **options})(doc).spans)
    return doc


def score(
    doc: Document,
    predicted: list[Span],
    wanted: dict[tuple[int, int], Any],
    value_of: Callable[[Span], Any],
    where: str,
    errors: list[str],
) -> Counts:
    """Exact-offset matches between predicted spans and the wanted ones, and right values among them."""
    counts = Counts(gold=len(wanted), predicted=len(predicted))
    found = set()
    for span in predicted:
        key = (span.start, span.end)
        if key not in wanted:
            errors.append(f"{where}: extra or misplaced {doc.span_text(span)!r} = {value_of(span)!r}")
            continue
        found.add(key)
        counts.exact += 1
        if value_of(span) == wanted[key]:
            counts.value_right += 1
        else:
            errors.append(f"{where}: {doc.span_text(span)!r} = {value_of(span)!r}, expected {wanted[key]!r}")
    for key in sorted(wanted.keys() - found):
        errors.append(f"{where}: missed {doc.text[key[0] : key[1]]!r}")
    return counts
