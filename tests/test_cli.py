"""The slant command: every command, exit codes, and the messages people read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.cli import EXIT_FAILURES, EXIT_FATAL, EXIT_OK, app
from slant.store import Store

RUNNER = CliRunner()
COMMANDS = ["analyze", "load", "show", "export", "stats", "failures", "analyzers", "serve"]


def invoke(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "bridge.txt").write_text(
        "Bridge falls\n\nThe Varne bridge fell on Monday. Officials blamed the storm.\n", encoding="utf-8"
    )
    (folder / "sub" / "bron.txt").write_text(
        "Bron rasade\n\nBron i Varne rasade på måndagen. Kommunen skyller på stormen.\n", encoding="utf-8"
    )
    (folder / "wire.jsonl").write_text(
        json.dumps(
            {
                "id": "w1",
                "text": "Die Brücke stürzte am Montag ein. Die Stadt nennt den Sturm.",
                "outlet": "Wire",
            }
        )
        + "\n{broken\n"
        + json.dumps(
            {
                "id": "w2",
                "text": "Le pont s'est effondré lundi. La ville accuse la tempête.",
                "outlet": "Wire",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    (folder / "empty.txt").write_bytes(b"")
    return folder


def test_every_command_has_help() -> None:
    code, out, _ = invoke("--help")
    assert code == EXIT_OK
    for command in COMMANDS:
        assert command in out
        code, text, _ = invoke(command, "--help")
        assert code == EXIT_OK and "Usage: slant " + command in text


def test_analyze_a_folder_reports_failures_and_exits_1(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    out = tmp_path / "x.jsonl"
    code, _, err = invoke("analyze", str(corpus), "--db", db, "--out", str(out), "-q")
    assert code == EXIT_FAILURES
    assert "analysed   4" in err and "failed     2" in err
    assert f"✗ {corpus / 'empty.txt'}: empty file" in err
    assert f"✗ {corpus / 'wire.jsonl'}:line 2: invalid JSON" in err
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in records) == ["bridge", "bron", "w1", "w2"]
    languages = {r["id"]: r["meta"]["language"] for r in records}
    assert languages == {"bridge": "en", "bron": "sv", "w1": "de", "w2": "fr"}
    for record in records:
        sentences = [
            record["text"][s["start"] : s["end"]] for s in record["spans"] if s["layer"] == "sentence"
        ]
        assert len(sentences) >= 2 and all(s.endswith(".") or s[-1].isalpha() for s in sentences)

    code, _, err = invoke("analyze", str(corpus), "--db", db, "-q")
    assert code == EXIT_FAILURES
    assert "analysed   0" in err and "unchanged  4" in err

    code, out_text, err = invoke("failures", "--db", db)
    assert code == EXIT_OK and "2 failed" in err
    assert "empty.txt: empty file" in out_text


def test_a_clean_run_exits_0_and_reads_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    code, _, err = invoke(
        "analyze", "-", "--db", db, "-q", input="Just one sentence from standard input. And a second."
    )
    assert code == EXIT_OK, err
    with Store(db) as store:
        (doc,) = list(store.iter_documents())
    assert doc.id.startswith("sha256:") and doc.meta["source"] == "<stdin>"


def test_missing_path_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    code, _, err = invoke("analyze", str(tmp_path / "nope"), "--db", str(tmp_path / "x.db"), "-q")
    assert code == EXIT_FAILURES
    assert f"{tmp_path / 'nope'}: no such file or directory" in err


def test_unreachable_database_exits_3_with_one_line(corpus: Path) -> None:
    code, _, err = invoke("analyze", str(corpus), "--db", "postgresql://u:pw@127.0.0.1:1/none", "-q")
    assert code == EXIT_FATAL
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "slant: error: cannot open database postgresql+psycopg://u:***@"
    )


def test_bad_options_are_usage_errors(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert invoke("analyze", str(corpus), "--db", db, "--field", "body")[0] == 2
    assert invoke("analyze", str(corpus), "--db", db, "--max-bytes", "lots")[0] == 2
    assert invoke("analyze", str(corpus), "--db", db, "--workers", "0")[0] == 2
    config = tmp_path / "p.toml"
    config.write_text('pipeline = ["paragraphs", "sentences"]')
    code, _, err = invoke("analyze", str(corpus), "--db", db, "--config", str(config))
    assert code == EXIT_FATAL and "analyzer 'sentences' requires language" in err


def test_show_stats_export(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    invoke("analyze", str(corpus), "--db", db, "-q")
    code, out, _ = invoke("show", "bron", "--db", db)
    assert code == EXIT_OK and "Bron i Varne rasade på måndagen." in out and "sentence: 3" in out
    code, out, _ = invoke("show", "bron", "--db", db, "--json")
    assert json.loads(out)["meta"]["language"] == "sv"
    code, _, err = invoke("show", "nothing", "--db", db)
    assert code == EXIT_FAILURES and "no document with id 'nothing'" in err

    code, out, _ = invoke("stats", "--db", db, "--json")
    stats = json.loads(out)
    assert stats["documents"] == 4 and stats["last_run_failures"] == 2
    assert dict(stats["outlets"]) == {"Wire": 2, None: 2}

    code, out, _ = invoke("export", "--db", db, "--format", "csv", "--layer", "language")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {(r["document_id"], r["label"]) for r in rows} == {
        ("bridge", "en"),
        ("bron", "sv"),
        ("w1", "de"),
        ("w2", "fr"),
    }
    target = tmp_path / "docs.parquet"
    code, _, err = invoke(
        "export", "--db", db, "--format", "parquet", "--table", "documents", "--out", str(target)
    )
    assert code == EXIT_OK and "wrote 4 rows" in err and target.stat().st_size > 0


def test_show_escapes_control_characters_from_the_text(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    hostile = "Title\x1b]0;owned\x07\n\nA sentence with \x1b[31mred\x1b[0m codes in it. Another one."
    invoke("analyze", "-", "--db", db, "-q", input=hostile)
    with Store(db) as store:
        (doc,) = list(store.iter_documents())
    code, out, _ = invoke("show", doc.id, "--db", db)
    assert code == EXIT_OK
    assert "\x1b]0;" not in out and "\x1b[31mred" not in out
    assert "␛[31mred␛[0m" in out


def test_serve_refuses_a_public_address_without_a_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLANT_TOKEN", raising=False)
    code, _, err = invoke("serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0")
    assert code == 2
    assert "token" in err.lower()
