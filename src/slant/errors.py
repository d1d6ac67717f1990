"""Named errors, and the Failure record for a document that did not make it."""

from __future__ import annotations

from dataclasses import dataclass


class SlantError(Exception):
    """Base of every error slant raises on purpose."""


class InputError(SlantError):
    """An input (file, line, record) cannot be read as a document."""

    def __init__(self, reason: str, *, source: str = "", location: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.source = source
        self.location = location

    def to_failure(self) -> Failure:
        """The error as a Failure record."""
        return Failure(source=self.source, reason=self.reason, location=self.location)


class ConfigError(SlantError):
    """A pipeline or option configuration is invalid."""


class StoreError(SlantError):
    """The database cannot be opened, reached or written."""


class StoreUnavailable(StoreError):
    """The database stopped answering while in use (a server restart, say): worth retrying."""


class RunError(SlantError):
    """A run could not go on (an analysis worker died, say); what was stored is kept."""


class MissingDependency(SlantError, ImportError):
    """An optional package needed for this feature is not installed."""


@dataclass(slots=True, frozen=True)
class Failure:
    """A document (or would-be document) that could not be read or analysed.

    ``source`` names the file (or ``<stdin>``), ``location`` the line, record or
    byte inside it when there is one, ``reason`` says what went wrong and,
    where possible, what to do.
    """

    source: str
    reason: str
    location: str | None = None
    document_id: str | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.location}" if self.location else self.source
        return f"{where}: {self.reason}"


def require(module: str, extra: str) -> object:
    """Import an optional module or raise MissingDependency naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingDependency(
            f"this needs the Python package {module!r}: pip install 'slant[{extra}]'"
        ) from None
