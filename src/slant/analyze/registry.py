"""Analyzers registered by name, with what each requires and assigns.

An analyzer is a callable ``(Document) -> Annotations`` made by a factory
``make_<name>(**config)``. Built-in analyzers register themselves with
:func:`register`; third-party ones are found through the ``slant.analyzers``
entry-point group and registered the same way.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, Protocol

from slant.document import Document, Span
from slant.errors import ConfigError

LOGGER = logging.getLogger(__name__)

BUILTIN_MODULES = (
    "slant.analyze.paragraphs",
    "slant.analyze.language",
    "slant.analyze.sentences",
    "slant.entities.analyzer",
    "slant.techniques.analyzer",
    "slant.quotes.analyzer",
    "slant.claims.analyzer",
    "slant.sources.analyzer",
    "slant.dates.analyzer",
    "slant.framing.roles",
    "slant.framing.passages",
)


@dataclass(slots=True)
class Annotations:
    """What one analyzer adds to a document: spans, and metadata keys."""

    spans: list[Span] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


class Analyzer(Protocol):
    """A configured analyzer: takes a document, returns what it adds."""

    def __call__(self, doc: Document) -> Annotations: ...


@dataclass(frozen=True, slots=True)
class AnalyzerSpec:
    """A registered analyzer factory and its contract.

    ``requires`` and ``assigns`` name layers (``"paragraph"``) and metadata
    keys (``"meta.language"``); the pipeline checks them when it is built.
    """

    name: str
    factory: Callable[..., Analyzer]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    default_config: dict[str, Any]

    @property
    def layers(self) -> tuple[str, ...]:
        """The span layers this analyzer assigns (its metadata keys left out)."""
        return tuple(a for a in self.assigns if not a.startswith("meta."))


_REGISTRY: dict[str, AnalyzerSpec] = {}
_LOADED = False


def register(
    name: str,
    *,
    requires: Iterable[str] = (),
    assigns: Iterable[str] = (),
    default_config: dict[str, Any] | None = None,
) -> Callable[[Callable[..., Analyzer]], Callable[..., Analyzer]]:
    """Register an analyzer factory under ``name`` (a decorator)."""

    def decorate(factory: Callable[..., Analyzer]) -> Callable[..., Analyzer]:
        if name in _REGISTRY and _REGISTRY[name].factory is not factory:
            raise ConfigError(f"an analyzer named {name!r} is already registered")
        _REGISTRY[name] = AnalyzerSpec(
            name=name,
            factory=factory,
            requires=tuple(requires),
            assigns=tuple(assigns),
            default_config=dict(default_config or {}),
        )
        return factory

    return decorate


def _load() -> None:
    global _LOADED
    if _LOADED:
        return
    _LOADED = True
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for entry in entry_points(group="slant.analyzers"):
        try:
            entry.load()
        except Exception as exc:  # a broken plugin must not break slant
            LOGGER.warning("cannot load analyzer plugin %s: %s", entry.name, exc)


def get(name: str) -> AnalyzerSpec:
    """The spec of a registered analyzer; ConfigError if there is none."""
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise ConfigError(f"no analyzer named {name!r}; known analyzers: {known}") from None


def names() -> list[str]:
    """Names of all registered analyzers."""
    _load()
    return sorted(_REGISTRY)
