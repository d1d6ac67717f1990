"""A bounded fuzz run over every reader: random and mutated bytes give documents or clear failures.

Each reader must return a Document or raise InputError (text, HTML), or yield Documents and
Failures (JSONL, WARC, read_sources over files, folders and standard input); no other
exception, and no failure that reports an unexpected error (read_sources turns a reader's bug
into such a failure so that a run goes on; here it fails the test).
"""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Iterable
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from slant.document import Document
from slant.errors import Failure, InputError
from slant.ingest import ReadOptions, read_sources
from slant.ingest.html import html_document
from slant.ingest.jsonl import read_jsonl
from slant.ingest.text import text_document
from slant.ingest.warc import read_warc

OPTIONS = ReadOptions(max_bytes=64 * 1024)
REPLACE = ReadOptions(max_bytes=64 * 1024, encoding_errors="replace")

TEXT = "Bridge row\n\nThe council said the bridge is safe. «Quoted» — ок, جسر 🙂.\n".encode()
HTML = (
    b'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bridge</title>'
    b'<meta property="og:site_name" content="Ledger"></head><body><article><h1>Bridge row</h1>'
    b"<p>The council said the bridge is safe, and the mayor agreed with every word of it.</p>"
    b"<p>Critics disagreed: \xc2\xabit will fall\xc2\xbb, they wrote in a long letter.</p>"
    b"</article></body></html>"
)
JSONL = (
    b'{"id": "a", "text": "The council said so.", "url": "https://x.example/a", "published": "2024-01-02", '
    b'"authors": "A; B", "language": "en", "extra": {"k": [1, 2]}}\n'
    b'{"id": 7, "text": "Second \\u00e9 \\ud83d\\ude42", "title": "T"}\n'
)


def _warc_record(body: bytes, record_id: str = "0b1f-42") -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    headers = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{record_id}>\r\n"
        "WARC-Date: 2024-01-02T03:04:05Z\r\nWARC-Target-URI: https://x.example/a\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    )
    return headers.encode() + http + b"\r\n\r\n"


WARC = _warc_record(HTML) + _warc_record(b"<p>short page</p>", "77")
SEEDS = {"text": TEXT, "html": HTML, "jsonl": JSONL, "warc": WARC}

NASTY = st.sampled_from(
    [
        b"\x00",
        b"\xff",
        b"\xfe\xff",
        b"\xef\xbb\xbf",
        b"\r",
        b"\n",
        b"<",
        b"{",
        b"\\ud800",
        b'"',
        b"\x1f\x8b",
        b"WARC/",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """The seed with a few bytes flipped, inserted, deleted, or cut off."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "cut"]))
        if action == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif action == "insert":
            data[at:at] = draw(NASTY | st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        else:
            del data[at:]
    return bytes(data)


def fuzz_bytes(seed: bytes) -> st.SearchStrategy[bytes]:
    """Random bytes, bytes built of nasty pieces, or the seed mutated."""
    return st.one_of(
        st.binary(max_size=300),
        st.lists(NASTY | st.binary(max_size=8) | st.sampled_from([seed[:40], seed[-40:]]), max_size=12).map(
            b"".join
        ),
        mutated(seed),
    )


def _check(items: Iterable[Document | Failure]) -> list[Document | Failure]:
    found = list(items)
    for item in found:
        assert isinstance(item, Document | Failure), item
        if isinstance(item, Failure):
            assert item.reason and not item.reason.startswith("unexpected error"), item
        else:
            item.check_spans()
            assert item.text.strip() and item.id
    return found


FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(fuzz_bytes(TEXT), st.sampled_from([OPTIONS, REPLACE]))
def test_text_reader_gives_a_document_or_input_error(data: bytes, options: ReadOptions) -> None:
    try:
        doc = text_document(data, source="x.txt", doc_id=None, options=options)
    except InputError as err:
        assert err.reason
        return
    assert doc.text.strip() and doc.meta["format"] == "text"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzz_bytes(HTML), st.sampled_from([OPTIONS, REPLACE]))
def test_html_reader_gives_a_document_or_input_error(data: bytes, options: ReadOptions) -> None:
    try:
        doc = html_document(data, source="x.html", doc_id=None, options=options)
    except InputError as err:
        assert err.reason
        return
    assert doc.text.strip() and doc.meta["format"] == "html"


@FUZZ
@given(fuzz_bytes(JSONL), st.sampled_from([OPTIONS, REPLACE, ReadOptions(max_bytes=40)]))
@example(b'{"text": "a\\ud800"}\n{"text": "\\u0000"}\n[1]\n', OPTIONS)
def test_jsonl_reader_gives_documents_and_failures(data: bytes, options: ReadOptions) -> None:
    _check(read_jsonl(io.BytesIO(data), source="x.jsonl", options=options))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fuzz_bytes(WARC), st.booleans())
def test_warc_reader_gives_documents_and_failures(data: bytes, compress: bool) -> None:
    if compress:
        data = gzip.compress(data)
    _check(read_warc(io.BufferedReader(io.BytesIO(data)), source="x.warc", options=OPTIONS))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(
                ["a.txt", "b.html", "c.jsonl", "d.warc", "e", "f.jsonl.gz", "g.warc.gz", "sub/h"]
            ),
            st.sampled_from(sorted(SEEDS)).flatmap(lambda kind: fuzz_bytes(SEEDS[kind])),
        ),
        max_size=4,
    )
)
def test_folder_walker_reads_every_file_into_documents_and_failures(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file_name, data in files:
            path = folder / file_name
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(gzip.compress(data) if file_name.endswith(".gz") else data)
        found = _check(read_sources([folder], OPTIONS))
    assert found  # at least a failure saying the folder holds nothing to read


@FUZZ
@given(st.sampled_from(sorted(SEEDS)).flatmap(lambda kind: fuzz_bytes(SEEDS[kind])), st.booleans())
def test_standard_input_gives_documents_and_failures(data: bytes, compress: bool) -> None:
    stdin = io.BytesIO(gzip.compress(data) if compress else data)
    assert _check(read_sources(["-"], OPTIONS, stdin=stdin))
