"""Compose registered analyzers, by name, into one pipeline.

A pipeline is built from a small config and validated when built, not mid-run:
every analyzer must exist, get only options it knows, and find what it
requires assigned by an analyzer before it.
"""

from __future__ import annotations

import inspect
import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.analyze import registry
from slant.analyze.registry import Analyzer, AnalyzerSpec
from slant.document import Document
from slant.errors import ConfigError

DEFAULT_PIPELINE = (
    "paragraphs",
    "language",
    "sentences",
    "entities",
    "techniques",
    "quotes",
    "claims",
    "sources",
    "dates",
    "roles",
    "genre",
    "frames",
    "narratives",
)

PATH_OPTIONS = frozenset({"outlets", "aliases", "models", "taxonomy"})
"""Analyzer options that name files; relative ones in a config file are relative to that file
(a ``taxonomy`` only when it is a file name: ``.toml``, or with a folder in it; a bare name such
as ``semeval2025`` is a bundled taxonomy)."""


def _relative_path(key: str, value: object) -> bool:
    if not isinstance(value, str) or Path(value).is_absolute():
        return False
    return key != "taxonomy" or value.endswith(".toml") or "/" in value or "\\" in value


@dataclass(frozen=True)
class PipelineConfig:
    """Which analyzers run, in order, and options for each (by analyzer name)."""

    analyzers: tuple[str, ...] = DEFAULT_PIPELINE
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_file(cls, path: str | Path) -> PipelineConfig:
        """Read a TOML or JSON config: ``pipeline = [...]`` and ``[analyzers.<name>]`` tables."""
        path = Path(path)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read config {path}: {exc.strerror}") from None
        try:
            data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"cannot parse config {path}: {exc}") from None
        config = cls.from_dict(data, origin=str(path))
        return config._paths_from(path.parent)

    def _paths_from(self, folder: Path) -> PipelineConfig:
        """Relative file options (``outlets``, ``aliases``, ``models``) read from beside the config file,
        so a config and its tables move together."""
        options = {
            name: {
                key: str(folder / value) if key in PATH_OPTIONS and _relative_path(key, value) else value
                for key, value in table.items()
            }
            for name, table in self.options.items()
        }
        return PipelineConfig(analyzers=self.analyzers, options=options)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], origin: str = "config") -> PipelineConfig:
        """Build a config from a mapping; ConfigError says what is wrong."""
        unknown = set(data) - {"pipeline", "analyzers"}
        if unknown:
            raise ConfigError(f"{origin}: unknown keys {sorted(unknown)}; expected 'pipeline', 'analyzers'")
        names = data.get("pipeline", DEFAULT_PIPELINE)
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
            raise ConfigError(f"{origin}: 'pipeline' must be a list of analyzer names")
        options = data.get("analyzers", {})
        if not isinstance(options, Mapping) or not all(isinstance(v, Mapping) for v in options.values()):
            raise ConfigError(f"{origin}: 'analyzers' must map analyzer names to tables of options")
        return cls(analyzers=tuple(names), options={k: dict(v) for k, v in options.items()})

    def with_options(self, analyzer: str, **options: Any) -> PipelineConfig:
        """A copy with ``options`` set for ``analyzer`` (ignored when it is not in the pipeline)."""
        if analyzer not in self.analyzers:
            return self
        merged = {**self.options, analyzer: {**self.options.get(analyzer, {}), **options}}
        return PipelineConfig(analyzers=self.analyzers, options=merged)

    def to_dict(self) -> dict[str, Any]:
        """The config as plain data (stored with each run)."""
        return {"pipeline": list(self.analyzers), "analyzers": {k: dict(v) for k, v in self.options.items()}}


def _check_options(spec: AnalyzerSpec, options: Mapping[str, Any]) -> dict[str, Any]:
    params = inspect.signature(spec.factory).parameters
    accepts_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    unknown = [k for k in options if k not in params and not accepts_any]
    if unknown:
        known = ", ".join(sorted(params)) or "none"
        raise ConfigError(f"analyzer {spec.name!r} has no option {unknown[0]!r}; its options: {known}")
    return {**spec.default_config, **options}


class Pipeline:
    """Analyzers run in order over a document; each adds its layers."""

    def __init__(self, config: PipelineConfig | None = None) -> None:
        self.config = config or PipelineConfig()
        for name in self.config.options:
            if name not in self.config.analyzers:
                raise ConfigError(f"options given for {name!r}, which is not in the pipeline")
        self.specs: list[AnalyzerSpec] = []
        self._steps: list[tuple[AnalyzerSpec, Analyzer]] = []
        assigned: set[str] = set()
        for name in self.config.analyzers:
            spec = registry.get(name)
            missing = [r for r in spec.requires if r not in assigned]
            if missing:
                raise ConfigError(
                    f"analyzer {name!r} requires {', '.join(missing)}, which no analyzer before it "
                    f"assigns; put the analyzer that does earlier in the pipeline"
                )
            options = _check_options(spec, self.config.options.get(name, {}))
            self._steps.append((spec, spec.factory(**options)))
            self.specs.append(spec)
            assigned.update(spec.assigns)

    @property
    def names(self) -> list[str]:
        """The analyzers, in the order they run."""
        return [spec.name for spec in self.specs]

    @property
    def steps(self) -> list[tuple[AnalyzerSpec, Analyzer]]:
        """Each analyzer with its spec, in the order they run."""
        return list(self._steps)

    @property
    def layers(self) -> set[str]:
        """Every span layer the pipeline assigns."""
        return {layer for spec in self.specs for layer in spec.layers}

    def __call__(self, doc: Document) -> Document:
        """Run every analyzer on ``doc`` (in place) and return it.

        Spans of a layer an analyzer assigns are replaced, so running a
        pipeline twice over the same document gives the same result.
        """
        for spec, analyzer in self._steps:
            replaced = set(spec.layers)
            doc.spans = [s for s in doc.spans if s.layer not in replaced]
            result = analyzer(doc)
            doc.spans.extend(result.spans)
            doc.meta.update(result.meta)
        doc.check_spans()
        return doc


def build(names: Sequence[str] | None = None, **options: Mapping[str, Any]) -> Pipeline:
    """Shorthand: ``build(["paragraphs", "language"], language={"min_chars": 20})``."""
    return Pipeline(PipelineConfig(analyzers=tuple(names or DEFAULT_PIPELINE), options=options))
