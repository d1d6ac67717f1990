"""The workbench's FastAPI app: middleware, error pages, the static files and the routers.

Each router is one kind of page or API (``documents``: the HTTP API over stored documents;
``analysis``: analysing texts; ``pages``: the document list and article view; ``dashboard``,
``comparisons``: corpus views; ``uploads``: file uploads); they reach the store and the job
runner through ``request.app.state``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from slant import __version__
from slant.analyze.pipeline import PipelineConfig
from slant.store.database import Store
from slant.web.actors import router as actors_router
from slant.web.analysis import MAX_BODY_BYTES, MAX_TEXT_CHARS, WEB_SOURCE
from slant.web.analysis import router as analysis_router
from slant.web.comparisons import router as comparisons_router
from slant.web.connection_limits import BodyTimeoutMiddleware
from slant.web.dashboard import router as dashboard_router
from slant.web.documents import router as documents_router
from slant.web.head import HeadAsGetMiddleware
from slant.web.jobs import JobRunner
from slant.web.pages import router as pages_router
from slant.web.security import GuardMiddleware
from slant.web.templating import doc_href, page
from slant.web.tokens import check_token
from slant.web.uploads import remove_upload_folders
from slant.web.uploads import router as uploads_router

__all__ = ["MAX_BODY_BYTES", "MAX_TEXT_CHARS", "WEB_SOURCE", "create_app", "doc_href"]

LOGGER = logging.getLogger(__name__)
HERE = Path(__file__).parent


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
    pipeline: Sequence[str] | PipelineConfig | None = None,
) -> FastAPI:
    """The workbench app over the store at ``db_url``.

    Args:
        db_url: a file path (SQLite) or database URL, as for every slant command.
        token: when set, every request must present it (``Authorization: Bearer``
            or the ``slant_token`` cookie set by visiting ``/?token=...``).
        pipeline: what ``POST /api/analyze`` and uploads run: analyzer names or a whole config
            (``slant serve --config``; default: the default pipeline).

    Raises:
        ConfigError: the token is unusable. StoreError: the store cannot be opened.
    """
    if token is not None:
        check_token(token)
    store = Store(db_url)
    jobs = JobRunner(store, pipeline)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> Any:
        remove_upload_folders(mine=False)  # left by a server that was killed mid-upload
        yield
        jobs.shutdown()
        remove_upload_folders(mine=True)  # SIGTERM during an upload or a job: nothing left behind
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
    app.add_middleware(BodyTimeoutMiddleware)  # a stalled request body is answered 408
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(GuardMiddleware, token=token)  # added last: outermost, sees every request first
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    _handle_errors(app)
    app.include_router(documents_router)  # /api/documents, /api/spans, /api/stats, /api/export
    app.include_router(analysis_router)  # POST /api/analyze, /api/jobs/{id}, /analyze, /try/{job}
    app.include_router(pages_router)  # /, /doc/{id}
    app.include_router(dashboard_router)  # the corpus dashboard: /dashboard, /spans, /api/corpus/...
    app.include_router(actors_router)  # one actor through each outlet: /actors/{id}, /api/actors/{id}
    app.include_router(comparisons_router)  # /api/corpus/{quote,claim}-clusters, /api/corpus/wording
    app.include_router(uploads_router)  # file uploads: POST /api/upload

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg")

    return app


def _handle_errors(app: FastAPI) -> None:
    """Errors as JSON for the API and as a page for pages; never a stack trace."""

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
