"""JSONL files: one document per line, field mapping, and per-line failures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from slant.document import Document, text_sha256
from slant.errors import Failure
from slant.ingest import ReadOptions, read_sources

EN = "The minister said on Tuesday that taxes will fall. Critics call it reckless."
SV = "Regeringen meddelade på tisdagen att skatten ska sänkas."
AR = "أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لدعم الاقتصاد."


def line(**fields: Any) -> str:
    return json.dumps(fields, ensure_ascii=False)


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_documents_and_a_broken_line(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "news.jsonl",
        [
            line(id="a1", text=EN, url="https://www.Example.com/x", title="Taxes"),
            line(id=2, text=SV, language="sv", outlet="DN", authors=["Anna", " Erik "]),
            '{"id": "a3", "text": "Broken" "published": 1}',
            "",
            "   ",
            line(text=AR, published="2024-03-05T10:00:00Z", authors="A; B"),
        ],
    )
    items = list(read_sources([path]))
    assert [type(item).__name__ for item in items] == ["Document", "Document", "Failure", "Document"]
    first, second, broken, third = items
    assert isinstance(first, Document) and isinstance(second, Document)
    assert isinstance(third, Document)
    assert first.id == "a1" and first.text == EN
    assert first.meta == {
        "source": f"{path}:1",
        "format": "jsonl",
        "encoding": "utf-8",
        "url": "https://www.Example.com/x",
        "domain": "example.com",
        "title": "Taxes",
        "sha256": text_sha256(EN),
    }
    assert second.id == "2"
    assert second.meta["declared_language"] == "sv"
    assert "language" not in second.meta
    assert second.meta["outlet"] == "DN"
    assert second.meta["authors"] == ["Anna", "Erik"]
    assert broken == Failure(
        str(path), "invalid JSON: Expecting ',' delimiter at column 31", location="line 3"
    )
    assert third.id == "sha256:" + text_sha256(AR)[:16]
    assert third.meta["source"] == f"{path}:6"
    assert third.meta["published"] == "2024-03-05T10:00:00+00:00"
    assert third.meta["authors"] == ["A", "B"]


def test_field_mapping_and_extra_fields(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "mapped.ndjson",
        [
            line(
                uid="x-1",
                body=SV,
                date="05.03.2024",
                site="DN",
                text="not the text",
                tags=["politik"],
                score=0.5,
            )
        ],
    )
    options = ReadOptions(fields={"id": "uid", "text": "body", "published": "date", "outlet": "site"})
    (doc,) = read_sources([path], options)
    assert isinstance(doc, Document)
    assert (doc.id, doc.text) == ("x-1", SV)
    assert doc.meta["published"] == "2024-03-05"
    assert doc.meta["outlet"] == "DN"
    assert doc.meta["extra"] == {"text": "not the text", "tags": ["politik"], "score": 0.5}


@pytest.mark.parametrize(
    ("content", "fields", "reason"),
    [
        (
            line(id="n1", body=EN),
            {},
            "no 'text' field; pass --field text=NAME to use another field",
        ),
        (
            line(id="n1", text=EN),
            {"text": "body"},
            "no 'body' field (the text field, set by --field text=body)",
        ),
        (line(id="n1", text=["a", "b"]), {}, "field 'text' must be a string, not an array"),
        (line(id="n1", text=None), {}, "no text"),
        (line(id="n1", text=" \n "), {}, "no text"),
        (line(id="n1", text=EN, title=3), {}, "field 'title' must be a string, not a number"),
        (
            line(id="n1", text=EN, authors=[1]),
            {},
            "field 'authors' must be a string or a list of strings, not an array",
        ),
        (
            line(id="n1", text=EN, published=True),
            {},
            "field 'published' must be a date string or a Unix timestamp, not a boolean",
        ),
        ("[1, 2]", {}, "expected a JSON object, got an array"),
    ],
)
def test_bad_lines(tmp_path: Path, content: str, fields: dict[str, str], reason: str) -> None:
    path = write_lines(tmp_path / "bad.jsonl", [line(text=EN), content])
    items = list(read_sources([path], ReadOptions(fields=fields) if fields else ReadOptions()))
    assert len(items) == 2
    failure = items[1]
    assert isinstance(failure, Failure)
    assert (failure.source, failure.location, failure.reason) == (str(path), "line 2", reason)
    if content.startswith("{"):
        assert failure.document_id == "n1"


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "enc.jsonl"
    path.write_bytes(
        line(text=EN).encode() + b"\n" + b'{"text": "caf\xe9"}\n' + line(text=SV).encode() + b"\n"
    )
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    assert items[1] == Failure(
        str(path),
        "invalid UTF-8 at byte 13 of the line: 0xe9; fix it, or pass --encoding-errors replace",
        location="line 2",
    )
    replaced = list(read_sources([path], ReadOptions(encoding_errors="replace")))[1]
    assert isinstance(replaced, Document)
    assert replaced.text == "caf\ufffd"
    assert replaced.meta["encoding"] == "utf-8 (invalid bytes replaced)"


def test_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + line(text=EN).encode() + b"\r\n" + line(text=SV).encode())
    assert [d.text for d in read_sources([path]) if isinstance(d, Document)] == [EN, SV]


def test_over_long_line_is_skipped(tmp_path: Path) -> None:
    long_text = "x" * 5000
    path = write_lines(tmp_path / "long.jsonl", [line(text=EN), line(text=long_text), line(text=SV)])
    items = list(read_sources([path], ReadOptions(max_bytes=1000)))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document"]
    assert items[1] == Failure(
        str(path),
        "line is over the 1000 bytes limit for one document; raise --max-bytes or split the line",
        location="line 2",
    )
    assert isinstance(items[2], Document) and items[2].meta["source"] == f"{path}:3"


def test_line_at_the_limit_is_accepted(tmp_path: Path) -> None:
    content = line(text="y" * 100)
    path = tmp_path / "exact.jsonl"
    path.write_bytes(content.encode() + b"\r\n" + content.encode())
    items = list(read_sources([path], ReadOptions(max_bytes=len(content))))
    assert [type(i).__name__ for i in items] == ["Document", "Document"]


def test_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i in range(50):
            f.write(line(id=f"d{i}", text=f"{EN} Number {i}.") + "\n")
    docs = [d for d in read_sources([path]) if isinstance(d, Document)]
    assert [d.id for d in docs] == [f"d{i}" for i in range(50)]
    assert docs[7].meta["source"] == f"{path}:8"


def test_truncated_gzip_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    data = gzip.compress("".join(line(id=f"d{i}", text=f"{EN} {i}") + "\n" for i in range(200)).encode())
    path.write_bytes(data[: len(data) // 2])
    items = list(read_sources([path, path.with_name("next.jsonl")]))
    docs = [i for i in items if isinstance(i, Document)]
    failures = [i for i in items if isinstance(i, Failure)]
    assert docs and len(docs) < 200
    assert failures[0].location == f"after line {len(docs)}"
    assert failures[0].reason.startswith("compressed file is truncated or corrupt: ")
    assert failures[1] == Failure(str(path.with_name("next.jsonl")), "no such file or directory")


def test_gzipped_jsonl_without_known_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.gz"
    path.write_bytes(gzip.compress((line(text=EN) + "\n").encode()))
    (doc,) = read_sources([path])
    assert isinstance(doc, Document) and doc.text == EN


def test_binary_jsonl_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "oops.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 20)
    assert list(read_sources([path])) == [
        Failure(
            str(path),
            "not text (looks like a PNG image); pass --exclude '*.jsonl' to skip such files",
        )
    ]
