"""Small helpers that normalise document metadata (dates, authors, domains, sizes)."""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from slant.document import text_sha256
from slant.errors import InputError

_DATE_FORMATS = (
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
)


def normalize_date(value: str) -> str:
    """An ISO 8601 form of a date string, or the string itself if it cannot be parsed.

    Args:
        value: A date as found in the input ("2024-03-05", "Tue, 05 Mar 2024 10:00:00 GMT"...).

    Returns:
        "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:MM:SS[+HH:MM]" for a date and time.
    """
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return email.utils.parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return value


MAX_ID_CHARS = 512
"""Longest document id: longer ones are refused (a file name or JSON id is never that long on
purpose, and the workbench's addresses take at most this many)."""

_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def safe_id(value: str) -> str:
    """A document id as slant stores it, from a file name, a JSON field or a web request: control
    characters (tab and line breaks included) and lone surrogates (a file name that is not UTF-8)
    written as visible escapes (``\\x07``, ``\\udcff``), so every stored id prints as itself and
    opens in the workbench; the same rule for ``slant analyze`` and ``slant serve``.

    Raises:
        InputError: the id is longer than :data:`MAX_ID_CHARS` (after escaping).
    """
    escaped = _UNPRINTABLE.sub(_escape, value)
    if len(escaped) > MAX_ID_CHARS:
        raise InputError(f"document id longer than {MAX_ID_CHARS} characters ({len(escaped):,})")
    return escaped


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def content_id(text: str) -> str:
    """The id of a document that has none: "sha256:" and 16 hex digits of its text's hash."""
    return "sha256:" + text_sha256(text)[:16]


def timestamp_date(value: float) -> str | None:
    """ISO 8601 UTC form of a Unix timestamp in seconds, or None if out of range."""
    try:
        return datetime.fromtimestamp(value, tz=UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def domain_of(url: str) -> str | None:
    """The lowercased host of a URL without a leading "www.", or None."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.lower().removeprefix("www.")


def split_authors(value: str) -> list[str]:
    """Author names from a "A; B" string."""
    return [name.strip() for name in value.split(";") if name.strip()]


def human_size(size: int) -> str:
    """A byte count for people: "200.0 MB", "12.5 KB", "17 bytes"."""
    if size < 1024:
        return f"{size} bytes"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{value:.1f} {unit}"


def too_large(size: int, limit: int, what: str = "file") -> str:
    """The failure reason for a document over the size limit."""
    return (
        f"{what} is {human_size(size)}, over the {human_size(limit)} limit for one document; "
        "raise --max-bytes or split the file"
    )
