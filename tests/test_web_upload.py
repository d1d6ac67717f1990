"""File uploads: POST /api/upload saves, reads, analyses and stores files in a background job."""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from slant.store import Store
from slant.web import create_app, uploads
from tests.test_web_data import FAST

BASE = "http://127.0.0.1"
HEADERS = {"X-Slant-Upload": "1"}
TEXT = "The council approved the new bridge on Monday.\n\nCritics said the cost was far too high.\n"
HTML = (
    "<html><head><title>Harbour plan</title></head><body><article>"
    "<p>The harbour authority unveiled a plan for a new pier on Tuesday.</p>"
    "<p>Fishermen welcomed the decision, the mayor said.</p></article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(64)


def _jsonl() -> bytes:
    good = {"id": "jsonl-rail", "text": "The railway line reopened after repairs on Friday.", "title": "Rail"}
    return (json.dumps(good) + "\n" + '{"id": "broken", "text": "unterminated\n').encode()


def _warc() -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    body = (
        b"<html><head><title>Market day</title></head><body><article><p>The market reopened on "
        b"Saturday after the storm, traders said.</p><p>Prices stayed the same.</p></article></body></html>"
    )
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://news.example/market", "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    return out.getvalue()


@pytest.fixture()
def made(tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    url = str(tmp_path / "upload.db")
    with TestClient(create_app(url, None, pipeline=FAST), base_url=BASE) as client:
        yield client, url


def _wait(client: TestClient, status_url: str, headers: dict[str, str] | None = None) -> dict[str, Any]:
    deadline = time.time() + 60
    while time.time() < deadline:
        job = client.get(status_url, headers=headers or {}).json()
        if job["status"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError("the upload job did not finish")


def _upload(client: TestClient, files: list[tuple[str, bytes]], **kwargs: Any) -> Any:
    parts = [("files", (name, data, "application/octet-stream")) for name, data in files]
    headers = kwargs.pop("headers", HEADERS)
    return client.post("/api/upload", files=parts, headers=headers, **kwargs)


def test_upload_all_formats(db_url: str) -> None:
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        _all_formats(client, db_url)


def _all_formats(client: TestClient, url: str) -> None:
    response = _upload(
        client,
        [
            ("story.txt", TEXT.encode()),
            ("harbour.html", HTML.encode()),
            ("lines.jsonl", _jsonl()),
            ("crawl.warc", _warc()),
            ("picture.png", PNG),
        ],
    )
    assert response.status_code == 202, response.text
    created = response.json()
    assert created["files"] == 5
    job = _wait(client, created["status_url"])
    assert job["status"] == "done", job
    assert job["counts"] == {"read": 4, "analysed": 4, "stored": 4, "unchanged": 0, "failed": 2}
    failures = {f["name"]: f for f in job["failures"]}
    assert set(failures) == {"lines.jsonl", "picture.png"}
    assert failures["lines.jsonl"]["location"] == "line 2"
    assert "invalid JSON" in failures["lines.jsonl"]["reason"]
    assert failures["picture.png"]["reason"] == "not text (looks like a PNG image)"
    names = {d["name"] for d in job["documents"]}
    assert names == {"story.txt", "harbour.html", "lines.jsonl", "crawl.warc"}
    for item in job["documents"]:
        assert item["href"].startswith("/doc/")
        assert client.get(item["href"]).status_code == 200
    store = Store(url)
    try:
        doc = store.get("jsonl-rail")
        assert (
            doc is not None and doc.meta["source"] == "<upload>" and doc.meta["upload_name"] == "lines.jsonl"
        )
        assert any(s.layer == "sentence" for s in doc.spans)
        story = next(d for d in job["documents"] if d["name"] == "story.txt")
        assert story["id"].startswith("sha256:")  # never slant's temporary file name
        stored = store.get(story["id"])
        assert stored is not None and stored.text == TEXT
        assert "slant-upload" not in json.dumps(stored.meta)
    finally:
        store.close()


def test_temporary_folder_removed(made: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = made
    folders: list[Path] = []
    real = uploads.tempfile.mkdtemp

    def spy(**kwargs: Any) -> str:
        folder = real(**kwargs)
        folders.append(Path(folder))
        return folder

    monkeypatch.setattr(uploads.tempfile, "mkdtemp", spy)
    response = _upload(client, [("a.txt", TEXT.encode())])
    _wait(client, response.json()["status_url"])
    time.sleep(0.1)
    assert folders and not folders[0].exists()


def test_oversize_file_413(made: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch) -> None:
    client, _ = made
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 1000)
    response = _upload(client, [("small.txt", TEXT.encode()), ("big.txt", b"word " * 1000)])
    assert response.status_code == 413
    assert "too large" in response.json()["detail"] and "1,000" in response.json()["detail"]
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 10_000)
    monkeypatch.setattr(uploads, "MAX_TOTAL_BYTES", 6000)
    response = _upload(client, [("one.txt", b"a " * 2000), ("two.txt", b"b " * 2000)])
    assert response.status_code == 413 and "upload is too large" in response.json()["detail"]


def test_hostile_file_names(made: tuple[TestClient, str], tmp_path: Path) -> None:
    client, _url = made
    response = _upload(
        client,
        [("../../x.txt", b"Escape attempt text, nothing more."), ("<script>.txt", b"Script name text here.")],
    )
    assert response.status_code == 202
    job = _wait(client, response.json()["status_url"])
    assert job["counts"]["stored"] == 2
    assert {d["name"] for d in job["documents"]} == {"../../x.txt", "<script>.txt"}
    assert not (tmp_path.parent / "x.txt").exists() and not Path("x.txt").exists()
    # the JSON carries the name as data; a page showing a document escapes it
    page = client.get("/analyze").text
    assert "<script>.txt" not in page
    script_doc = next(d for d in job["documents"] if d["name"] == "<script>.txt")
    html = client.get(script_doc["href"]).text
    assert "<script>.txt" not in html


def test_binary_and_empty_are_failures(made: tuple[TestClient, str]) -> None:
    client, _ = made
    response = _upload(client, [("blob.bin", bytes(range(256)) * 4), ("empty.txt", b"")])
    job = _wait(client, response.json()["status_url"])
    assert job["status"] == "done" and job["counts"]["failed"] == 2 and job["counts"]["stored"] == 0
    reasons = {f["name"]: f["reason"] for f in job["failures"]}
    assert reasons["blob.bin"].startswith("not text")
    assert "empty" in reasons["empty.txt"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 403),  # no X-Slant-Upload: a plain cross-site form could send this
        ({**HEADERS, "Origin": "https://evil.example"}, 403),
        ({**HEADERS, "Sec-Fetch-Site": "cross-site"}, 403),
        ({**HEADERS, "Origin": BASE}, 202),
    ],
)
def test_same_origin_rules(made: tuple[TestClient, str], headers: dict[str, str], status: int) -> None:
    client, _ = made
    response = _upload(client, [("a.txt", TEXT.encode())], headers=headers)
    assert response.status_code == status
    if status == 202:
        _wait(client, response.json()["status_url"])


def test_wrong_body_refused(made: tuple[TestClient, str]) -> None:
    client, _ = made
    json_body = client.post("/api/upload", json={"text": "x"}, headers=HEADERS)
    assert json_body.status_code == 415
    no_files = client.post("/api/upload", data={"other": "x"}, files={"x": ("", b"")}, headers=HEADERS)
    assert no_files.status_code == 422


def test_token_required(tmp_path: Path) -> None:
    token = "upload-token-0123456789abcdef0123"
    url = str(tmp_path / "token.db")
    with TestClient(create_app(url, token, pipeline=FAST), base_url="http://example.org") as client:
        refused = _upload(client, [("a.txt", TEXT.encode())])
        assert refused.status_code == 401
        auth = {**HEADERS, "Authorization": f"Bearer {token}"}
        accepted = _upload(client, [("a.txt", TEXT.encode())], headers=auth)
        assert accepted.status_code == 202
        job = _wait(client, accepted.json()["status_url"], {"Authorization": f"Bearer {token}"})
        assert job["status"] == "done" and job["counts"]["stored"] == 1


def test_page_and_limits(made: tuple[TestClient, str]) -> None:
    client, _ = made
    page = client.get("/analyze").text
    assert 'id="upload-form"' in page and 'type="file" name="files" multiple' in page
    limits = client.get("/api/upload").json()
    assert limits["max_file_bytes"] == uploads.MAX_FILE_BYTES and limits["field"] == "files"
    assert "/api/upload" in client.get("/openapi.json").json()["paths"]


def test_content_decides_and_names_kept(made: tuple[TestClient, str]) -> None:
    client, url = made
    response = _upload(
        client,
        [
            ("статья.txt", "Совет утвердил новый мост в понедельник.".encode()),
            ("really-text.png", b"A plain text file with an image's name, analysed all the same."),
            ("fake.txt", PNG),
        ],
    )
    job = _wait(client, response.json()["status_url"])
    assert job["counts"] == {"read": 2, "analysed": 2, "stored": 2, "unchanged": 0, "failed": 1}
    assert {d["name"] for d in job["documents"]} == {"статья.txt", "really-text.png"}
    (failure,) = job["failures"]
    assert failure["name"] == "fake.txt" and failure["reason"] == "not text (looks like a PNG image)"
    store = Store(url)
    try:
        recorded = store.failures()
    finally:
        store.close()
    assert [(f.source, f.reason) for f in recorded] == [("fake.txt", "not text (looks like a PNG image)")]


def test_empty_file_input_ignored(made: tuple[TestClient, str]) -> None:
    client, _ = made
    parts = [
        ("files", ("", b"", "application/octet-stream")),
        ("files", ("a.txt", TEXT.encode(), "text/plain")),
    ]
    response = client.post("/api/upload", files=parts, headers=HEADERS)
    assert response.status_code == 202 and response.json()["files"] == 1
    assert _wait(client, response.json()["status_url"])["counts"]["stored"] == 1


def test_a_full_queue_is_429_for_analyses_and_uploads(
    made: tuple[TestClient, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from slant.web import jobs as jobs_module

    client, _ = made
    monkeypatch.setattr(jobs_module, "MAX_QUEUED", 2)
    runner = client.app.state.jobs  # type: ignore[attr-defined]
    release = threading.Event()
    # The single worker busy: the first job waits, the next two stay queued.
    runner._executor.submit(release.wait, 30)
    try:
        for i in range(2):
            ok = client.post("/api/analyze", json={"text": f"Text {i} about the harbour.", "keep": False})
            assert ok.status_code in (200, 202), ok.text
        refused = client.post("/api/analyze", json={"text": "One too many.", "keep": False})
        assert refused.status_code == 429 and refused.headers["retry-after"] == "60"
        assert "already waiting" in refused.json()["detail"]
        before = set(Path(tempfile.gettempdir()).glob("slant-upload-*"))
        upload = _upload(client, [("a.txt", TEXT.encode())])
        assert upload.status_code == 429  # refused before the upload was read: no folder left
        assert set(Path(tempfile.gettempdir()).glob("slant-upload-*")) == before
    finally:
        release.set()


def test_upload_folders_are_removed_on_shutdown_and_a_dead_servers_on_start(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = Path(tempfile.mkdtemp(prefix=f"{uploads.UPLOAD_PREFIX}{int(gone.stdout)}-"))
    (dead / "half.txt").write_text("a file a killed server was receiving")
    other = Path(tempfile.mkdtemp(prefix=f"{uploads.UPLOAD_PREFIX}1-"))  # pid 1 runs: another server's
    unnamed = Path(tempfile.mkdtemp(prefix=uploads.UPLOAD_PREFIX + "x"))  # not a name we give: left
    try:
        with TestClient(create_app(str(tmp_path / "u.db"), None, pipeline=FAST), base_url=BASE):
            assert not dead.exists()  # removed when the server started
            mine = Path(tempfile.mkdtemp(prefix=f"{uploads.UPLOAD_PREFIX}{os.getpid()}-"))
            assert other.exists() and unnamed.exists() and mine.exists()
        assert not mine.exists()  # removed when the server stopped
        assert other.exists() and unnamed.exists()
    finally:
        for folder in (dead, other, unnamed):
            shutil.rmtree(folder, ignore_errors=True)


def test_the_same_text_again_is_unchanged_and_not_analysed(made: tuple[TestClient, str]) -> None:
    client, _ = made
    first = _wait(client, _upload(client, [("a.txt", TEXT.encode())]).json()["status_url"])
    assert first["counts"]["analysed"] == 1
    again = _wait(client, _upload(client, [("a.txt", TEXT.encode())]).json()["status_url"])
    assert again["counts"]["unchanged"] == 1 and again["counts"]["analysed"] == 0
    text = "The harbour reopened on Tuesday after the strike ended."
    job = client.post("/api/analyze", json={"id": "same", "text": text}).json()
    assert _wait(client, job["status_url"])["stage"] == "done"
    job = client.post("/api/analyze", json={"id": "same", "text": text}).json()
    repeated = _wait(client, job["status_url"])
    assert (repeated["status"], repeated["stage"], repeated["document_id"]) == ("done", "unchanged", "same")
