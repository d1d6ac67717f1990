"""slant: show how a news or opinion text tilts, with exact offsets, offline.

``nlp = slant.load(); doc = nlp("text")`` analyses a text (docs/PYTHON.md); ``slant.read(paths)``
reads files as the CLI does; ``slant.Store(url)`` opens a store of analysed documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from slant.document import FORMAT_VERSION, Document, Span

if TYPE_CHECKING:
    from slant.api import Slant, load
    from slant.ingest.inputs import read_sources as read
    from slant.store import Store

__version__ = "0.1.0"

__all__ = ["FORMAT_VERSION", "Document", "Slant", "Span", "Store", "__version__", "load", "read"]

_LAZY = {
    "load": ("slant.api", "load"),
    "Slant": ("slant.api", "Slant"),
    "read": ("slant.ingest.inputs", "read_sources"),
    "Store": ("slant.store", "Store"),
}


def __getattr__(name: str) -> Any:
    """Import the API's heavier parts on first use: ``import slant`` stays light."""
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'slant' has no attribute {name!r}")
