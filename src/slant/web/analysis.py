"""Analysing texts from the workbench: ``POST /api/analyze`` queues a job, ``GET /api/jobs/{id}``
follows it; ``/analyze`` is its page and ``/try/{job}`` shows a result that was not stored."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, ValidationError

from slant.document import Document, text_sha256
from slant.errors import InputError
from slant.ingest.meta import safe_id
from slant.web.corpus_filter import store_of
from slant.web.jobs import JobRunner
from slant.web.params import DATE, MAX_ID, same_origin_json
from slant.web.render import article_view
from slant.web.templating import doc_href, page

MAX_TEXT_CHARS = 2_000_000
"""Longest text ``POST /api/analyze`` accepts (characters)."""
MAX_BODY_BYTES = 8 * 1024 * 1024
"""Largest request body ``POST /api/analyze`` reads (JSON escapes can make a text longer)."""
WEB_SOURCE = "<web>"
"""The ``source`` of documents analysed through the API; only these may be replaced by id."""

router = APIRouter()


def jobs_of(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


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


@router.post(
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
    same_origin_json(request)
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
    try:  # the same id rule as slant analyze: control characters stored as visible escapes
        doc_id = safe_id(given.id) if given.id else "sha256:" + text_sha256(given.text)[:16]
    except InputError as err:
        raise HTTPException(422, err.reason) from None
    stored = store_of(request).known([doc_id]).get(doc_id) if given.keep else None
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
    job = jobs_of(request).submit(Document(id=doc_id, text=given.text, meta=meta), keep=given.keep)
    return JobCreated(job_id=job.id, status_url=f"/api/jobs/{job.id}")


@router.get("/api/jobs/{job_id}", tags=["analyze"])
def api_job(request: Request, job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]) -> dict[str, Any]:
    """A job's status (`queued`, `running`, `done`, `failed`), stage, progress 0..1 and document id."""
    job = jobs_of(request).get(job_id)
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


@router.get("/try/{job_id}", response_class=HTMLResponse, include_in_schema=False)
def trial(request: Request, job_id: Annotated[str, PathParam(pattern=r"^[0-9a-f]{32}$")]) -> HTMLResponse:
    """The article view of an analysis that was not stored (``keep: false``), while remembered."""
    job = jobs_of(request).get(job_id)
    if job is None or job.keep or job.result is None:
        raise HTTPException(404, "no such trial analysis (only the latest few are held in memory)")
    doc = job.result
    return page(request, "doc.html", doc=doc, view=article_view(doc), meta=doc.meta, hidden=False, trial=True)


@router.get("/analyze", response_class=HTMLResponse, include_in_schema=False)
def analyze_page(request: Request) -> HTMLResponse:
    return page(request, "analyze.html", max_chars=MAX_TEXT_CHARS)
