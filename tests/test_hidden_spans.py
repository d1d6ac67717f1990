"""Spans a model kept below its display threshold: stored, hidden from every view unless asked for."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from slant.cli import app
from slant.document import Document, Span
from slant.store.database import Store
from slant.store.export import export
from slant.store.queries import SpanFilter, search_spans

TEXT = "The corrupt cowards sold the port. The ferry leaves at nine."
RUN = CliRunner()


def document() -> Document:
    shown = Span(
        "technique", 4, 19, "Name_Calling-Labeling", 0.71, {"threshold": 0.3}, "slant.techniques.accurate@1"
    )
    kept = Span(
        "technique",
        39,
        44,
        "Loaded_Language",
        0.12,
        {"threshold": 0.3, "hidden": True},
        "slant.techniques.accurate@1",
    )
    return Document("port", TEXT, {"language": "en"}, [shown, kept, Span("sentence", 0, 34)])


@pytest.fixture()
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(f"sqlite:///{tmp_path / 'hidden.db'}") as opened:
        opened.write(None, [document()])
        yield opened


def test_the_store_keeps_hidden_spans(store: Store) -> None:
    doc = store.get("port")
    assert doc is not None
    assert [s.label for s in doc.layer("technique")] == ["Name_Calling-Labeling", "Loaded_Language"]


def test_search_stats_and_exports_leave_them_out_unless_asked(store: Store) -> None:
    found = search_spans(store, SpanFilter(layer="technique"), 50, 0)
    assert [item["label"] for item in found["items"]] == ["Name_Calling-Labeling"]
    everything = search_spans(store, SpanFilter(layer="technique", hidden=True), 50, 0)
    assert {item["label"] for item in everything["items"]} == {"Name_Calling-Labeling", "Loaded_Language"}
    assert dict(store.stats()["techniques"]) == {"Name_Calling-Labeling": 1}
    for hidden, labels in (
        (False, ["Name_Calling-Labeling"]),
        (True, ["Name_Calling-Labeling", "Loaded_Language"]),
    ):
        out = io.StringIO()
        export(store.iter_documents(), "jsonl", out, hidden=hidden)
        spans = json.loads(out.getvalue())["spans"]
        assert [s["label"] for s in spans if s["layer"] == "technique"] == labels


def test_show_marks_them_only_with_the_flag(store: Store, tmp_path: Path) -> None:
    db = str(tmp_path / "hidden.db")
    plain = RUN.invoke(app, ["show", "port", "--db", db, "--layer", "technique"])
    assert plain.exit_code == 0 and "0.12" not in plain.stdout
    flagged = RUN.invoke(app, ["show", "port", "--db", db, "--layer", "technique", "--hidden"])
    assert flagged.exit_code == 0 and "0.12 (below" in flagged.stdout
    # The summary at the top counts them either way, and names the shown technique with its offsets.
    for output in (plain.stdout, flagged.stdout):
        glance = output.split("at a glance", 1)[1]
        assert "Name calling or labelling ×1" in glance and "[4-19]" in glance
        assert "technique 1 (1 below threshold)" in " ".join(glance.split())


def test_the_article_page_offers_them(store: Store, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from slant.web import create_app

    with TestClient(
        create_app(f"sqlite:///{tmp_path / 'hidden.db'}", None), base_url="http://127.0.0.1"
    ) as client:
        page = client.get("/doc/port").text
        # on the page (the slider can show it), but marked hidden and counted as below threshold
        assert "1 shown · 1 below threshold" in page
        hidden_item = re.search(r'<li data-i="\d+" class="hidden"><a href="#s\d+"><b>([^<]+)</b>', page)
        assert hidden_item and hidden_item.group(1) == "Loaded language"
        assert 'id="use-thresholds" checked' in page
        lowered = client.get("/doc/port?hidden=true").text
        assert 'id="use-thresholds">' in lowered and 'class="hidden"' not in lowered
        api = client.get("/api/documents/port").json()
        assert [s["label"] for s in api["spans"] if s["layer"] == "technique"] == ["Name_Calling-Labeling"]
        assert len(client.get("/api/documents/port?hidden=true").json()["spans"]) == 3


def test_migration_adds_the_column_to_an_older_store(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store(url) as fresh:
        fresh.write(None, [Document("a", "Words here.", {}, [Span("sentence", 0, 11)])])
    engine = create_engine(url)
    with engine.begin() as connection:  # as a store from before migration 4 looked
        connection.execute(text("ALTER TABLE spans DROP COLUMN hidden"))
        connection.execute(text("DELETE FROM schema_migrations WHERE version = 4"))
    engine.dispose()
    with Store(url) as migrated:
        migrated.write(None, [document()])
        assert dict(migrated.stats()["techniques"]) == {"Name_Calling-Labeling": 1}
        assert migrated.get("a") is not None
