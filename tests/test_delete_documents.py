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


def test_delete_while_an_analysis_writes_the_same_store(db_url: str) -> None:
    """A run writes new documents, and again some of those being deleted, while another connection
    deletes: every document ends whole (its two spans) or gone, never half; no span is orphaned."""
    import threading

    from sqlalchemy import func, select

    from slant.store import schema

    def doc(doc_id: str) -> Document:
        made = Document(
            doc_id, "The minister said the port will reopen.", {"outlet": "Ledger", "source": "t"}
        )
        made.spans += [Span("quote", 18, 39, "indirect", 0.9, {}, "t@1"), Span("sentence", 0, 39)]
        return made

    doomed = [f"d{i}" for i in range(30)]
    with Store(db_url) as store:
        assert not store.write(None, [doc(i) for i in doomed]).failures
    errors: list[BaseException] = []

    def write() -> None:
        try:
            with Store(db_url) as writer:
                for i in range(30):
                    writer.write(None, [doc(f"w{i}"), doc(f"d{(i * 7) % 30}")])
        except BaseException as exc:
            errors.append(exc)

    def remove() -> None:
        try:
            with Store(db_url) as deleter:
                for doc_id in doomed:
                    deleter.delete([doc_id])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=remove)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not errors, errors
    with Store(db_url) as store, store.engine.connect() as connection:
        spans, docs = schema.spans, schema.documents
        per_doc = dict(
            connection.execute(select(spans.c.document_id, func.count()).group_by(spans.c.document_id)).all()
        )
        ids = set(connection.execute(select(docs.c.id)).scalars())
        assert set(per_doc) <= ids  # no orphaned spans
        assert all(per_doc.get(doc_id) == 2 for doc_id in ids), per_doc  # every document whole
        assert {f"w{i}" for i in range(30)} <= ids  # nothing the run wrote was lost
