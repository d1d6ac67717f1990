"""Metadata tables for inputs that carry none (``analyze --metadata``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.cli import app
from slant.document import Document
from slant.errors import ConfigError, Failure
from slant.ingest.sidecar import read_metadata
from slant.store import Store

RUNNER = CliRunner()


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_table_is_read_like_jsonl_fields(tmp_path: Path) -> None:
    table = read_metadata(
        write(
            tmp_path,
            "meta.csv",
            "\ufeffid,outlet,published,url,authors,language,desk\n"
            'hamnen,Harbour Voice,"18 October 2026",https://www.voice.example/a,Ana Ek; Bo Lund,sv,Inrikes\n'
            "bare,,,,,,\n",
        )
    )
    assert table.rows["hamnen"] == {
        "outlet": "Harbour Voice",
        "url": "https://www.voice.example/a",
        "domain": "voice.example",
        "published": "2026-10-18",
        "authors": ["Ana Ek", "Bo Lund"],
        "declared_language": "sv",
        "extra": {"desk": "Inrikes"},
    }
    assert table.rows["bare"] == {}  # empty cells change nothing


def test_jsonl_table_and_merge_into_documents(tmp_path: Path) -> None:
    table = read_metadata(
        write(
            tmp_path,
            "meta.jsonl",
            '{"id": "a", "outlet": "Вестник", "extra_note": 1}\n\n{"id": 7, "title": "T"}\n',
        )
    )
    doc = Document("a", "text", {"source": "a.txt", "outlet": "old", "extra": {"kept": True}})
    items = list(table.apply([doc, Failure("b.png", "not text"), Document("z", "x", {})]))
    assert {k: v for k, v in items[0].meta.items() if k != "sha256"} == {  # type: ignore[union-attr]
        "source": "a.txt",
        "outlet": "Вестник",
        "extra": {"kept": True, "extra_note": 1},
    }
    assert set(items[2].meta) <= {"sha256"}  # type: ignore[union-attr]
    assert table.unused() == ["7"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("m.csv", "outlet\nX\n", "m.csv:1: the header row needs an 'id' column"),
        ("m.csv", "id,outlet\na,X\na,Y\n", "m.csv:3: id 'a' is given twice"),
        ("m.csv", "id,outlet\na,X,extra\n", "m.csv:2: more cells than header columns"),
        ("m.csv", "id,outlet\n,X\n", "m.csv:2: no id"),
        ("m.jsonl", '{"id": "a"}\n{"id": "b",\n', "m.jsonl:2: invalid JSON"),
        ("m.jsonl", "[1, 2]\n", "m.jsonl:1: expected a JSON object"),
        (
            "m.jsonl",
            '{"id": "a", "outlet": {"x": 1}}\n',
            "m.jsonl:1: field 'outlet' must be a string, not an object",
        ),
        ("m.txt", "id\n", "give a .csv or .jsonl file"),
    ],
)
def test_bad_tables_say_where(tmp_path: Path, name: str, content: str, message: str) -> None:
    with pytest.raises(ConfigError) as error:
        read_metadata(write(tmp_path, name, content))
    assert message in str(error.value)


def test_not_utf8_and_missing(tmp_path: Path) -> None:
    (tmp_path / "m.csv").write_bytes(b"id,outlet\na,Caf\xe9\n")
    with pytest.raises(ConfigError, match="not UTF-8"):
        read_metadata(tmp_path / "m.csv")
    with pytest.raises(ConfigError, match="no such file"):
        read_metadata(tmp_path / "none.csv")


def test_analyze_with_metadata_and_again_for_stored_documents(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "port.txt", "The port reopened on Tuesday after a week of strikes.\n")
    write(folder, "march.txt", "Thousands marched through the city on Saturday.\n")
    db = str(tmp_path / "m.db")
    first = RUNNER.invoke(
        app, ["analyze", str(folder), "--db", db, "-q", "--config", str(small_config(tmp_path))]
    )
    assert first.exit_code == 0, first.stderr
    with Store(db) as store:
        assert store.get("port").meta.get("outlet") is None  # type: ignore[union-attr]
    table = write(
        tmp_path,
        "meta.csv",
        "id,outlet,published\n"
        "port,The Capital Sentinel,2026-10-14\nmarch,Harbour Voice,2026-10-18\nghost,X,2026\n",
    )
    again = RUNNER.invoke(
        app,
        [
            "analyze",
            str(folder),
            "--db",
            db,
            "-q",
            "--metadata",
            str(table),
            "--config",
            str(small_config(tmp_path)),
        ],
    )
    assert again.exit_code == 0, again.stderr
    assert "unchanged  2" in again.stderr
    assert f"note: 1 id(s) of {table} matched no document read: ghost" in again.stderr
    with Store(db) as store:
        port = store.get("port")
        assert port is not None and port.meta["outlet"] == "The Capital Sentinel"
        assert port.meta["published"] == "2026-10-14" and port.spans  # the analysis stands
        outlets = dict(store.stats()["outlets"])
        assert outlets == {"The Capital Sentinel": 1, "Harbour Voice": 1}
    bad = RUNNER.invoke(app, ["analyze", str(folder), "--db", db, "--metadata", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2 and "no such file" in bad.stderr


def small_config(tmp_path: Path) -> Path:
    config = tmp_path / "small.toml"
    config.write_text(
        "[analyzers.paragraphs]\n[analyzers.language]\n[analyzers.sentences]\n", encoding="utf-8"
    )
    return config
