"""Tell an input's format from its name or first bytes, and refuse binary files."""

from __future__ import annotations

import codecs
from pathlib import Path

HEAD_SIZE = 8192
"""How many leading bytes the content checks look at."""

GZIP_MAGIC = b"\x1f\x8b"

EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".warc.gz", "warc"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".warc", "warc"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
)
"""File name endings (lowercase, longest first) and the format they mean."""

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
    (GZIP_MAGIC, "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "a Zstandard archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x7fELF", "an ELF executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"OggS", "an Ogg audio/video file"),
    (b"fLaC", "a FLAC audio file"),
    (b"ID3", "an MP3 audio file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
"""Leading bytes of common binary formats and how to name them."""

_RIFF_KINDS = {b"WEBP": "a WebP image", b"WAVE": "a WAV audio file", b"AVI ": "an AVI video"}
_WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_MAX_CONTROL_SHARE = 0.3


def format_from_name(name: str) -> tuple[str, str] | None:
    """The format a file name's ending means and that ending, or None if unknown.

    Args:
        name: A file name, e.g. "news.jsonl.gz".

    Returns:
        ``(format, ending)`` such as ``("jsonl", ".jsonl.gz")``, or None.
    """
    lower = name.lower()
    for ending, fmt in EXTENSIONS:
        if lower.endswith(ending) and len(name) > len(ending):
            return fmt, name[-len(ending) :]
    return None


def binary_kind(head: bytes) -> str | None:
    """What binary format the first bytes of a file look like, or None if they look like text.

    Args:
        head: The first bytes (up to HEAD_SIZE) of the input.

    Returns:
        A phrase such as "a PNG image" or "binary data", or None for text.
    """
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    if head.startswith(b"RIFF") and head[8:12] in _RIFF_KINDS:
        return _RIFF_KINDS[head[8:12]]
    if head[4:8] == b"ftyp":
        return "an MP4/QuickTime video or HEIC image"
    if head.startswith(_WIDE_BOMS):
        return None
    if b"\x00" in head:
        return "binary data"
    controls = sum(1 for byte in head if (byte < 32 or byte == 127) and byte not in _TEXT_CONTROLS)
    if head and controls / len(head) > _MAX_CONTROL_SHARE:
        return "binary data"
    return None


def format_from_content(head: bytes) -> str:
    """The format of text content without a known file ending: "warc", "html", "jsonl" or "text".

    Args:
        head: The first bytes of the (decompressed) content.
    """
    if head.startswith(b"WARC/"):
        return "warc"
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if start.startswith(b"<"):
        return "html"
    if start.startswith(b"{"):
        return "jsonl"
    return "text"


def not_text_reason(kind: str, name: str | None) -> str:
    """The failure reason for a binary input, with a hint on how to skip such files.

    Args:
        kind: What it looks like, from binary_kind.
        name: The file name, or None for standard input.
    """
    reason = f"not text (looks like {kind})"
    if name is None:
        return reason
    found = format_from_name(name)
    suffix = found[1] if found else Path(name).suffix
    if suffix:
        return f"{reason}; pass --exclude '*{suffix.lower()}' to skip such files"
    return f"{reason}; pass --exclude '{name}' to skip it"
