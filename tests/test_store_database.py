"""The store on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from slant.analyze import build
from slant.document import Document, Span
from slant.errors import Failure, StoreError
from slant.store import Store, database_url, schema
from slant.store.migrations import MIGRATIONS


def doc(doc_id: str, text: str, source: str | None = None, **meta: str) -> Document:
    return build()(Document(doc_id, text, meta={"source": source or f"{doc_id}.txt", **meta}))


def span_count(store: Store) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(schema.spans)).scalar() or 0)


def test_write_then_read_back_exact_text_meta_and_spans(store: Store) -> None:
    original = doc(
        "a1",
        "Rubrik\n\nDet här är en text om bron. Den rasade i går.",
        outlet="Ledger",
        published="2026-10-14",
    )
    original.spans.append(Span("technique", 3, 9, "Loaded_Language", 0.75, {"why": "cue ✓"}, "test@1"))
    run = store.start_run("test", ["a1.txt"], {})
    result = store.write(run, [original])
    assert result.analysed == ["a1"]
    back = store.get("a1")
    assert back is not None
    assert back.text == original.text
    assert back.meta == original.meta
    # JSON objects are unordered (PostgreSQL's JSONB reorders keys): compare them canonically.
    assert sorted(json.dumps(s.to_dict(), sort_keys=True) for s in back.spans) == sorted(
        json.dumps(s.to_dict(), sort_keys=True) for s in original.spans
    )


def test_same_text_again_is_unchanged_and_adds_nothing(store: Store) -> None:
    run = store.start_run("test", [], {})
    store.write(run, [doc("a", "One sentence here. And another one.")])
    spans = span_count(store)
    again = store.write(run, [doc("a", "One sentence here. And another one.")])
    assert (again.analysed, again.unchanged) == ([], ["a"])
    assert (store.count(), span_count(store)) == (1, spans)


def test_new_text_from_the_same_source_replaces_the_old(store: Store) -> None:
    run = store.start_run("test", [], {})
    store.write(run, [doc("a", "Old text. Two sentences.")])
    result = store.write(run, [doc("a", "New text has three. Sentences in it. Right?")])
    assert result.updated == ["a"]
    back = store.get("a")
    assert back is not None and back.text.startswith("New text")
    assert len(back.layer("sentence")) == 3
    assert span_count(store) == len(back.spans)


def test_an_id_taken_by_another_source_is_a_failure_not_an_overwrite(store: Store) -> None:
    run = store.start_run("test", [], {})
    store.write(run, [doc("report", "First text.", source="a/report.txt")])
    result = store.write(run, [doc("report", "Second text.", source="b/report.txt")])
    assert result.failures == [
        Failure(
            source="b/report.txt",
            document_id="report",
            reason="id 'report' is already used by a different text from a/report.txt; "
            "give the documents distinct ids (for folders: --id-from path)",
        )
    ]
    stored = store.get("report")
    assert stored is not None and stored.text == "First text."


def test_duplicate_ids_in_one_batch_are_stored_once(store: Store) -> None:
    run = store.start_run("test", [], {})
    result = store.write(run, [doc("d", "Same text."), doc("d", "Same text.")])
    assert (result.analysed, result.unchanged) == (["d"], ["d"])
    assert store.count() == 1


def test_iter_documents_pages_through_in_id_order_with_filters(store: Store) -> None:
    run = store.start_run("test", [], {})
    docs = [
        doc(f"d{i:03}", f"Text number {i}. It has words.", outlet="A" if i % 2 else "B") for i in range(25)
    ]
    store.write(run, docs)
    assert [d.id for d in store.iter_documents(page_size=7)] == [d.id for d in docs]
    only_a = list(store.iter_documents(outlet="A", layers={"paragraph"}, page_size=4))
    assert len(only_a) == 12
    assert all(s.layer == "paragraph" for d in only_a for s in d.spans)


def test_stats_count_languages_outlets_months_and_layers(store: Store) -> None:
    run = store.start_run("test", [], {})
    english = "The bridge fell into the river on Monday morning, officials said."
    swedish = "Bron rasade ner i floden på måndagsmorgonen, enligt kommunen."
    german = "Die Brücke stürzte am Montagmorgen in den Fluss, sagte die Stadt."
    store.write(
        run,
        [
            doc("e", english, outlet="A", published="2026-10-14T08:00:00"),
            doc("s", swedish, outlet="A", published="2026-11-02"),
            doc("x", german, outlet="B"),
        ],
    )
    stats = store.stats()
    assert stats["documents"] == 3
    assert dict(stats["languages"]) == {"en": 1, "sv": 1, "de": 1}
    assert stats["outlets"] == [("A", 2), ("B", 1)]
    assert stats["months"] == [("2026-10", 1), ("2026-11", 1), (None, 1)]
    assert dict(stats["layers"])["sentence"] == 3


def test_stats_count_actors_speakers_and_cited_outlets_from_span_attributes(store: Store) -> None:
    text = "Lavrov said Washington lied, Reuters reported. Lavrov met Kerry."
    document = Document("a", text, meta={"language": "en"})
    document.spans = [
        Span("entity", 0, 6, "PER", attrs={"canonical": "sergei-lavrov"}),
        Span("entity", 12, 22, "GPE", attrs={"canonical": "us"}),
        Span("entity", 47, 53, "PER", attrs={"canonical": "sergei-lavrov"}),
        Span("entity", 58, 63, "PER", attrs={"canonical": "john-kerry"}),
        Span("entity", 29, 36, "ORG", attrs={}),
        Span("quote", 12, 27, "indirect", attrs={"speaker": "sergei-lavrov"}),
        Span("source", 29, 36, "agency", attrs={"outlet": "reuters"}),
        Span("source", 0, 6, "unknown", attrs={"outlet": None}),
    ]
    store.write(store.start_run("test", [], {}), [document])
    stats = store.stats(top=2)
    assert stats["actors"] == [("sergei-lavrov", 2), ("john-kerry", 1)]
    assert stats["speakers"] == [("sergei-lavrov", 1)]
    assert stats["cited"] == [("reuters", 1)]


def test_runs_and_failures_are_recorded(store: Store) -> None:
    run = store.start_run("analyze", ["in/"], {"pipeline": ["paragraphs"]})
    store.add_failures(
        run, [Failure("in/bad.png", "not text", None), Failure("in/x.jsonl", "invalid JSON", "line 3")]
    )
    store.finish_run(run, "finished", {"analysed": 0, "failed": 2})
    assert [str(f) for f in store.failures()] == ["in/bad.png: not text", "in/x.jsonl:line 3: invalid JSON"]
    assert store.runs()[0]["status"] == "finished"


def test_a_killed_run_is_marked_interrupted_when_the_next_starts(store: Store) -> None:
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)  # a process that has exited (and was reaped)
    killed = store.start_run("analyze", ["a/"], {})
    elsewhere = store.start_run("analyze", ["b/"], {})
    alive = store.start_run("analyze", ["c/"], {})  # this process: still running
    with store.engine.begin() as connection:
        connection.execute(schema.runs.update().where(schema.runs.c.id == killed).values(pid=dead_pid))
        connection.execute(
            schema.runs.update()
            .where(schema.runs.c.id == elsewhere)
            .values(pid=dead_pid, host="another-host")
        )
    store.start_run("analyze", ["d/"], {})
    status = {r["id"]: r["status"] for r in store.runs()}
    assert status[killed] == "interrupted"
    assert status[elsewhere] == "running"  # another machine's process cannot be checked from here
    assert status[alive] == "running"
    assert next(r for r in store.runs() if r["id"] == killed)["finished_at"] is not None


def test_reopening_a_store_keeps_data_and_applies_no_migration_twice(db_url: str) -> None:
    with Store(db_url) as first:
        first.write(None, [doc("k", "Kept text.")])
    with Store(db_url) as second:
        assert second.count() == 1
        with second.engine.connect() as connection:
            assert connection.execute(
                select(func.count()).select_from(schema.schema_migrations)
            ).scalar() == len(MIGRATIONS)


def test_reviews_migration_fills_the_table_from_document_metadata(db_url: str) -> None:
    """A store made before migration 2 knew its reviewed layers only from meta["human_layers"]."""
    with Store(db_url) as store:
        store.write(None, [doc("r", "Marta Ek spoke."), doc("n", "Nobody reviewed this.")])
        store.replace_human_spans("r", ["entity", "quote"], [Span("entity", 0, 8, "PER", None, {})])
        with store.engine.begin() as connection:  # back to a version-1 store
            schema.reviews.drop(connection)
            connection.execute(
                schema.schema_migrations.delete().where(schema.schema_migrations.c.version == 2)
            )
    with Store(db_url) as reopened, reopened.engine.connect() as connection:
        rows = connection.execute(select(schema.reviews.c.document_id, schema.reviews.c.layer)).all()
        assert sorted(map(tuple, rows)) == [("r", "entity"), ("r", "quote")]


def test_reviewed_layers_follow_the_text(db_url: str) -> None:
    """Reviews are kept when re-imported, and dropped with the spans when the text changes."""
    with Store(db_url) as store:
        store.write(None, [doc("t", "First text here.", source="t.txt")])
        store.replace_human_spans("t", ["entity"], [])
        store.replace_human_spans("t", ["entity", "claim"], [])
        with store.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(schema.reviews)).scalar() == 2
        assert store.write(None, [doc("t", "A new text now.", source="t.txt")]).updated == ["t"]
        with store.engine.connect() as connection:
            assert connection.execute(select(func.count()).select_from(schema.reviews)).scalar() == 0


def test_stats_count_what_the_views_show(db_url: str) -> None:
    with Store(db_url) as store:
        store.write(None, [doc("s", "Marta Ek met Olle Berg in Paris.")])
        machine = {label for label, _ in store.stats()["layers"]}
        assert "sentence" in machine or "paragraph" in machine
        store.replace_human_spans("s", ["paragraph"], [])
        layers = dict(store.stats()["layers"])
        assert "paragraph" not in layers
        store.replace_human_spans("s", ["paragraph"], [Span("paragraph", 0, 5, None, None, {})])
        assert dict(store.stats()["layers"])["paragraph"] == 1


@pytest.mark.postgres
def test_postgres_refuses_nul_and_only_that_document_fails() -> None:
    from tests.conftest import postgres_url

    with Store(postgres_url()) as store:
        result = store.write(
            None,
            [doc("good", "Fine text."), Document("bad", "NUL \x00 inside", meta={"source": "x.jsonl:2"})],
        )
        assert result.analysed == ["good"]
        assert [f.document_id for f in result.failures] == ["bad"]
        assert result.failures[0].reason.startswith("the database refused the document:")


def test_unreachable_postgres_gives_one_clear_error() -> None:
    with pytest.raises(StoreError) as error:
        Store("postgresql://someone:secret@127.0.0.1:1/nothing")
    message = str(error.value)
    assert message.startswith("cannot open database postgresql+psycopg://someone:***@127.0.0.1:1/nothing: ")
    assert "secret" not in message
    assert message.endswith("check that the server is running and the URL, user and password are right")


def test_unsupported_scheme_and_missing_folder_are_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"^unsupported database URL scheme 'mysql': use a file path"):
        database_url("mysql://u@h/db")
    with pytest.raises(StoreError, match=r"^cannot create database .*: folder .* does not exist$"):
        database_url(str(tmp_path / "missing" / "x.db"))
    assert database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(
        StoreError, match=r"^cannot open database sqlite:///.*notes\.db: file is not a database"
    ):
        Store(str(path))


def test_corpus_index_is_created_on_old_and_new_stores(db_url: str) -> None:
    migrations = schema.schema_migrations
    with Store(db_url) as store, store.engine.begin() as connection:  # back to before migration 3
        schema.CORPUS_INDEX.drop(connection)
        connection.execute(migrations.delete().where(migrations.c.version == 3))
    with Store(db_url) as reopened:
        names = {index["name"] for index in inspect(reopened.engine).get_indexes("documents")}
        assert "ix_documents_corpus" in names
