"""WARC archives: the HTML pages in response and resource records, via warcio."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from slant.document import Document
from slant.errors import Failure, InputError
from slant.ingest.html import html_document
from slant.ingest.meta import human_size, normalize_date, safe_id
from slant.ingest.options import ReadOptions
from slant.ingest.sniff import GZIP_MAGIC, HEAD_SIZE
from slant.ingest.streams import DamagedStream, ShortReads, strict_gzip

LOGGER = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DRAIN_SIZE = 64 * 1024
HEADERS_LIMIT = 1024 * 1024
"""Most bytes read for one record's WARC and HTTP headers (real ones take a few KiB)."""
_HEADER_SLACK = 64 * 1024  # warcio reads ahead in blocks of 16 KiB
_REASON_SIZE = 200


def read_warc(
    stream: io.BufferedReader, *, source: str, options: ReadOptions
) -> Iterator[Document | Failure]:
    """Yield a document or failure for each HTML page (HTTP 200) archived in a WARC stream.

    Other records (requests, metadata, images, redirects...) are skipped silently. A damaged
    archive yields the pages before the damage, then one failure.

    Args:
        stream: The WARC bytes, gzip-compressed or not, in a stream that can ``peek``.
        source: The file name, for ``meta["source"]`` ("NAME#RECORD-ID") and failures.
        options: Size limit and encoding options.
    """
    if stream.peek(2)[:2] == GZIP_MAGIC:
        stream = strict_gzip(stream)
    try:
        head = stream.peek(HEAD_SIZE)[:HEAD_SIZE].lstrip(b"\r\n")
    except DamagedStream as err:
        yield Failure(source, f"archive is truncated or corrupt: {_describe(err)}", location="after record 0")
        return
    if head and not head.startswith(b"WARC/"[: len(head)]):
        yield Failure(source, "not a WARC archive: it does not start with 'WARC/'")
        return
    reader = ShortReads(stream)
    records = ArchiveIterator(reader)
    # A record's headers (WARC and HTTP) are read whole, line by line: bound them, or a file
    # without line ends would be read into memory entire (and slowly, by warcio's readline).
    limit = min(options.max_bytes, HEADERS_LIMIT)
    too_long = f"a record's headers are over {human_size(limit)}; is this a WARC archive?"
    done = 0
    while True:
        try:
            reader.bound(limit + _HEADER_SLACK, too_long)
            record = next(records)
            reader.bound(None)
            item = _record(record, source, options)
        except StopIteration:
            break
        except Exception as err:  # warcio raises many kinds on damaged input
            reason = f"archive is truncated or corrupt: {_describe(err)}"
            yield Failure(source, reason, location=f"after record {done}")
            return
        done += 1
        if item is not None:
            yield item
    # warcio takes a record cut short inside its headers for the end of the archive
    leftover = records.fh.tell() - records.offset
    if leftover > 0:
        reason = f"archive is truncated or corrupt: its last {leftover} bytes are not a whole record"
        yield Failure(source, reason, location=f"after record {done}")
    elif done == 0:
        yield Failure(source, "no WARC records found")


def _describe(err: Exception) -> str:
    """The error in one line, cut short: warcio quotes the bad line it read, which is input."""
    text = " ".join(str(err)[: _REASON_SIZE * 2].split())
    if len(text) > _REASON_SIZE:
        text = text[:_REASON_SIZE] + "…"
    return text or type(err).__name__


def _record(record: ArcWarcRecord, source: str, options: ReadOptions) -> Document | Failure | None:
    declared_length = record.rec_headers.get_header("Content-Length") or ""
    if record.rec_type is None or (record.format == "warc" and not declared_length.isdigit()):
        raise DamagedStream("a record has no WARC-Type or Content-Length header")
    if record.format != "warc":  # the archive starts with WARC/: an old ARC-style record is damage
        raise DamagedStream("a record is not a WARC record")
    if record.rec_type not in ("response", "resource"):
        _drain(record)
        return None
    headers = record.rec_headers
    if record.rec_type == "response":
        http = record.http_headers
        if http is None or http.get_statuscode() != "200":
            _drain(record)
            return None
        content_type = http.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime, charset = _content_type(content_type)
    if mime not in HTML_TYPES:
        _drain(record)
        return None
    try:
        record_id = safe_id(_record_id(headers.get_header("WARC-Record-ID") or ""))
    except InputError as err:
        _drain(record)
        return Failure(source, err.reason)
    limit = options.max_bytes
    body = record.content_stream().read(limit + 1)
    _drain(record)
    where = f"record {record_id}" if record_id else None
    if len(body) > limit:
        reason = f"record body is over the {human_size(limit)} limit for one document; raise --max-bytes"
        return Failure(source, reason, location=where, document_id=record_id or None)
    url = headers.get_header("WARC-Target-URI") or None
    try:
        document = html_document(
            body,
            source=f"{source}#{record_id}",
            doc_id=record_id or None,
            options=options,
            url=url,
            charset=charset,
        )
    except InputError as err:
        return Failure(source, err.reason, location=where, document_id=record_id or None)
    except Exception as err:  # one page's extraction bug must not end the archive
        LOGGER.debug("unexpected error on record %s", record_id, exc_info=True)
        reason = f"unexpected error: {type(err).__name__}: {err}"
        return Failure(source, reason, location=where, document_id=record_id or None)
    fetched = headers.get_header("WARC-Date")
    if fetched:
        document.meta["fetched"] = normalize_date(fetched)
    document.meta["format"] = "warc"
    return document


def _drain(record: ArcWarcRecord) -> None:
    """Read the rest of a record; raise DamagedStream if the archive ends inside it."""
    raw: Any = record.raw_stream
    while raw.read(_DRAIN_SIZE):
        pass
    missing = getattr(raw, "limit", 0)
    if missing:
        raise DamagedStream(f"the last record is cut short ({missing} bytes missing)")


def _content_type(value: str) -> tuple[str, str | None]:
    mime, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return mime.strip().lower(), charset


def _record_id(value: str) -> str:
    return value.strip().removeprefix("<").removesuffix(">").removeprefix("urn:uuid:")
