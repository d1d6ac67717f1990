"""Metadata for documents whose files carry none: a sidecar table read by ``analyze --metadata``.

Plain-text files have no outlet, date or title; a CSV (a header row with an ``id`` column) or
JSONL file (one object with an ``"id"`` a line) gives them, keyed by document id. The known
fields are read by the JSONL reader's own rules (``published`` as an ISO date or a Unix
timestamp, ``authors`` split on ``;``, ``language`` as the declared language); any other
column goes to ``meta["extra"]``. A value in the table replaces the one the file gave; an
empty cell changes nothing.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.document import Document, merge_meta
from slant.errors import ConfigError, Failure
from slant.ingest.jsonl import LineError, json_object, known_fields

MAX_BYTES = 256 * 1024 * 1024
"""Largest metadata table read (it is held in memory: an id and a few fields a document)."""
META_FIELDS = ("url", "title", "outlet", "authors", "published", "language")
"""Columns read into the document's own metadata (as the JSONL reader reads those fields);
the others go to ``meta["extra"]``."""


@dataclass
class Metadata:
    """A metadata table: values per document id, and which ids were used."""

    path: str
    rows: dict[str, dict[str, Any]]
    used: set[str] = field(default_factory=set)

    def unused(self) -> list[str]:
        """Ids in the table that matched no document read, in table order."""
        return [doc_id for doc_id in self.rows if doc_id not in self.used]

    def values_for(self, doc_id: str) -> dict[str, Any] | None:
        """The metadata the table gives ``doc_id`` (as ``Document.meta`` keys), or None."""
        row = self.rows.get(doc_id)
        if row is None:
            return None
        self.used.add(doc_id)
        return row

    def apply(self, items: Iterable[Document | Failure]) -> Iterator[Document | Failure]:
        """Yield ``items`` with the table's values merged into each matching document's meta."""
        for item in items:
            if isinstance(item, Document) and (values := self.values_for(item.id)) is not None:
                item.meta = merge_meta(item.meta, values)
            yield item


def read_metadata(path: str | Path) -> Metadata:
    """Read a metadata table (``.csv`` or ``.jsonl``).

    Raises:
        ConfigError: the file is missing, too large, not UTF-8, has no ``id`` column, or a
            line is invalid or repeats an id (the message names the file and line).
    """
    where = str(path)
    file = Path(path)
    if not file.is_file():
        raise ConfigError(f"--metadata {where}: no such file")
    if file.stat().st_size > MAX_BYTES:
        raise ConfigError(f"--metadata {where}: larger than {MAX_BYTES // 2**20} MiB")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ConfigError(f"--metadata {where}: not UTF-8 (byte {err.start})") from None
    suffix = file.suffix.lower()
    if suffix == ".csv":
        records = _csv_records(text, where)
    elif suffix in (".jsonl", ".ndjson"):
        records = _jsonl_records(text, where)
    else:
        raise ConfigError(f"--metadata {where}: give a .csv or .jsonl file")
    rows: dict[str, dict[str, Any]] = {}
    for line, record in records:
        doc_id = record.pop("id", None)
        if doc_id is None or str(doc_id).strip() == "":
            raise ConfigError(f"{where}:{line}: no id")
        doc_id = str(doc_id).strip()
        if doc_id in rows:
            raise ConfigError(f"{where}:{line}: id {doc_id!r} is given twice")
        rows[doc_id] = _values(record, f"{where}:{line}")
    return Metadata(where, rows)


def _csv_records(text: str, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "id" not in reader.fieldnames:
        raise ConfigError(f"{where}:1: the header row needs an 'id' column")
    try:
        for record in reader:
            if None in record:
                raise ConfigError(f"{where}:{reader.line_num}: more cells than header columns")
            yield reader.line_num, {k: v.strip() for k, v in record.items() if v and v.strip()}
    except csv.Error as err:
        raise ConfigError(f"{where}:{reader.line_num}: {err}") from None


def _jsonl_records(text: str, where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json_object(line)
        except LineError as err:
            raise ConfigError(f"{where}:{number}: {err.reason}") from None
        yield number, {k: v for k, v in record.items() if v not in (None, "")}


def _values(record: dict[str, Any], where: str) -> dict[str, Any]:
    """A table row as ``Document.meta`` keys: the known fields read by the JSONL reader's rules."""
    try:
        values = known_fields(record, {name: name for name in META_FIELDS})
    except LineError as err:
        raise ConfigError(f"{where}: {err.reason}") from None
    extra = {key: value for key, value in record.items() if key not in META_FIELDS}
    if extra:
        values["extra"] = extra
    return values
