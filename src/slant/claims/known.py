"""Tables of known claims (fact-checked claims, debunked narratives) to match a store's claims
against: CSV or JSONL with the columns ``id, text, language, verdict, url``, or the EUvsDisinfo
case list (``posts.csv`` of the cknabs/EUvsDisinfo scrape).

The verdict is the table's own (the user's source's), carried through as given: slant never
says whether a claim is true.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slant.errors import InputError

__all__ = ["COLUMNS", "FORMATS", "KnownClaim", "read_euvsdisinfo", "read_known"]

COLUMNS = ("id", "text", "language", "verdict", "url")
"""Columns a known-claims table must have (``language``, ``verdict`` and ``url`` may be empty)."""
FORMATS = ("auto", "csv", "jsonl", "euvsdisinfo")
EUVSDISINFO_COLUMNS = ("date", "id", "title", "languages")
EUVSDISINFO_VERDICT = "disinformation (EUvsDisinfo)"
"""What every EUvsDisinfo case is: a claim the EEAS East StratCom Task Force lists as disinformation."""


@dataclass(frozen=True)
class KnownClaim:
    """One row of a known-claims table."""

    id: str
    text: str
    language: str | None = None
    verdict: str | None = None
    url: str | None = None
    #: Other columns, as text (EUvsDisinfo: ``date``, ``languages`` the case appeared in, ``outlets``).
    extra: tuple[tuple[str, str], ...] = ()


def read_known(path: Path, fmt: str = "auto") -> list[KnownClaim]:
    """Read a known-claims table.

    Args:
        path: A CSV (header row) or JSONL (one object a line) file in UTF-8.
        fmt: ``csv``, ``jsonl``, ``euvsdisinfo`` (posts.csv of the EUvsDisinfo scrape), or
            ``auto``: by the file's suffix (``.jsonl``/``.ndjson`` JSONL, otherwise CSV).

    Returns:
        The claims in file order.

    Raises:
        InputError: The file cannot be read, is not UTF-8, lacks a column, or has a row with an
            empty id or text, a duplicate id or bad JSON; the message names the file and line.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown known-claims format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "euvsdisinfo":
        return read_euvsdisinfo(path)
    text = _read_text(path)
    if fmt == "auto":
        fmt = "jsonl" if path.suffix.lower() in (".jsonl", ".ndjson") else "csv"
    rows = _jsonl_rows(path, text) if fmt == "jsonl" else _csv_rows(path, text)
    return _claims(path, rows)


def read_euvsdisinfo(path: Path) -> list[KnownClaim]:
    """Read the EUvsDisinfo case list (``posts.csv``: date, id (case URL), title, countries,
    keywords, languages, outlets) as known claims.

    Each case becomes a claim whose text is the case title (the disinformation message, in
    English), id the last part of the case URL, url the case URL, verdict
    :data:`EUVSDISINFO_VERDICT`; ``date``, ``languages`` (where it appeared), ``countries``,
    ``keywords`` and ``outlets`` go to :attr:`KnownClaim.extra`.

    Raises:
        InputError: As :func:`read_known`.
    """
    text = _read_text(path)
    rows = []
    for line, row in _csv_rows(path, text, EUVSDISINFO_COLUMNS):
        url = (row.get("id") or "").strip()
        slug = url.rstrip("/").rsplit("/", 1)[-1] if url else ""
        extra = {
            k: (row.get(k) or "").strip() for k in ("date", "languages", "countries", "keywords", "outlets")
        }
        rows.append(
            (
                line,
                {
                    "id": slug,
                    "text": row.get("title"),
                    "language": "en",
                    "verdict": EUVSDISINFO_VERDICT,
                    "url": url,
                    "_extra": {k: v for k, v in extra.items() if v},
                },
            )
        )
    return _claims(path, rows)


def _read_text(path: Path) -> str:
    """The file's text as UTF-8 (a byte-order mark is dropped), or an error naming the line."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read known claims {path}: {exc.strerror or exc}", source=str(path)
        ) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            f"{path}: line {line}: not UTF-8 (byte 0x{data[exc.start]:02x}); save the table as UTF-8",
            source=str(path),
            location=f"line {line}",
        ) from None


def _csv_rows(
    path: Path, text: str, columns: tuple[str, ...] = COLUMNS
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, row) of a CSV file with a header, after checking the header has ``columns``."""
    csv.field_size_limit(16 * 1024 * 1024)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError(f"{path}: line 1: not CSV ({exc})", source=str(path)) from None
    reader.fieldnames = header
    _check_columns(path, header, columns)
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise InputError(f"{path}: line {reader.line_num}: not CSV ({exc})", source=str(path)) from None


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    """(line, object) of a JSONL file; every object must have the :data:`COLUMNS`."""
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"{path}: line {number}: not JSON ({exc.msg})", source=str(path), location=f"line {number}"
            ) from None
        if not isinstance(value, dict):
            raise InputError(
                f"{path}: line {number}: not a JSON object", source=str(path), location=f"line {number}"
            )
        missing = [c for c in COLUMNS if c not in value]
        if missing:
            raise InputError(
                f"{path}: line {number}: missing {', '.join(missing)} (each line needs {', '.join(COLUMNS)})",
                source=str(path),
                location=f"line {number}",
            )
        rows.append((number, value))
    return rows


def _check_columns(path: Path, header: list[str], columns: tuple[str, ...]) -> None:
    """Raise when the header lacks one of ``columns``, saying how to fix it."""
    missing = [c for c in columns if c not in header]
    if not missing:
        return
    hint = f"the table needs columns {', '.join(columns)}"
    if columns == COLUMNS and {"title", "id"} <= set(header):
        hint = "is it the EUvsDisinfo export? pass --known-format euvsdisinfo"
    raise InputError(f"{path}: line 1: no column {', '.join(missing)}; {hint}", source=str(path))


def _claims(path: Path, rows: Any) -> list[KnownClaim]:
    """Known claims from (line, row) pairs: id and text required, ids unique."""
    claims: list[KnownClaim] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        where = f"{path}: line {line}"
        claim_id = _text(row.get("id"))
        text = _text(row.get("text"))
        if not claim_id:
            raise InputError(f"{where}: empty id", source=str(path), location=f"line {line}")
        if not text:
            raise InputError(
                f"{where}: empty text (id {claim_id})", source=str(path), location=f"line {line}"
            )
        if claim_id in seen:
            raise InputError(
                f"{where}: duplicate id {claim_id!r} (first on line {seen[claim_id]})",
                source=str(path),
                location=f"line {line}",
            )
        seen[claim_id] = line
        extra = row.get("_extra") or {}
        claims.append(
            KnownClaim(
                claim_id,
                text,
                _text(row.get("language")) or None,
                _text(row.get("verdict")) or None,
                _text(row.get("url")) or None,
                tuple(sorted((str(k), str(v)) for k, v in extra.items())),
            )
        )
    if not claims:
        raise InputError(f"{path}: no known claims in the table", source=str(path))
    return claims


def _text(value: Any) -> str:
    """A cell as stripped text (JSON numbers become their text; null is empty)."""
    if value is None:
        return ""
    return str(value).strip()
