"""The HTTP API over stored documents: list, read, delete, search spans, corpus counts, export."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from slant.annotate.precedence import effective
from slant.document import Document
from slant.errors import MissingDependency
from slant.store import export as exports
from slant.store.queries import DocumentFilter, SpanFilter, list_documents, search_spans
from slant.web.corpus_filter import store_of
from slant.web.params import (
    DATE,
    MAX_ID,
    DocId,
    Hidden,
    Limit,
    Offset,
    Short,
    checked_id,
    layer_names,
    same_origin,
)
from slant.web.templating import doc_href, span_href

router = APIRouter()


@router.get("/api/documents", tags=["documents"])
def api_documents(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    outlet: Short = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    published_from: Annotated[str | None, Query(alias="from", max_length=40, pattern=DATE)] = None,
    published_to: Annotated[str | None, Query(alias="to", max_length=40, pattern=DATE)] = None,
    q: Annotated[
        str | None,
        Query(max_length=200, description="Case-insensitive substring of the text or title (SQL LIKE)"),
    ] = None,
) -> dict[str, Any]:
    """Documents, newest published first: `total`, `limit`, `offset` and `items` (no text)."""
    filters = DocumentFilter(outlet, language, published_from, published_to, q)
    result = list_documents(store_of(request), filters, limit, offset)
    for item in result["items"]:
        item["href"] = doc_href(item["id"])
    return result


@router.get("/api/documents/{doc_id:path}", tags=["documents"])
def api_document(
    request: Request,
    doc_id: DocId,
    layers: Annotated[str | None, Query(max_length=500, description="Comma-separated layers")] = None,
    hidden: Hidden = False,
) -> dict[str, Any]:
    """One document as Analysis JSON (docs/FORMAT.md), optionally with only some layers."""
    doc = store_of(request).get(checked_id(doc_id), layer_names(layers))
    if doc is None:
        raise HTTPException(404, "no such document")
    return effective(doc, hidden).to_dict()  # an analyst's corrections replace the machine's spans


@router.delete("/api/documents/{doc_id:path}", tags=["documents"])
def api_delete_document(request: Request, doc_id: DocId) -> dict[str, Any]:
    """Delete a document with its spans and corrections: gone from every view, count and export."""
    same_origin(request)
    if not store_of(request).delete([checked_id(doc_id)]):
        raise HTTPException(404, "no such document")
    return {"deleted": doc_id}


@router.get("/api/spans", tags=["spans"])
def api_spans(
    request: Request,
    limit: Limit = 50,
    offset: Offset = 0,
    layer: Annotated[str | None, Query(max_length=32)] = None,
    label: Short = None,
    outlet: Short = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    actor: Annotated[
        str | None,
        Query(max_length=200, description="Entity canonical id mentioned in the same document"),
    ] = None,
    text: Annotated[str | None, Query(max_length=200, description="Substring of the span's text")] = None,
    min_score: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    document: Annotated[str | None, Query(max_length=MAX_ID)] = None,
    hidden: Hidden = False,
) -> dict[str, Any]:
    """Spans with their document id, offsets, label, score, attrs, text (cut at 300 characters), the rest
    of their sentence (`before`, `after`) and `href`, the article view at the span."""
    filters = SpanFilter(layer, label, outlet, language, actor, text, min_score, document, hidden)
    result = search_spans(store_of(request), filters, limit, offset)
    for item in result["items"]:
        item["href"] = span_href(item["document_id"], item["layer"], item["start"], item["end"])
    return result


@router.get("/api/stats", tags=["corpus"])
def api_stats(request: Request) -> dict[str, Any]:
    """Counts by language, outlet, month; spans by layer; top techniques, actors, speakers, cited."""
    stats = store_of(request).stats()
    for key, value in stats.items():
        if isinstance(value, list) and value and isinstance(value[0], tuple):
            stats[key] = [{"key": k, "count": n} for k, n in value]
    return stats


@router.get("/api/export", tags=["corpus"])
def api_export(
    request: Request,
    format: Annotated[str, Query(pattern="^(jsonl|csv|parquet)$")] = "jsonl",
    table: Annotated[str, Query(pattern="^(spans|documents)$")] = "spans",
    layers: Annotated[str | None, Query(max_length=500)] = None,
    outlet: Short = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    hidden: Hidden = False,
    min_score: Annotated[
        float | None, Query(ge=0.0, le=1.0, description="Leave out spans scored below it")
    ] = None,
) -> Response:
    """The store as Analysis JSONL, CSV (formula-guarded) or Parquet, as `slant export` writes them;
    an analyst's corrections replace the machine's spans of the layers they reviewed. Spans below
    their display threshold only with `hidden`; each span row says its `display_threshold`."""
    wanted = layer_names(layers)
    docs: Iterator[Document] = (
        effective(doc, hidden)
        for doc in store_of(request).iter_documents(layers=wanted, language=language, outlet=outlet)
    )
    if min_score is not None:
        docs = exports.at_least(docs, min_score)
    if format == "parquet":
        return _parquet_response(docs, table)
    if format == "jsonl":
        return StreamingResponse(
            _jsonl_chunks(docs),
            media_type="application/x-ndjson; charset=utf-8",
            headers={"content-disposition": 'attachment; filename="slant-export.jsonl"'},
        )
    return StreamingResponse(
        _csv_chunks(docs, table),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="slant-{table}.csv"'},
    )


def _parquet_response(docs: Iterator[Document], table: str) -> Response:
    """Parquet needs a seekable file: written to a temporary file, sent, then removed."""
    import os
    import tempfile

    from starlette.background import BackgroundTask

    handle, name = tempfile.mkstemp(prefix="slant-export-", suffix=".parquet")
    os.close(handle)
    path = Path(name)
    try:
        exports.export(docs, "parquet", path, table=table, all_spans=True)  # precedence applied by the caller
    except MissingDependency as exc:
        path.unlink(missing_ok=True)
        raise HTTPException(501, str(exc)) from None
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type="application/vnd.apache.parquet",
        filename=f"slant-{table}.parquet",
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


def _jsonl_chunks(docs: Iterator[Document]) -> Iterator[str]:
    for doc in docs:
        out = io.StringIO()
        exports.write_jsonl([doc], out)
        yield out.getvalue()


def _csv_chunks(docs: Iterator[Document], table: str) -> Iterator[str]:
    columns = exports.SPAN_COLUMNS if table == "spans" else exports.DOCUMENT_COLUMNS
    rows = exports.span_rows if table == "spans" else exports.document_rows
    out = io.StringIO()
    exports.write_csv([], columns, out)
    yield out.getvalue()  # the header, once
    header_length = len(out.getvalue())
    for doc in docs:
        out = io.StringIO()
        exports.write_csv(rows([doc]), columns, out)
        yield out.getvalue()[header_length:]
