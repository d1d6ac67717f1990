"""Exports of stored analyses: Analysis JSONL, CSV and Parquet.

JSONL carries whole documents; CSV and Parquet are tables, one row per span
(``table="spans"``) or per document (``table="documents"``).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, TextIO

from slant.annotate.precedence import effective
from slant.document import Document
from slant.errors import SlantError, require
from slant.span_details import display_threshold

FORMATS = ("jsonl", "csv", "parquet")
TABLES = ("spans", "documents")
SPAN_COLUMNS = (
    "document_id", "layer", "start", "end", "label", "score", "text", "model", "attrs",
    "display_threshold", "hidden",
)  # fmt: skip
"""``display_threshold``: the score a span needs to be shown (techniques); ``hidden``: below it."""
DOCUMENT_COLUMNS = (
    "id", "language", "outlet", "domain", "title", "url",
    "published", "source", "sha256", "spans", "text", "meta",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_PARQUET_BATCH = 10_000


def span_rows(docs: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One row per span, with the text it covers."""
    for doc in docs:
        for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.layer)):
            yield {
                "document_id": doc.id,
                "layer": span.layer,
                "start": span.start,
                "end": span.end,
                "label": span.label,
                "score": span.score,
                "text": doc.span_text(span),
                "model": span.model,
                "attrs": json.dumps(span.attrs, ensure_ascii=False) if span.attrs else None,
                "display_threshold": display_threshold(span),
                "hidden": bool(span.attrs.get("hidden")),
            }


def document_rows(docs: Iterable[Document]) -> Iterator[dict[str, Any]]:
    """One row per document, metadata flattened, the rest of meta as JSON."""
    for doc in docs:
        meta = doc.meta
        yield {
            "id": doc.id,
            "language": meta.get("language"),
            "outlet": meta.get("outlet"),
            "domain": meta.get("domain"),
            "title": meta.get("title"),
            "url": meta.get("url"),
            "published": meta.get("published"),
            "source": meta.get("source"),
            "sha256": doc.sha256,
            "spans": len(doc.spans),
            "text": doc.text,
            "meta": json.dumps(meta, ensure_ascii=False),
        }


def write_jsonl(docs: Iterable[Document], out: IO[str], layers: set[str] | None = None) -> int:
    """Write Analysis JSONL; returns the number of documents."""
    n = 0
    for doc in docs:
        out.write(doc.to_json(layers))
        out.write("\n")
        n += 1
    return n


def _spreadsheet_safe(value: Any) -> Any:
    # A cell starting with = + - @ runs as a formula in spreadsheet programs;
    # a leading apostrophe shows the text as text (OWASP's CSV injection advice).
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def write_csv(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO, safe: bool = True
) -> int:
    """Write rows as CSV; with ``safe`` text cells cannot run as spreadsheet formulas."""
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _spreadsheet_safe(v) for k, v in row.items()} if safe else row)
        n += 1
    return n


def write_parquet(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], path: Path) -> int:
    """Write rows as Parquet in batches, so memory stays flat."""
    pa: Any = require("pyarrow", "parquet")
    pq: Any = require("pyarrow.parquet", "parquet")
    types = {
        "start": pa.int64(), "end": pa.int64(), "score": pa.float64(), "spans": pa.int64(),
        "display_threshold": pa.float64(), "hidden": pa.bool_(),
    }  # fmt: skip
    arrow_schema = pa.schema([(c, types.get(c, pa.string())) for c in columns])
    n = 0
    with pq.ParquetWriter(str(path), arrow_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= ROWS_PER_PARQUET_BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
            n += len(batch)
    return n


def at_least(docs: Iterable[Document], min_score: float) -> Iterator[Document]:
    """The documents with their spans scored below ``min_score`` left out (unscored spans stay)."""
    for d in docs:
        yield Document(d.id, d.text, d.meta, [s for s in d.spans if s.score is None or s.score >= min_score])


def export(
    docs: Iterable[Document],
    fmt: str,
    out: TextIO | Path,
    *,
    table: str = "spans",
    layers: set[str] | None = None,
    safe_csv: bool = True,
    all_spans: bool = False,
    hidden: bool = False,
    min_score: float | None = None,
) -> int:
    """Write documents in one of FORMATS; returns the rows (or documents) written.

    Unless ``all_spans``, a layer a human reviewed has only its human spans
    (slant.annotate.precedence), and spans a model kept below its display threshold
    are left out unless ``hidden``; ``min_score`` leaves out spans scored below it (spans
    without a score stay).

    Raises:
        SlantError: unknown format or table, or Parquet asked for on a stream.
    """
    if fmt not in FORMATS:
        raise SlantError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if table not in TABLES:
        raise SlantError(f"unknown table {table!r}; choose one of {', '.join(TABLES)}")
    if not all_spans:  # what the views show: human corrections replace reviewed machine spans
        docs = (effective(d, hidden) for d in docs)
    if layers is not None:
        docs = (Document(d.id, d.text, d.meta, [s for s in d.spans if s.layer in layers]) for d in docs)
    if min_score is not None:
        docs = at_least(docs, min_score)
    if fmt == "jsonl":
        assert not isinstance(out, Path)
        return write_jsonl(docs, out)
    rows = span_rows(docs) if table == "spans" else document_rows(docs)
    columns = SPAN_COLUMNS if table == "spans" else DOCUMENT_COLUMNS
    if fmt == "csv":
        assert not isinstance(out, Path)
        return write_csv(rows, columns, out, safe=safe_csv)
    if not isinstance(out, Path):
        raise SlantError("Parquet is binary: pass --out FILE.parquet")
    return write_parquet(rows, columns, out)
