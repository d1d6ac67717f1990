"""Deleting documents: from the store, the HTTP API and the command line; gone from every view."""

from __future__ import annotations

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from slant.cli import app as cli
from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app
from tests.test_web_dashboard import BASE, FAST


def _docs() -> list[Document]:
    out = []
    for doc_id, outlet in (("keep", "Ledger"), ("drop", "Sentinel")):
        doc = Document(
            doc_id, "The minister said the port will reopen on Monday.", {"outlet": outlet, "source": "t"}
        )
        doc.spans.append(Span("quote", 18, 48, "indirect", 0.9, {"speaker": f"per:{doc_id}"}, "test@1"))
        doc.spans.append(Span("technique", 4, 12, "Loaded_Language", 0.9, {}, "test@1"))
        out.append(doc)
    return out


def test_store_delete_removes_the_document_its_spans_and_corrections(db_url: str) -> None:
    with Store(db_url) as store:
        assert not store.write(None, _docs()).failures
        assert store.delete(["drop", "missing", "drop"]) == ["drop"]
        assert store.get("drop") is None and store.get("keep") is not None
        stats = store.stats()
        assert stats["documents"] == 1
        assert dict(stats["outlets"]) == {"Ledger": 1}
        assert store.delete([]) == []


def test_api_delete_and_every_view_forgets_it(db_url: str) -> None:
    with Store(db_url) as store:
        assert not store.write(None, _docs()).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        assert client.delete("/api/documents/drop").json() == {"deleted": "drop"}
        missing = client.delete("/api/documents/drop")
        assert missing.status_code == 404 and "no such document" in missing.text
        assert client.get("/api/documents/drop").status_code == 404
        assert [d["id"] for d in client.get("/api/documents").json()["items"]] == ["keep"]
        assert {s["document_id"] for s in client.get("/api/spans").json()["items"]} == {"keep"}
        speakers = client.get("/api/corpus/speakers").json()["rows"]
        assert {r["speaker"] for r in speakers} == {"per:keep"}
        refused = client.delete("/api/documents/keep", headers={"Origin": "https://evil.example"})
        assert refused.status_code == 403 and client.get("/api/documents/keep").status_code == 200


def test_cli_delete(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "t.db")
    with Store(db) as store:
        assert not store.write(None, _docs()).failures
    runner = CliRunner()
    result = runner.invoke(cli, ["delete", "drop", "--db", db])
    assert result.exit_code == 0 and "deleted drop" in result.output
    result = runner.invoke(cli, ["delete", "drop", "keep", "--db", db])
    assert result.exit_code == 1 and "deleted keep" in result.output
    with Store(db) as store:
        assert store.count() == 0
