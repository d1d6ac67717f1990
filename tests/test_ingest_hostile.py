"""Hostile inputs through `slant analyze`: the bad document fails, short and named; the rest is stored."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.analyze.pipeline import PipelineConfig
from slant.cli import EXIT_FAILURES, app
from slant.errors import Failure
from slant.run.local import REASON_CHARS, analyze_documents
from slant.store import Store

RUNNER = CliRunner()
PIPELINE = ("paragraphs", "language", "sentences")
TEXT = "The Varne bridge fell on Monday, number {}. Officials blamed the storm."
HTML = (
    "<html><body><article><p>The bridge over the Varne fell on Monday, officials said. They blamed "
    "the storm that hit the town overnight and promised a new bridge by spring.</p></article></body></html>"
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "pipeline.toml"
    path.write_text(f"pipeline = {json.dumps(list(PIPELINE))}\n", encoding="utf-8")
    return path


def analyze(tmp_path: Path, config: Path, *args: str) -> tuple[int, str, list[Failure], dict[str, str]]:
    """Run `slant analyze` into a fresh store: exit code, stderr, failures, stored id → text."""
    db = str(tmp_path / "store.db")
    result = RUNNER.invoke(app, ["analyze", *args, "--db", db, "--config", str(config), "-q"])
    with Store(db) as store:
        failures = store.failures()
        docs = {doc.id: doc.text for doc in store.iter_documents()}
    for failure in failures:
        assert len(failure.reason) <= REASON_CHARS and "\x00" not in failure.reason
    return result.exit_code, result.stderr, failures, docs


def good(number: int) -> bytes:
    return json.dumps({"id": f"g{number}", "text": TEXT.format(number)}).encode() + b"\n"


def test_a_lone_surrogate_fails_its_line_and_the_batch_is_stored(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "surrogates.jsonl"
    path.write_bytes(
        good(1)
        + b'{"id": "s1", "text": "A broken \\udfff pair. And more."}\n'
        + b'{"id": "s2", "text": "Fine text here. Yes.", "extra": {"note": ["\\ud800"]}}\n'
        + b'{"id": "s3", "text": "An emoji \\ud83d\\ude00 is a whole pair. Fine."}\n'
        + good(2)
    )
    code, _, failures, docs = analyze(tmp_path, config, str(path))
    assert code == EXIT_FAILURES
    hint = "which is not a character; fix the line, or pass --encoding-errors replace"
    assert failures == [
        Failure(str(path), f"field 'text' holds a lone surrogate (\\udfff), {hint}", location="line 2"),
        Failure(str(path), f"field 'extra' holds a lone surrogate (\\ud800), {hint}", location="line 3"),
    ]
    assert sorted(docs) == ["g1", "g2", "s3"] and "\U0001f600" in docs["s3"]


def test_a_lone_surrogate_is_replaced_with_encoding_errors_replace(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "surrogates.jsonl"
    path.write_bytes(b'{"id": "s1", "text": "A broken \\udfff pair. And more."}\n' + good(1))
    db = str(tmp_path / "store.db")
    args = ["analyze", str(path), "--db", db, "--config", str(config), "-q", "--encoding-errors", "replace"]
    assert RUNNER.invoke(app, args).exit_code == 0
    with Store(db) as store:
        doc = store.get("s1")
    assert doc is not None and doc.text == "A broken \ufffd pair. And more."
    assert doc.meta["encoding"] == "utf-8 (lone surrogates replaced)"


def test_json_nested_too_deep_fails_its_line_only(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "deep.jsonl"
    deep = b"[" * 3000 + b"]" * 3000
    path.write_bytes(
        good(1)
        + deep
        + b"\n"
        + b'{"text": "Nested metadata. Too deep.", "extra": '
        + deep
        + b"}\n"
        + b'{"text": "Nested metadata. Deep enough.", "extra": '
        + b"[" * 60
        + b"]" * 60
        + b"}\n"
        + good(2)
    )
    code, _, failures, docs = analyze(tmp_path, config, str(path))
    assert code == EXIT_FAILURES
    assert failures == [
        Failure(str(path), "JSON nested more than 64 levels deep", location="line 2"),
        Failure(str(path), "JSON nested more than 64 levels deep", location="line 3"),
    ]
    assert {"g1", "g2"} < set(docs) and len(docs) == 3


def test_a_nul_byte_fails_its_line_not_the_file(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "nul.jsonl"
    path.write_bytes(good(1) + b'{"id": "n1", "text": "a\x00b"}\n' + b'\x00{"id": "n2"}\n' + good(2))
    code, _, failures, docs = analyze(tmp_path, config, str(path))
    assert code == EXIT_FAILURES
    assert failures == [
        Failure(str(path), "invalid JSON: Invalid control character at column 24", location="line 2"),
        Failure(str(path), "invalid JSON: Expecting value at column 1", location="line 3"),
    ]
    assert sorted(docs) == ["g1", "g2"]


def test_a_symlink_loop_in_a_folder_is_one_failure(tmp_path: Path, config: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT.format(1) + "\n", encoding="utf-8")
    os.symlink("self", folder / "self")  # a link to itself: stat() raises ELOOP
    os.symlink("..", folder / "up")  # a folder loop: links to folders are not followed
    (folder / "z.txt").write_text(TEXT.format(2) + "\n", encoding="utf-8")
    code, _, failures, docs = analyze(tmp_path, config, str(folder))
    assert code == EXIT_FAILURES
    assert failures == [Failure(str(folder / "self"), "symbolic link loop")]
    assert sorted(docs) == ["a", "z"]


def test_a_warc_that_is_not_warc_is_refused_from_its_start(tmp_path: Path, config: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zeros.warc.gz").write_bytes(gzip.compress(b"\x00" * (4 << 20)))
    (folder / "notes.warc").write_bytes(b"not an archive at all\n" * 1000)
    (folder / "z.txt").write_text(TEXT.format(1) + "\n", encoding="utf-8")
    code, _, failures, docs = analyze(tmp_path, config, str(folder))
    assert code == EXIT_FAILURES
    reason = "not a WARC archive: it does not start with 'WARC/'"
    assert failures == [
        Failure(str(folder / "notes.warc"), reason),
        Failure(str(folder / "zeros.warc.gz"), reason),
    ]
    assert list(docs) == ["z"]


def warc_record(number: int, body: bytes) -> bytes:
    headers = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/{number}\r\n"
        f"WARC-Record-ID: <urn:uuid:{number}>\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return headers.encode() + body + b"\r\n\r\n"


def page(html: bytes) -> bytes:
    return b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + html


def test_warc_headers_without_line_ends_stop_at_the_limit(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "endless.warc.gz"
    path.write_bytes(
        gzip.compress(warc_record(1, page(HTML.encode())) + b"WARC/1.0\r\n" + b"\x00" * (4 << 20))
    )
    code, _, failures, docs = analyze(tmp_path, config, str(path), "--max-bytes", "100000")
    assert code == EXIT_FAILURES
    reason = "archive is truncated or corrupt: a record's headers are over 97.7 KB; is this a WARC archive?"
    assert failures == [Failure(str(path), reason, location="after record 1")]
    assert list(docs) == ["1"]


def test_a_warc_record_over_the_limit_fails_and_the_next_is_read(tmp_path: Path, config: Path) -> None:
    path = tmp_path / "big.warc.gz"
    big = page(b"<html>" + b"\x00" * (2 << 20))
    path.write_bytes(gzip.compress(warc_record(1, big) + warc_record(2, page(HTML.encode()))))
    code, _, failures, docs = analyze(tmp_path, config, str(path), "--max-bytes", "100000")
    assert code == EXIT_FAILURES
    reason = "record body is over the 97.7 KB limit for one document; raise --max-bytes"
    assert failures == [Failure(str(path), reason, location="record 1", document_id="1")]
    assert list(docs) == ["2"]


def test_failure_reasons_are_capped_where_they_are_stored(tmp_path: Path) -> None:
    huge = Failure("huge.txt", "quoted input: " + "x" * 1_000_000, location="line 1")
    odd = Failure("caf\udce9.txt", "short", document_id="id\udfff")  # a file name that is not UTF-8
    with Store(str(tmp_path / "store.db")) as store:
        summary = analyze_documents([huge, odd], store, PipelineConfig(PIPELINE))
        stored = store.failures()
    assert summary.failed == 2
    assert len(stored[0].reason) == REASON_CHARS and stored[0].reason.endswith("x…")
    assert stored[1] == Failure("caf\ufffd.txt", "short", document_id="id\ufffd")


def test_ids_with_control_characters_are_stored_escaped_and_open_in_the_workbench(
    tmp_path: Path, config: Path
) -> None:
    from fastapi.testclient import TestClient

    from slant.web import create_app
    from slant.web.templating import doc_href

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bell\x07name.txt").write_text(TEXT.format(1), encoding="utf-8")
    lines = folder / "ids.jsonl"
    lines.write_text(
        json.dumps({"id": "red\x1b[31m\nline", "text": TEXT.format(2)})
        + "\n"
        + json.dumps({"id": "x" * 600, "text": TEXT.format(3)})
        + "\n",
        encoding="utf-8",
    )
    code, _, failures, docs = analyze(tmp_path, config, str(folder))
    assert code == EXIT_FAILURES
    assert sorted(docs) == ["bell\\x07name", "red\\x1b[31m\\x0aline"]
    assert [(f.location, f.reason) for f in failures] == [
        ("line 2", "document id longer than 512 characters (600)")
    ]
    db = str(tmp_path / "store.db")
    with TestClient(create_app(db, None, pipeline=list(PIPELINE)), base_url="http://127.0.0.1") as client:
        for doc_id in docs:  # every stored document opens
            assert client.get(doc_href(doc_id), headers={"accept": "text/html"}).status_code == 200
        # The web takes the same rule: an id sent with a control character is stored escaped.
        job = client.post("/api/analyze", json={"id": "web\x07id", "text": TEXT.format(4)}).json()
        for _ in range(200):
            state = client.get(job["status_url"]).json()
            if state["status"] in ("done", "failed"):
                break
            time.sleep(0.05)
        assert state["status"] == "done" and state["document_id"] == "web\\x07id"
        long = client.post("/api/analyze", json={"id": "y" * 500 + "\x07" * 5, "text": TEXT.format(5)})
        assert long.status_code == 422 and "longer than 512" in long.text


def test_csv_export_to_a_terminal_shows_escape_sequences_as_symbols(
    tmp_path: Path, config: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slant.cli import export as export_command

    page = tmp_path / "page.jsonl"
    page.write_text(
        json.dumps(
            {"id": "t", "title": "Owned\x1b]0;title\x07", "text": "Red \x1b[31mtext\x1b[0m here. Fine."}
        )
        + "\n",
        encoding="utf-8",
    )
    code, _, _, _ = analyze(tmp_path, config, str(page))
    assert code == 0
    db = str(tmp_path / "store.db")
    monkeypatch.setattr(export_command, "is_terminal", lambda stream: True)
    shown = RUNNER.invoke(app, ["export", "--format", "csv", "--table", "documents", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.stdout and "\x07" not in shown.stdout
    assert "Owned␛]0;title␇" in shown.stdout and "␛[31mtext" in shown.stdout
    assert shown.stdout.count("\n") == 2  # the header and one row: line ends kept
    monkeypatch.setattr(export_command, "is_terminal", lambda stream: False)
    piped = RUNNER.invoke(app, ["export", "--format", "csv", "--table", "documents", "--db", db])
    assert "\x1b[31mtext" in piped.stdout  # to a file or a pipe: the data as it is
