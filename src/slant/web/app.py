"""The workbench's FastAPI app: the HTTP API under /api, the pages, the static files."""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode, urlsplit

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import (
    FileResponse,
    HTMLResponse,
    JSONResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from slant import __version__
from slant.annotate.precedence import effective
from slant.document import Document, text_sha256
from slant.errors import MissingDependency
from slant.store import export as exports
from slant.store.database import Store
from slant.web.comparisons import router as comparisons_router
from slant.web.dashboard import router as dashboard_router
from slant.web.head import HeadAsGetMiddleware
from slant.web.jobs import JobRunner
from slant.web.params import DATE
from slant.web.params import DATE_OR_EMPTY as FORM_DATE
from slant.web.queries import DocumentFilter, SpanFilter, facets, list_documents, search_spans
from slant.web.render import article_view
from slant.web.security import GuardMiddleware
from slant.web.templating import doc_href, span_href, templates
from slant.web.tokens import check_token
from slant.web.uploads import router as uploads_router

LOGGER = logging.getLogger(__name__)
HERE = Path(__file__).parent
MAX_TEXT_CHARS = 2_000_000
"""Longest text ``POST /api/analyze`` accepts (characters)."""
MAX_BODY_BYTES = 8 * 1024 * 1024
"""Largest request body ``POST /api/analyze`` reads (JSON escapes can make a text longer)."""
MAX_ID = 512
WEB_SOURCE = "<web>"
"""The ``source`` of documents analysed through the API; only these may be replaced by id."""
PAGE_MAX = 200
_LAYER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

DocId = Annotated[str, PathParam(min_length=1, max_length=MAX_ID, description="Document id (url-quoted)")]
Limit = Annotated[int, Query(ge=1, le=PAGE_MAX, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Short = Annotated[str | None, Query(max_length=200)]


class AnalyzeRequest(BaseModel):
    """A text to analyse and store."""

    text: str = Field(min_length=1, description=f"The text, at most {MAX_TEXT_CHARS:,} characters")
    id: str | None = Field(
        None, min_length=1, max_length=MAX_ID, description="Document id; default sha256:..."
    )
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=500)
    published: str | None = Field(None, max_length=40, pattern=DATE)
    language: str | None = Field(None, max_length=16, pattern=r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$")
    keep: bool = Field(True, description="false: analyse and show the result without storing it")


class JobCreated(BaseModel):
    job_id: str
    status_url: str


Hidden = Annotated[bool, Query(description="Also spans kept below their display threshold")]


def _layers(value: str | None) -> set[str] | None:
    if value is None or value == "":
        return None
    names = {v.strip() for v in value.split(",") if v.strip()}
    if len(names) > 20 or not all(_LAYER.match(n) for n in names):
        raise HTTPException(422, "layers: a comma-separated list of layer names (letters, digits, _ and -)")
    return names


def _check_id(doc_id: str) -> str:
    if not doc_id or len(doc_id) > MAX_ID or _CONTROL.search(doc_id):
        raise HTTPException(422, "invalid document id")
    return doc_id


def _same_origin_json(request: Request) -> None:
    """Refuse cross-site posts: a JSON content type (forms cannot send it without a CORS
    preflight, which this server never grants) and, when the browser says, the same origin."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        raise HTTPException(415, "send the body as application/json")
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(403, "cross-origin requests are refused")


def _wants_json(request: Request) -> bool:
    path = request.url.path
    return (
        path.startswith("/api")
        or path.startswith("//")
        or "text/html" not in request.headers.get("accept", "")
    )


def create_app(
    db_url: str,
    token: str | None = None,
    *,
    pipeline: Sequence[str] | None = None,
) -> FastAPI:
    """The workbench app over the store at ``db_url``.

    Args:
        db_url: a file path (SQLite) or database URL, as for every slant command.
        token: when set, every request must present it (``Authorization: Bearer``
            or the ``slant_token`` cookie set by visiting ``/?token=...``).
        pipeline: analyzer names ``POST /api/analyze`` runs (default: the default pipeline).

    Raises:
        ConfigError: the token is unusable. StoreError: the store cannot be opened.
    """
    if token is not None:
        check_token(token)
    store = Store(db_url)
    jobs = JobRunner(store, pipeline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        yield
        jobs.shutdown()
        store.close()

    app = FastAPI(
        title="slant workbench",
        version=__version__,
        description="Read one article's spans, search spans and documents, analyse new texts. "
        "See docs/WEB.md.",
        docs_url=None,  # Swagger UI and ReDoc load scripts from a CDN; /openapi.json stays
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.jobs = jobs
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(GuardMiddleware, token=token)  # added last: outermost, sees every request first
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=code)

    # -- errors: JSON for the API, a page for pages, never a stack trace ------

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        if _wants_json(request):
            return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)
        return page(request, "error.html", exc.status_code, status=exc.status_code, detail=detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = [
            {"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": problems}, status_code=422)
        text = "; ".join(f"{'.'.join(p['loc'])}: {p['msg']}" for p in problems)
        return page(request, "error.html", 422, status=422, detail=text)

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        LOGGER.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
        if _wants_json(request):
            return JSONResponse({"detail": "internal server error"}, status_code=500)
        return page(request, "error.html", 500, status=500, detail="internal server error")

    # -- API ------------------------------------------------------------------

    @app.get("/api/documents", tags=["documents"])
    def api_documents(
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
        result = list_documents(store, filters, limit, offset)
        for item in result["items"]:
            item["href"] = doc_href(item["id"])
        return result

    @app.get("/api/documents/{doc_id:path}", tags=["documents"])
    def api_document(
        doc_id: DocId,
        layers: Annotated[str | None, Query(max_length=500, description="Comma-separated layers")] = None,
        hidden: Hidden = False,
    ) -> dict[str, Any]:
        """One document as Analysis JSON (docs/FORMAT.md), optionally with only some layers."""
        doc = store.get(_check_id(doc_id), _layers(layers))
        if doc is None:
            raise HTTPException(404, "no such document")
        return effective(doc, hidden).to_dict()  # an analyst's corrections replace the machine's spans

    @app.delete("/api/documents/{doc_id:path}", tags=["documents"])
    def api_delete_document(request: Request, doc_id: DocId) -> dict[str, Any]:
        """Delete a document with its spans and corrections: gone from every view, count and export."""
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
            raise HTTPException(403, "cross-origin requests are refused")
        if not store.delete([_check_id(doc_id)]):
            raise HTTPException(404, "no such document")
        return {"deleted": doc_id}

    @app.get("/api/spans", tags=["spans"])
    def api_spans(
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
        result = search_spans(store, filters, limit, offset)
        for item in result["items"]:
            item["href"] = span_href(item["document_id"], item["layer"], item["start"], item["end"])
        return result

    @app.post(
        "/api/analyze",
        tags=["analyze"],
        status_code=202,
        response_model=JobCreated,
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": AnalyzeRequest.model_json_schema()}},
            },
            "responses": {"413": {"description": "Body or text too large"}},
        },
    )
    async def api_analyze(request: Request) -> JobCreated:
        """Queue a text for analysis with the pipeline; poll `GET /api/jobs/{job_id}`."""
        _same_origin_json(request)
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            raise HTTPException(413, f"request body too large: at most {MAX_BODY_BYTES:,} bytes")
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                raise HTTPException(413, f"request body too large: at most {MAX_BODY_BYTES:,} bytes")
        try:
            given = AnalyzeRequest.model_validate_json(bytes(body))
        except ValidationError as exc:
            if any(e.get("loc") == ("text",) and e.get("type") == "string_too_long" for e in exc.errors()):
                raise HTTPException(413, "text too large") from None
            problems = [{"loc": [str(p) for p in e["loc"]], "msg": e["msg"]} for e in exc.errors()]
            return JSONResponse({"detail": problems}, status_code=422)  # type: ignore[return-value]
        if len(given.text) > MAX_TEXT_CHARS:
            raise HTTPException(413, f"text too large: at most {MAX_TEXT_CHARS:,} characters")
        if "\x00" in given.text:
            raise HTTPException(422, "text contains NUL characters")
        doc_id = _check_id(given.id) if given.id else "sha256:" + text_sha256(given.text)[:16]
        stored = store.known([doc_id]).get(doc_id) if given.keep else None
        if stored is not None and stored[1] != WEB_SOURCE and stored[0] != text_sha256(given.text):
            raise HTTPException(
                409, "this id belongs to a stored document from another source; choose another id"
            )
        meta: dict[str, Any] = {"source": WEB_SOURCE, "format": "text"}
        for key in ("title", "outlet", "published"):
            value = getattr(given, key)
            if value:
                meta[key] = value
        if given.language:
            meta["declared_language"] = given.language
        job = jobs.submit(Document(id=doc_id, text=given.text, meta=meta), keep=given.keep)
        return JobCreated(job_id=job.id, status_url=f"/api/jobs/{job.id}")

    @app.get("/api/jobs/{job_id}", tags=["analyze"])
    def api_job(job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]) -> dict[str, Any]:
        """A job's status (`queued`, `running`, `done`, `failed`), stage, progress 0..1 and document id."""
        job = jobs.get(job_id)
        if job is None:
            raise HTTPException(404, "no such job")
        result = job.to_dict()
        if not job.keep:  # a trial: its page and, while remembered, the analysis itself
            result["href"] = f"/try/{job.id}" if job.result is not None else None
            if job.result is not None:
                result["document"] = job.result.to_dict()
            return result
        result["href"] = doc_href(job.document_id) if job.document_id else None
        return result

    @app.get("/api/stats", tags=["corpus"])
    def api_stats() -> dict[str, Any]:
        """Counts by language, outlet, month; spans by layer; top techniques, actors, speakers, cited."""
        stats = store.stats()
        for key, value in stats.items():
            if isinstance(value, list) and value and isinstance(value[0], tuple):
                stats[key] = [{"key": k, "count": n} for k, n in value]
        return stats

    @app.get("/api/export", tags=["corpus"])
    def api_export(
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
        wanted = _layers(layers)
        docs: Iterator[Document] = (
            effective(doc, hidden)
            for doc in store.iter_documents(layers=wanted, language=language, outlet=outlet)
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

    # -- pages ----------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index(
        request: Request,
        page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
        outlet: Short = None,
        language: Annotated[str | None, Query(max_length=16)] = None,
        published_from: Annotated[str | None, Query(alias="from", max_length=40, pattern=FORM_DATE)] = None,
        published_to: Annotated[str | None, Query(alias="to", max_length=40, pattern=FORM_DATE)] = None,
        q: Short = None,
        deleted: Annotated[str | None, Query(max_length=MAX_ID)] = None,
    ) -> HTMLResponse:
        size = 50
        filters = DocumentFilter(
            outlet or None, language or None, published_from or None, published_to or None, q or None
        )
        result = list_documents(store, filters, size, (page_number - 1) * size)
        params = {
            k: v
            for k, v in {
                "q": q,
                "outlet": outlet,
                "language": language,
                "from": published_from,
                "to": published_to,
            }.items()
            if v
        }

        def page_href(number: int) -> str:
            return "/?" + urlencode({**params, "page": number})

        last = max(1, -(-result["total"] // size))
        return page(
            request,
            "index.html",
            deleted=deleted,
            result=result,
            filters=params,
            facets=facets(store),
            page=page_number,
            last=last,
            prev_href=page_href(page_number - 1) if page_number > 1 else None,
            next_href=page_href(page_number + 1) if page_number < last else None,
        )

    def _article(request: Request, doc_id: str, hidden: bool) -> HTMLResponse:
        doc = store.get(_check_id(doc_id))
        if doc is None:
            raise HTTPException(404, "no such document")
        # Every stored span goes to the page, hidden ones too: the page shows those above their display
        # thresholds and lets the reader lower the bar (``hidden=true`` opens it lowered to 0).
        doc = effective(doc, True)  # an analyst's corrections replace the machine's spans
        return page(request, "doc.html", doc=doc, view=article_view(doc), meta=doc.meta, hidden=hidden)

    @app.get("/doc", response_class=HTMLResponse, include_in_schema=False)
    def article_by_query(
        request: Request, doc_id: Annotated[str, Query(alias="id", max_length=MAX_ID)], hidden: Hidden = False
    ) -> HTMLResponse:
        return _article(request, doc_id, hidden)

    @app.get("/doc/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, doc_id: DocId, hidden: Hidden = False) -> HTMLResponse:
        return _article(request, doc_id, hidden)

    @app.get("/try/{job_id}", response_class=HTMLResponse, include_in_schema=False)
    def trial(request: Request, job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]) -> HTMLResponse:
        """The article view of an analysis that was not stored (``keep: false``), while remembered."""
        job = jobs.get(job_id)
        if job is None or job.keep or job.result is None:
            raise HTTPException(404, "no such trial analysis (only the latest few are held in memory)")
        doc = job.result
        return page(
            request, "doc.html", doc=doc, view=article_view(doc), meta=doc.meta, hidden=False, trial=True
        )

    @app.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
    def analyze_page(request: Request) -> HTMLResponse:
        return page(request, "analyze.html", max_chars=MAX_TEXT_CHARS)

    app.include_router(dashboard_router)  # the corpus dashboard: /dashboard, /spans, /api/corpus/...
    app.include_router(comparisons_router)  # /api/corpus/{quote,claim}-clusters, /api/corpus/wording
    app.include_router(uploads_router)  # file uploads: POST /api/upload

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")

    return app


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
