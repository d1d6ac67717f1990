"""File uploads: ``POST /api/upload`` saves files, a background job reads, analyses and stores them.

The files are streamed to a private temporary folder under names slant makes
(``0001.txt``, ...; the client's file name is kept only as metadata), with a
limit per file and in total. The job reads them with the same readers as
``slant analyze`` (formats told by name ending or content; binary files are
failures), runs the pipeline, stores the documents in batches and reports its
progress through ``GET /api/jobs/{id}``. The folder is removed when the job ends.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

from fastapi import APIRouter, HTTPException, Request
from python_multipart.multipart import MultipartParser, parse_options_header

from slant.document import Document
from slant.errors import Failure
from slant.ingest import ReadOptions, read_sources
from slant.ingest.meta import content_id
from slant.ingest.sniff import format_from_name
from slant.processes import alive
from slant.run.engine import BatchReport
from slant.web.jobs import Job, JobRunner
from slant.web.params import same_origin
from slant.web.templating import doc_href

LOGGER = logging.getLogger(__name__)

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest single uploaded file (bytes)."""
MAX_TOTAL_BYTES = 200 * 1024 * 1024
"""Largest upload in total (bytes, all files)."""
MAX_FILES = 100
"""Most files in one upload."""
MULTIPART_OVERHEAD = 64 * 1024
"""Room for the multipart boundaries and part headers on top of the file bytes."""
UPLOAD_SOURCE = "<upload>"
"""The ``source`` of documents read from uploaded files."""
UPLOAD_HEADER = "x-slant-upload"
"""The header every upload must carry: forms cannot send it without a CORS preflight."""
FIELD = "files"
"""The multipart field name of the files."""
KEEP_ITEMS = 500
"""Documents and failures listed per job (the counts go on)."""
MAX_NAME = 255
MAX_HEADER_BYTES = 8192
"""Longest header name or value of one part of the multipart body."""
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")

router = APIRouter()

UPLOAD_PREFIX = "slant-upload-"
"""Upload folders are ``<temp>/slant-upload-<server pid>-<random>``: the pid tells a dead server's
leftovers from a live one's."""


def remove_upload_folders(mine: bool) -> list[Path]:
    """Remove upload folders left in the temporary directory: this process's (``mine``, when the
    server stops) or those of servers that no longer run (when one starts). Returns them."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(UPLOAD_PREFIX + "*"):
        pid = folder.name[len(UPLOAD_PREFIX) :].split("-", 1)[0]
        if not pid.isdigit() or not folder.is_dir() or folder.is_symlink():
            continue  # not ours to judge (an older server's name, or not a folder we made)
        if (int(pid) == os.getpid()) == mine and (mine or not alive(int(pid))):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def safe_name(raw: bytes | str | None) -> str:
    """A client's file name fit to keep as metadata: decoded, no control characters, bounded.

    It is never used as a path; where shown it is escaped like all untrusted text.
    """
    if raw is None:
        return ""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    return _CONTROL.sub("", text)[:MAX_NAME]


@dataclass
class Upload:
    """One saved file: slant's path for it and the client's name for it."""

    path: Path
    name: str
    size: int = 0


@dataclass
class UploadJob(Job):
    """An upload being read, analysed and stored, with its counts, documents and failures."""

    files: int = 0
    read: int = 0
    analysed: int = 0
    stored: int = 0
    unchanged: int = 0
    failed: int = 0
    documents: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The job as the API shows it: the common fields, the counts and the lists."""
        result = super().to_dict()
        result.update(
            kind="upload",
            files=self.files,
            counts={
                "read": self.read,
                "analysed": self.analysed,
                "stored": self.stored,
                "unchanged": self.unchanged,
                "failed": self.failed,
            },
            documents=list(self.documents),
            failures=list(self.failures),
        )
        return result

    def add_failure(self, name: str, failure: Failure) -> None:
        self.failed += 1
        if len(self.failures) < KEEP_ITEMS:
            self.failures.append(
                {
                    "name": name,
                    "location": failure.location,
                    "document_id": failure.document_id,
                    "reason": failure.reason,
                }
            )


def _same_origin_upload(request: Request) -> None:
    """Refuse cross-site posts. A multipart body can come from a plain HTML form, so the
    upload must also carry ``X-Slant-Upload`` (which needs a CORS preflight, never granted);
    the Origin, when the browser sends one, must be this server."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "multipart/form-data":
        raise HTTPException(415, "send the files as multipart/form-data")
    if request.headers.get(UPLOAD_HEADER) != "1":
        raise HTTPException(403, "uploads must carry the header X-Slant-Upload: 1")
    same_origin(request)
    site = request.headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        raise HTTPException(403, "cross-origin requests are refused")


def _too_large(what: str, limit: int) -> HTTPException:
    return HTTPException(413, f"{what} too large: at most {limit:,} bytes")


class _Receiver:
    """Writes the file parts of a multipart body to the folder, counting and limiting bytes."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.uploads: list[Upload] = []
        self.total = 0
        self.error: HTTPException | None = None
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._current: Upload | None = None
        self._file: IO[bytes] | None = None

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self._part_begin,
            "on_header_field": lambda data, start, end: self._header_bytes(
                self._header_field, data[start:end]
            ),
            "on_header_value": lambda data, start, end: self._header_bytes(
                self._header_value, data[start:end]
            ),
            "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished,
            "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers = {}
        self._current = None

    def _header_bytes(self, into: bytearray, data: bytes) -> None:
        if len(into) + len(data) > MAX_HEADER_BYTES:
            self.error = self.error or HTTPException(400, "a part header of the multipart body is too long")
            return
        into.extend(data)

    def _header_end(self) -> None:
        self._headers[bytes(self._header_field).lower()] = bytes(self._header_value)
        self._header_field.clear()
        self._header_value.clear()

    def _headers_finished(self) -> None:
        disposition = self._headers.get(b"content-disposition", b"").decode("latin-1")
        _kind, params = parse_options_header(disposition)
        if params.get(b"name") != FIELD.encode() or not params.get(b"filename"):
            return  # other fields, and a file input with no file chosen, are ignored
        if len(self.uploads) >= MAX_FILES:
            self.error = HTTPException(413, f"too many files: at most {MAX_FILES}")
            return
        # The name is the client's; only a known format ending of it is kept, in lower case.
        name = safe_name(params[b"filename"])
        found = format_from_name(name)
        ending = found[1].lower() if found else ""
        path = self.folder / f"{len(self.uploads) + 1:04d}{ending}"
        self._current = Upload(path, name or f"file {len(self.uploads) + 1}")
        self.uploads.append(self._current)
        self._file = path.open("xb")

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self._current is None or self._file is None or self.error is not None:
            return
        size = end - start
        self._current.size += size
        self.total += size
        if self._current.size > MAX_FILE_BYTES:
            self.error = _too_large(f"file {self._current.name!r} is", MAX_FILE_BYTES)
        elif self.total > MAX_TOTAL_BYTES:
            self.error = _too_large("upload is", MAX_TOTAL_BYTES)
        else:
            self._file.write(data[start:end])

    def _part_end(self) -> None:
        self.close()
        self._current = None

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


async def _receive(request: Request, folder: Path) -> list[Upload]:
    """Stream the request's files into the folder; raises HTTPException past a limit."""
    declared = request.headers.get("content-length")
    limit = MAX_TOTAL_BYTES + MULTIPART_OVERHEAD
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _too_large("upload is", MAX_TOTAL_BYTES)
    _kind, params = parse_options_header(request.headers.get("content-type", ""))
    boundary = params.get(b"boundary")
    if not boundary or len(boundary) > 200:
        raise HTTPException(400, "multipart body without a usable boundary")
    receiver = _Receiver(folder)
    parser = MultipartParser(boundary, cast(Any, receiver.callbacks()))
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > limit:
                raise _too_large("upload is", MAX_TOTAL_BYTES)
            parser.write(chunk)
            if receiver.error is not None:
                raise receiver.error  # stop reading: the rest is never read
        parser.finalize()
    except HTTPException:
        raise
    except Exception as exc:  # python-multipart's parse errors
        raise HTTPException(400, f"malformed multipart body: {type(exc).__name__}") from None
    finally:
        receiver.close()
    if not receiver.uploads:
        raise HTTPException(422, f"no files: send one or more files in the field {FIELD!r}")
    return receiver.uploads


@router.get("/api/upload", tags=["analyze"])
def api_upload_limits() -> dict[str, Any]:
    """The upload limits: bytes per file, bytes in total, files per upload; the field and header."""
    return {
        "max_file_bytes": MAX_FILE_BYTES,
        "max_total_bytes": MAX_TOTAL_BYTES,
        "max_files": MAX_FILES,
        "field": FIELD,
        "header": "X-Slant-Upload: 1",
        "formats": ["text", "html", "jsonl", "warc"],
    }


@router.post(
    "/api/upload",
    tags=["analyze"],
    status_code=202,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            FIELD: {"type": "array", "items": {"type": "string", "format": "binary"}}
                        },
                    }
                }
            },
        },
        "responses": {"413": {"description": "A file, or the upload, is too large"}},
    },
)
async def api_upload(request: Request) -> dict[str, Any]:
    """Upload text, HTML, JSONL or WARC files (field `files`, header `X-Slant-Upload: 1`);
    they are read, analysed and stored in the background: poll `GET /api/jobs/{job_id}`."""
    _same_origin_upload(request)
    jobs: JobRunner = request.app.state.jobs
    jobs.admit()  # a full queue refuses before a byte of the upload is read
    folder = Path(tempfile.mkdtemp(prefix=f"{UPLOAD_PREFIX}{os.getpid()}-"))  # mode 0700: this user only
    try:
        uploads = await _receive(request, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = submit_upload(jobs, folder, uploads)
    return {"job_id": job.id, "status_url": f"/api/jobs/{job.id}", "files": len(uploads)}


def submit_upload(jobs: JobRunner, folder: Path, uploads: list[Upload]) -> UploadJob:
    """Queue an upload on the runner's single worker (so the pipeline is never used by two
    threads at once); the folder is removed when the job ends or is cancelled."""
    try:
        jobs.admit()  # again: others may have queued while this upload was received
    except HTTPException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    job = jobs.remember(UploadJob(id=uuid.uuid4().hex, files=len(uploads)))
    try:
        future = jobs.schedule(_run, jobs, job, folder, uploads)
    except RuntimeError:  # the server is shutting down
        shutil.rmtree(folder, ignore_errors=True)
        raise HTTPException(503, "the server is shutting down") from None
    future.add_done_callback(lambda _f: shutil.rmtree(folder, ignore_errors=True))
    return job


def _run(jobs: JobRunner, job: UploadJob, folder: Path, uploads: list[Upload]) -> None:
    """Read the uploaded files and put them through the run engine, as ``slant analyze`` would."""
    names: dict[str, str] = {}  # document id -> the client's file name, for the job's lists

    def items() -> Iterator[Document | Failure]:
        options = ReadOptions(max_bytes=MAX_FILE_BYTES)
        total = sum(u.size for u in uploads) or 1
        done_bytes = 0
        for upload in uploads:
            for item in read_sources([str(upload.path)], options):
                if isinstance(item, Failure):
                    yield _public(item, upload)
                    continue
                job.read += 1
                _relabel(item, upload)
                names[item.id] = upload.name
                yield item
            done_bytes += upload.size
            job.progress = 0.05 + 0.9 * done_bytes / total

    def record(report: BatchReport) -> None:
        job.analysed += len(report.stored)
        job.stored += len(report.stored)
        job.unchanged += len(report.unchanged)
        for failure in report.failures:
            job.add_failure(names.get(failure.document_id or "") or failure.source, failure)
        for doc in report.stored:
            if len(job.documents) < KEEP_ITEMS:
                job.documents.append(
                    {
                        "id": doc.id,
                        "href": doc_href(doc.id),
                        "title": doc.meta.get("title"),
                        "name": names.get(doc.id, UPLOAD_SOURCE),
                        "location": doc.meta.get("upload_location"),
                    }
                )

    try:
        job.status, job.stage, job.progress = "running", "reading and analysing", 0.05
        jobs.engine().run(items(), inputs=[u.name for u in uploads], command="serve-upload", on_batch=record)
        job.status, job.stage, job.progress = "done", "done", 1.0
    except Exception as exc:
        job.fail(exc, LOGGER, "upload job")
    finally:
        job.finished = time.time()
        shutil.rmtree(folder, ignore_errors=True)


def _public(failure: Failure, upload: Upload) -> Failure:
    """A reader's failure with the client's file name instead of slant's temporary path, and
    without the command-line hints (``--exclude``) that do not apply here."""
    reason = failure.reason.split("; pass --exclude", 1)[0]
    reason = reason.replace(str(upload.path), upload.name).replace(str(upload.path.parent), UPLOAD_SOURCE)
    return Failure(upload.name, reason, location=failure.location, document_id=failure.document_id)


def _relabel(doc: Document, upload: Upload) -> None:
    """Give a document read from an upload its upload source, name and (for a whole-file
    document, whose id would be slant's temporary file name) an id from its text."""
    if doc.meta.get("format") in ("text", "html"):
        doc.id = content_id(doc.text)
    where = str(doc.meta.get("source") or "")
    location = where[len(str(upload.path)) :].lstrip(":#") if where.startswith(str(upload.path)) else ""
    doc.meta["source"] = UPLOAD_SOURCE
    doc.meta["upload_name"] = upload.name
    if location:
        doc.meta["upload_location"] = location
