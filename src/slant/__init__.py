"""slant: show how a news or opinion text tilts, with exact offsets, offline."""

from slant.document import FORMAT_VERSION, Document, Span

__version__ = "0.1.0"

__all__ = ["FORMAT_VERSION", "Document", "Span", "__version__"]
