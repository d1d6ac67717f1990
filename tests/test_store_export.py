"""Exports: Analysis JSONL, CSV and Parquet from stored documents."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slant.document import Document, Span
from slant.errors import SlantError
from slant.store.export import DOCUMENT_COLUMNS, SPAN_COLUMNS, export


def sample() -> list[Document]:
    text = '=HYPERLINK("x") is how it starts.\n\nSecond, «quoted» paragraph.'
    spans = [
        Span("paragraph", 0, 33, model="p@1"),
        Span("paragraph", 35, len(text), model="p@1"),
        Span("technique", 43, 51, "Loaded_Language", 0.8, {"explanation": "quote"}, "t@1"),
    ]
    return [Document("a", text, {"outlet": "Ledger", "language": "en"}, spans)]


def test_jsonl_export_is_analysis_jsonl_and_filters_layers() -> None:
    out = io.StringIO()
    assert export(sample(), "jsonl", out, layers={"technique"}) == 1
    record = json.loads(out.getvalue())
    assert set(record) == {"id", "text", "meta", "spans"}
    assert [s["layer"] for s in record["spans"]] == ["technique"]
    span = record["spans"][0]
    assert record["text"][span["start"] : span["end"]] == "«quoted»"


def test_csv_spans_carry_their_text_and_are_safe_for_spreadsheets() -> None:
    out = io.StringIO()
    assert export(sample(), "csv", out) == 3
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == SPAN_COLUMNS
    assert rows[0]["text"] == '\'=HYPERLINK("x") is how it starts.'
    assert rows[2]["text"] == "«quoted»" and json.loads(rows[2]["attrs"]) == {"explanation": "quote"}
    raw = io.StringIO()
    export(sample(), "csv", raw, safe_csv=False)
    assert next(csv.DictReader(io.StringIO(raw.getvalue())))["text"].startswith("=HYPERLINK")


def test_csv_documents_table() -> None:
    out = io.StringIO()
    export(sample(), "csv", out, table="documents")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == DOCUMENT_COLUMNS
    assert (rows[0]["id"], rows[0]["outlet"], rows[0]["spans"]) == ("a", "Ledger", "3")


def test_parquet_spans_and_documents(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "spans.parquet"
    assert export(sample() * 3, "parquet", path) == 9
    table = pq.read_table(path)
    assert table.column_names == list(SPAN_COLUMNS)
    assert table.column("start").to_pylist()[:3] == [0, 35, 43]
    docs = tmp_path / "docs.parquet"
    export([], "parquet", docs, table="documents")
    assert pq.read_table(docs).num_rows == 0


def test_bad_format_table_and_parquet_to_a_stream() -> None:
    with pytest.raises(SlantError, match=r"^unknown export format 'xml'; choose one of jsonl, csv, parquet$"):
        export(sample(), "xml", io.StringIO())
    with pytest.raises(SlantError, match=r"^unknown table 'words'"):
        export(sample(), "csv", io.StringIO(), table="words")
    with pytest.raises(SlantError, match=r"^Parquet is binary: pass --out FILE\.parquet$"):
        export(sample(), "parquet", io.StringIO())


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40), st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=5))
def test_jsonl_round_trip_keeps_text_and_offsets(text: str, pairs: list[tuple[int, int]]) -> None:
    spans = [Span("x", min(a, b, len(text)), min(max(a, b), len(text)), "L") for a, b in pairs]
    original = Document("h", text, {"k": "v"}, spans)
    out = io.StringIO()
    export([original], "jsonl", out)
    back = Document.from_dict(json.loads(out.getvalue()))
    assert back.text == text
    assert sorted((s.start, s.end) for s in back.spans) == sorted((s.start, s.end) for s in spans)
    assert all(back.span_text(s) == text[s.start : s.end] for s in back.spans)
