"""ReadOptions: how read_sources finds, decodes and maps its inputs."""

from __future__ import annotations

import codecs
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from slant.errors import ConfigError

FIELD_NAMES = ("id", "text", "url", "title", "authors", "published", "outlet", "language")
"""Names of the JSONL fields slant knows; ReadOptions.fields maps them to the user's names."""


@dataclass(frozen=True)
class ReadOptions:
    """How to find, decode and map input documents.

    Attributes:
        include: Glob patterns a file inside a folder must match (on its path relative
            to the folder, or on its name); empty means every file.
        exclude: Glob patterns of files (and folders) to skip inside folders.
        fields: JSONL field remapping, slant name -> name in the user's JSON,
            e.g. ``{"text": "body", "published": "date"}``.
        max_bytes: Largest single document (a text or HTML file, one JSONL line,
            one WARC record body); bigger ones become failures.
        encoding: Text encoding to use instead of detecting one.
        encoding_errors: ``"strict"`` (invalid bytes are a failure) or ``"replace"``
            (decode them as U+FFFD and say so in ``meta["encoding"]``).
        id_from: ``"stem"`` (file name without extension) or ``"path"`` (path relative
            to the folder given, without extension) as the id of a one-document file.
        follow_symlinks: Descend into symbolically linked folders.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    max_bytes: int = 16 * 1024 * 1024
    encoding: str | None = None
    encoding_errors: str = "strict"
    id_from: str = "stem"
    follow_symlinks: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "include", tuple(self.include))
        object.__setattr__(self, "exclude", tuple(self.exclude))
        object.__setattr__(self, "fields", MappingProxyType(dict(self.fields)))
        unknown = sorted(set(self.fields) - set(FIELD_NAMES))
        if unknown:
            raise ConfigError(
                f"unknown field {unknown[0]!r} in --field; known fields: {', '.join(FIELD_NAMES)}"
            )
        if self.max_bytes <= 0:
            raise ConfigError(f"--max-bytes must be positive, not {self.max_bytes}")
        if self.encoding_errors not in ("strict", "replace"):
            raise ConfigError(
                f"--encoding-errors must be 'strict' or 'replace', not {self.encoding_errors!r}"
            )
        if self.id_from not in ("stem", "path"):
            raise ConfigError(f"--id-from must be 'stem' or 'path', not {self.id_from!r}")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise ConfigError(f"unknown text encoding {self.encoding!r}") from None

    def to_dict(self) -> dict[str, Any]:
        """The options as plain data, field by field in their order (``fields`` as a dict)."""
        return {
            spec.name: dict(self.fields) if spec.name == "fields" else getattr(self, spec.name)
            for spec in dataclasses.fields(self)
        }

    def __reduce__(self) -> tuple[type[ReadOptions], tuple[Any, ...]]:
        # The fields mapping is read-only (a MappingProxyType), which cannot be pickled; the Dask
        # engine ships options to its workers.
        return ReadOptions, tuple(self.to_dict().values())


DEFAULT_OPTIONS = ReadOptions()
"""The options read_sources uses when given none."""
