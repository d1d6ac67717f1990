"""The workbench's HTTP API over a real store: filters, paging, documents, spans, stats, export, jobs."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from slant.store import Store
from slant.web import create_app
from tests.test_web_data import FAST, fill

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("web") / "api.db")
    fill(url)
    with TestClient(create_app(url, None, pipeline=FAST), base_url=BASE) as test_client:
        yield test_client


def test_documents_paged_and_filtered(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 3
    assert [d["id"] for d in body["items"]] == ["araby-ar-bridge", "ledger-en-bridge", "evil-doc"]
    page = client.get("/api/documents", params={"limit": 1, "offset": 1}).json()
    assert page["total"] == 3 and [d["id"] for d in page["items"]] == ["ledger-en-bridge"]
    assert (
        client.get("/api/documents", params={"language": "ar"}).json()["items"][0]["id"] == "araby-ar-bridge"
    )
    outlet = client.get("/api/documents", params={"outlet": "The Northern Ledger"}).json()
    assert [d["id"] for d in outlet["items"]] == ["ledger-en-bridge"]
    dated = client.get("/api/documents", params={"from": "2026-10-01", "to": "2026-10-14"}).json()
    assert [d["id"] for d in dated["items"]] == ["ledger-en-bridge"]
    month = client.get("/api/documents", params={"to": "2026-05"}).json()
    assert [d["id"] for d in month["items"]] == ["evil-doc"]


def test_documents_full_text_search(client: TestClient) -> None:
    found = client.get("/api/documents", params={"q": "RECKLESS"}).json()
    assert [d["id"] for d in found["items"]] == ["ledger-en-bridge"]
    assert client.get("/api/documents", params={"q": "السلطات"}).json()["total"] == 1
    assert client.get("/api/documents", params={"q": "council blames"}).json()["total"] == 1  # the title
    # LIKE wildcards are escaped: % and _ match themselves only.
    assert client.get("/api/documents", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/documents", params={"q": "_"}).json()["total"] == 0


@pytest.mark.parametrize(
    "params",
    [
        {"limit": 0},
        {"limit": 1000},
        {"offset": -1},
        {"q": "x" * 201},
        {"from": "yesterday"},
        {"to": "2026-1"},
    ],
)
def test_documents_reject_bad_parameters(client: TestClient, params: dict[str, object]) -> None:
    response = client.get("/api/documents", params=params)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_document_as_analysis_json(client: TestClient) -> None:
    doc = client.get("/api/documents/ledger-en-bridge").json()
    assert doc["id"] == "ledger-en-bridge" and doc["text"].startswith("Council blames")
    layers = {s["layer"] for s in doc["spans"]}
    assert {"paragraph", "sentence", "technique", "quote", "entity", "claim"} <= layers
    only = client.get("/api/documents/ledger-en-bridge", params={"layers": "technique,quote"}).json()
    assert {s["layer"] for s in only["spans"]} == {"technique", "quote"}
    assert client.get("/api/documents/ledger-en-bridge", params={"layers": "a b"}).status_code == 422


def test_unknown_document_is_a_json_404(client: TestClient) -> None:
    response = client.get("/api/documents/nope")
    assert response.status_code == 404
    assert response.json() == {"detail": "no such document"}
    assert client.get("/api/documents/" + "x" * 600).status_code == 422


def test_spans_query(client: TestClient) -> None:
    body = client.get("/api/spans", params={"layer": "technique"}).json()
    assert body["total"] == 3
    labels = {(s["document_id"], s["label"]) for s in body["items"]}
    assert ("ledger-en-bridge", "Name_Calling-Labeling") in labels
    first = next(s for s in body["items"] if s["label"] == "Name_Calling-Labeling")
    assert first["text"] == "reckless cowards" and first["end"] - first["start"] == len("reckless cowards")
    assert first["href"] == f"/doc/ledger-en-bridge#at-technique-{first['start']}-{first['end']}"
    # the rest of the sentence around the span, cut at the sentence's ends
    assert first["before"] == 'According to Reuters, the mayor Marta Kowalczyk called the engineers "'
    assert first["after"].endswith(".") and "\n" not in first["after"]
    strong = client.get("/api/spans", params={"layer": "technique", "min_score": 0.9}).json()
    assert {s["label"] for s in strong["items"]} == {
        "Name_Calling-Labeling",
        "Label<script>alert(1)</script>",
    }
    text = client.get("/api/spans", params={"text": "COWARDS", "layer": "technique"}).json()
    assert [s["label"] for s in text["items"]] == ["Name_Calling-Labeling"]
    # actor: spans of documents where the entity is mentioned.
    actor = client.get("/api/spans", params={"layer": "technique", "actor": "per:jonas-berg"}).json()
    assert {s["document_id"] for s in actor["items"]} == {"ledger-en-bridge"} and actor["total"] == 2
    outlet = client.get("/api/spans", params={"outlet": "Al Araby", "layer": "entity"}).json()
    assert [s["text"] for s in outlet["items"]] == ["السلطات"]
    language = client.get("/api/spans", params={"language": "ar", "layer": "language"}).json()
    assert language["total"] == 1
    paged = client.get("/api/spans", params={"limit": 2, "offset": 2}).json()
    assert len(paged["items"]) == 2 and paged["total"] > 4
    assert client.get("/api/spans", params={"min_score": 2}).status_code == 422


def test_stats(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["documents"] == 3
    assert {"key": "ar", "count": 1} in stats["languages"]
    assert any(item["key"] == "technique" for item in stats["layers"])


def test_export_jsonl_and_csv(client: TestClient) -> None:
    response = client.get("/api/export", params={"format": "jsonl"})
    assert response.status_code == 200
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [d["id"] for d in lines] == ["araby-ar-bridge", "evil-doc", "ledger-en-bridge"]
    spans_csv = client.get("/api/export", params={"format": "csv", "layers": "technique"})
    rows = list(csv.DictReader(io.StringIO(spans_csv.text)))
    assert len(rows) == 3 and {r["layer"] for r in rows} == {"technique"}
    docs_csv = client.get(
        "/api/export", params={"format": "csv", "table": "documents", "language": "en"}
    ).text
    assert docs_csv.count("\n") >= 2 and docs_csv.startswith("id,language")
    assert client.get("/api/export", params={"format": "xml"}).status_code == 422


def test_export_csv_guards_formulas(tmp_path: Path) -> None:
    from slant.document import Document, Span

    url = str(tmp_path / "f.db")
    with Store(url) as store:
        store.write(None, [Document("f", "=1+2 text", {}, [Span("technique", 0, 4, "=HYPERLINK()", 0.5)])])
    with TestClient(create_app(url, None), base_url=BASE) as client:
        rows = list(csv.DictReader(io.StringIO(client.get("/api/export?format=csv").text)))
    assert rows[0]["label"] == "'=HYPERLINK()" and rows[0]["text"] == "'=1+2"


def test_export_parquet_and_human_corrections_win_in_every_format(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    from slant.document import Document, Span

    url = str(tmp_path / "h.db")
    text = "Lavrov said the talks failed."
    with Store(url) as store:
        store.write(None, [Document("h", text, {}, [Span("entity", 0, 6, "ORG", None, {}, "spacy")])])
        store.replace_human_spans("h", ["entity"], [Span("entity", 0, 6, "PER", None, {"canonical": "x"})])
    with TestClient(create_app(url, None), base_url=BASE) as client:
        lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
        assert [(s["label"], s["model"]) for s in json.loads(lines[0])["spans"]] == [("PER", "human")]
        rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv"}).text)))
        assert [r["label"] for r in rows] == ["PER"]
        response = client.get("/api/export", params={"format": "parquet"})
        assert response.status_code == 200 and response.content[:4] == b"PAR1"
        path = tmp_path / "x.parquet"
        path.write_bytes(response.content)
        assert pq.read_table(path).column("label").to_pylist() == ["PER"]


def test_openapi_describes_the_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/documents",
        "/api/spans",
        "/api/analyze",
        "/api/jobs/{job_id}",
        "/api/stats",
        "/api/export",
        "/api/upload",
        "/api/corpus/techniques",
        "/api/corpus/quote-clusters",
        "/api/corpus/claim-clusters",
        "/api/corpus/wording",
    ):
        assert path in spec["paths"], path
    wording = spec["paths"]["/api/corpus/wording"]["get"]
    assert {"outlets", "actor", "min_count", "format"} <= {p["name"] for p in wording["parameters"]}
    assert "text" in json.dumps(spec["paths"]["/api/analyze"]["post"]["requestBody"])


def test_analyze_job_round_trip(client: TestClient) -> None:
    text = "Officials said on Monday that the dam will open in May 2027, according to Reuters."
    created = client.post(
        "/api/analyze", json={"text": text, "id": "web-1", "title": "Dam", "outlet": "Test"}
    )
    assert created.status_code == 202
    job_url = created.json()["status_url"]
    deadline = time.monotonic() + 60
    while True:
        job = client.get(job_url).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert job["status"] == "done", job
    assert job["document_id"] == "web-1" and job["href"] == "/doc/web-1"
    doc = client.get("/api/documents/web-1").json()
    assert doc["text"] == text and doc["meta"]["title"] == "Dam"
    assert {"paragraph", "sentence", "source", "date"} <= {s["layer"] for s in doc["spans"]}
    page = client.get("/doc/web-1")
    assert page.status_code == 200 and "the dam will open" in page.text


def test_analyze_rejects_oversize_and_bad_bodies(client: TestClient) -> None:
    big = client.post("/api/analyze", json={"text": "a" * 2_000_001})
    assert big.status_code == 413 and "too large" in big.json()["detail"]
    huge = client.post(
        "/api/analyze", content=b"x" * (8 * 1024 * 1024 + 1), headers={"content-type": "application/json"}
    )
    assert huge.status_code == 413
    assert client.post("/api/analyze", json={"title": "no text"}).status_code == 422
    assert (
        client.post(
            "/api/analyze", content=b"{not json", headers={"content-type": "application/json"}
        ).status_code
        == 422
    )
    assert client.post("/api/analyze", json={"text": "x", "published": "<script>"}).status_code == 422
    assert client.post("/api/analyze", json={"text": "nul \x00 char"}).status_code == 422


def test_analyze_refuses_cross_site_posts(client: TestClient) -> None:
    form = client.post("/api/analyze", content=b'{"text": "x"}', headers={"content-type": "text/plain"})
    assert form.status_code == 415
    other = client.post("/api/analyze", json={"text": "x"}, headers={"origin": "http://evil.example"})
    assert other.status_code == 403
    same = client.post("/api/analyze", json={"text": "same origin"}, headers={"origin": BASE})
    assert same.status_code == 202


def test_failed_jobs_say_why_and_hide_internals(client: TestClient) -> None:
    def wait(url: str) -> dict[str, object]:
        deadline = time.monotonic() + 60
        while True:
            job = client.get(url).json()
            if job["status"] in ("done", "failed") or time.monotonic() > deadline:
                return job
            time.sleep(0.05)

    # The id belongs to a stored document from another source: refused, never overwritten.
    taken = client.post("/api/analyze", json={"text": "Another text.", "id": "ledger-en-bridge"})
    assert taken.status_code == 409 and "another source" in taken.json()["detail"]
    assert client.get("/api/documents/ledger-en-bridge").json()["text"].startswith("Council blames")
    executor = client.app.state.jobs.engine().executor  # type: ignore[attr-defined]
    pipeline = executor.pipeline

    def broken(_doc: object) -> None:
        raise RuntimeError("secret internals")

    executor.pipeline = broken
    try:
        job = wait(client.post("/api/analyze", json={"text": "Boom."}).json()["status_url"])
    finally:
        executor.pipeline = pipeline
    assert job["status"] == "failed" and "secret" not in str(job["error"])


def test_unknown_job_is_404_and_job_ids_are_validated(client: TestClient) -> None:
    assert client.get("/api/jobs/" + "0" * 32).status_code == 404
    assert client.get("/api/jobs/../../etc/passwd").status_code == 404
    assert client.get("/api/jobs/ZZZ").status_code == 422


def test_api_on_each_database(db_url: str) -> None:
    fill(db_url)
    with TestClient(create_app(db_url, None), base_url=BASE) as client:
        assert client.get("/api/documents", params={"q": "reckless"}).json()["total"] == 1
        assert (
            client.get("/api/spans", params={"actor": "per:marta-kowalczyk", "layer": "quote"}).json()[
                "total"
            ]
            == 1
        )
        assert client.get("/api/stats").json()["documents"] == 3
        assert client.get("/api/documents", params={"q": "%"}).json()["total"] == 0
        assert client.get("/api/documents", params={"to": "2026-05"}).json()["total"] == 1
        found = client.get(
            "/api/spans", params={"text": "COWARDS", "layer": "technique", "min_score": 0.5}
        ).json()
        assert [s["text"] for s in found["items"]] == ["reckless cowards"]
        assert len(client.get("/api/export?format=jsonl").text.splitlines()) == 3
        assert client.get("/doc/araby-ar-bridge").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api/documents",
        "/api/documents/ledger-en-bridge",
        "/doc/ledger-en-bridge",
        "/api/stats",
        "/static/app.css",
        "/nowhere",
    ],
)
def test_head_answers_as_get_without_a_body(client: TestClient, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]
    assert head.headers["content-security-policy"] == get.headers["content-security-policy"]


def test_export_min_score_and_thresholds_in_csv(client: TestClient) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(client.get("/api/export", params={"format": "csv"}).text)))
    assert {"display_threshold", "hidden"} <= set(rows[0])
    scored = [float(r["score"]) for r in rows if r["score"]]
    floor = sorted(scored)[len(scored) // 2]
    strong = list(
        csv.DictReader(
            io.StringIO(client.get("/api/export", params={"format": "csv", "min_score": floor}).text)
        )
    )
    assert 0 < len(strong) < len(rows)
    assert all(not r["score"] or float(r["score"]) >= floor for r in strong)
    assert client.get("/api/export", params={"min_score": 1.5}).status_code == 422


def test_analyze_without_keeping(client: TestClient) -> None:
    before = client.get("/api/documents").json()["total"]
    text = "The harbour reopened on 3 May 2026, the council said."
    created = client.post("/api/analyze", json={"text": text, "title": "Trial", "keep": False})
    assert created.status_code == 202
    deadline = time.monotonic() + 60
    while True:
        job = client.get(created.json()["status_url"]).json()
        if job["status"] in ("done", "failed") or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert job["status"] == "done" and job["kept"] is False, job
    assert job["href"] == f"/try/{job['id']}" and job["document"]["text"] == text
    assert "date" in {s["layer"] for s in job["document"]["spans"]}
    page = client.get(job["href"])
    assert page.status_code == 200 and "Not stored" in page.text and "delete-doc" not in page.text
    assert client.get("/api/documents").json()["total"] == before  # in no list, count or export
    assert client.get(f"/api/documents/{job['document_id']}").status_code == 404
    assert client.get("/try/" + "0" * 32).status_code == 404
    assert client.get("/try/not-a-job").status_code == 422
    assert client.post("/api/analyze", json={"text": text, "keep": "maybe"}).status_code == 422
