"""Document and Span: the stand-off data model every part of slant shares.

A Document holds the exact text after extraction; every Span points into it with
end-exclusive offsets counted in Unicode code points (Python ``str`` indices).
The Analysis JSONL format (docs/FORMAT.md) is this model serialised, one
document per line.
"""

from __future__ import annotations

import hashlib
import json
import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = "1.1"
"""Version of the Analysis JSONL format (docs/FORMAT.md)."""

META_KEYS = (
    "url",
    "title",
    "authors",
    "published",
    "outlet",
    "domain",
    "language",
    "source",
    "encoding",
    "sha256",
    "format",
    "declared_language",
    "languages",
    "extra",
    "fetched",
)
"""Metadata keys with a documented meaning; readers may add others."""

_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone UTF-16 surrogate: a ``str`` can hold one, UTF-8 text cannot (JSON escapes it)."""


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoded text."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def merge_meta(meta: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` updated with ``values`` (a new dict); their ``extra`` dicts are merged key by key."""
    merged = {**meta, **values}
    if isinstance(meta.get("extra"), dict) and isinstance(values.get("extra"), dict):
        merged["extra"] = {**meta["extra"], **values["extra"]}
    return merged


@dataclass(slots=True)
class Span:
    """One labelled stretch of a document's text.

    ``start`` and ``end`` are code-point offsets into ``Document.text``; ``end``
    is exclusive, so ``text[start:end]`` is the span's text.
    """

    layer: str
    start: int
    end: int
    label: str | None = None
    score: float | None = None
    attrs: dict[str, Any] = field(default_factory=dict)
    model: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The span as an Analysis JSONL object."""
        return {
            "layer": self.layer,
            "start": self.start,
            "end": self.end,
            "label": self.label,
            "score": self.score,
            "attrs": self.attrs,
            "model": self.model,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        """Build a span from an Analysis JSONL object."""
        return cls(
            layer=data["layer"],
            start=int(data["start"]),
            end=int(data["end"]),
            label=data.get("label"),
            score=data.get("score"),
            attrs=dict(data.get("attrs") or {}),
            model=data.get("model"),
        )


@dataclass(slots=True)
class Document:
    """A text with its metadata and the spans analyzers added to it."""

    id: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    #: ``language`` spans sorted by start, keyed by how many spans the document had (analyzers append).
    _language_runs: tuple[int, list[Span], list[int]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        self.meta.setdefault("sha256", text_sha256(self.text))

    @property
    def sha256(self) -> str:
        """SHA-256 of the text, the key that tells an unchanged document."""
        return str(self.meta["sha256"])

    @property
    def language(self) -> str | None:
        """ISO 639-1 code of the main language, once identified."""
        return self.meta.get("language")

    def language_at(self, offset: int) -> str | None:
        """The language at ``offset``: the ``language`` span holding it, else the document's
        (``meta.language``); None before the language analyzer ran. Every analyzer asks this."""
        if self._language_runs is None or self._language_runs[0] != len(self.spans):
            runs = sorted((s for s in self.spans if s.layer == "language"), key=lambda s: s.start)
            self._language_runs = (len(self.spans), runs, [s.start for s in runs])
        _, runs, starts = self._language_runs
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < runs[index].end and runs[index].label:
            return runs[index].label
        return self.language

    def layer(self, name: str) -> list[Span]:
        """The spans of one layer, in text order."""
        return sorted((s for s in self.spans if s.layer == name), key=lambda s: (s.start, s.end))

    def layers(self) -> set[str]:
        """Names of the layers present."""
        return {s.layer for s in self.spans}

    def span_text(self, span: Span) -> str:
        """The exact text a span covers."""
        return self.text[span.start : span.end]

    def check_spans(self) -> None:
        """Raise ValueError if a span's offsets fall outside the text."""
        size = len(self.text)
        for span in self.spans:
            if not 0 <= span.start <= span.end <= size:
                raise ValueError(
                    f"span {span.layer} [{span.start}, {span.end}) is outside the text of "
                    f"{self.id!r} (length {size})"
                )

    def to_dict(self, layers: set[str] | None = None) -> dict[str, Any]:
        """The document as an Analysis JSONL object, optionally with only some layers."""
        spans = [s for s in self.spans if layers is None or s.layer in layers]
        spans.sort(key=lambda s: (s.start, s.end, s.layer))
        return {
            "id": self.id,
            "text": self.text,
            "meta": self.meta,
            "spans": [s.to_dict() for s in spans],
        }

    def to_json(self, layers: set[str] | None = None) -> str:
        """One line of Analysis JSONL; lone surrogates are written as JSON escapes (``\\ud800``),
        so that the line is valid UTF-8 and reads back to the same strings."""
        line = json.dumps(self.to_dict(layers), ensure_ascii=False)
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", line)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """Build a document from an Analysis JSONL object."""
        return cls(
            id=str(data["id"]),
            text=data["text"],
            meta=dict(data.get("meta") or {}),
            spans=[Span.from_dict(s) for s in data.get("spans") or []],
        )
