"""Properties of Document/Span and of every exporter and importer, over arbitrary Unicode.

What "lossless" means per format is documented in docs/FORMAT.md ("Round-trip guarantees"):
Analysis JSONL carries any ``str`` (lone surrogates as ``\\uXXXX`` escapes); the store
carries any text without lone surrogates (SQLite) or without lone surrogates and NUL
(PostgreSQL), and refuses the others as a failure; CSV, Parquet, brat and Label Studio carry
any text without lone surrogates, with the limits each test states.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from slant.annotate.brat import NOTE_KEYS, _fragments, export_brat, import_brat
from slant.annotate.labelstudio import export_labelstudio, import_labelstudio
from slant.annotate.precedence import HUMAN_MODEL
from slant.document import Document, Span
from slant.errors import Failure
from slant.ingest.jsonl import read_jsonl
from slant.ingest.meta import safe_id
from slant.ingest.options import ReadOptions
from slant.store import Store
from slant.store.export import export

SPECIAL = (
    "e\u0301",  # combining acute accent
    "\u0915\u094d\u0937",  # Devanagari conjunct
    "\u05e9\u05dc\u05d5\u05dd",  # Hebrew (right to left)
    "\u0627\u0644\u062c\u0633\u0631",  # Arabic (right to left)
    "\u200f\u202e\u2066",  # direction marks and overrides
    "\U0001f642\U0001f44d\U0001f3fd\u200d\U0001f468",  # emoji, skin tone, joiner
    "\x00",
    "\r\n",
    "\r",
    "\n",
    "\u2028\u2029\x85\x0b\x0c",
    "\ufeff",
    "\ufffe\uffff",
    "=+-@\t'",
    '",;\\',
    " ",
)
SURROGATES = ("\ud800", "\udfff", "\udc80")

#: Text without lone surrogates: what UTF-8 files, SQLite and Parquet can hold.
texts = st.lists(
    st.one_of(st.characters(exclude_categories=["Cs"]), st.sampled_from(SPECIAL)), max_size=20
).map("".join)
#: Text that may hold lone surrogates: what a Python ``str`` (and JSON's escapes) can hold.
any_texts = st.lists(st.one_of(st.characters(), st.sampled_from(SPECIAL + SURROGATES)), max_size=20).map(
    "".join
)

scores = st.none() | st.floats(0.0, 1.0)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
)


def json_values(strings: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    """JSON values (lists and objects, no NaN) with strings drawn from ``strings``."""
    return st.recursive(
        json_scalars | strings,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(strings, inner, max_size=3),
        max_leaves=8,
    )


def attr_keys(strings: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Attribute keys: anything but ``hidden`` (which takes a span out of the views)."""
    return strings.filter(lambda key: key != "hidden")


@st.composite
def documents(draw: st.DrawFn, strings: st.SearchStrategy[str] = texts, max_spans: int = 6) -> Document:
    """A document with spans anywhere inside its text (empty spans included)."""
    text = draw(strings)
    spans = []
    for _ in range(draw(st.integers(0, max_spans))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        spans.append(
            Span(
                layer=draw(st.sampled_from(["paragraph", "entity", "technique", "custom"])),
                start=start,
                end=end,
                label=draw(st.none() | strings),
                score=draw(scores),
                attrs=draw(st.dictionaries(attr_keys(strings), json_values(strings), max_size=3)),
                model=draw(st.none() | strings),
            )
        )
    meta = draw(st.dictionaries(strings.map(lambda k: "k" + k), json_values(strings), max_size=3))
    return Document(id=draw(strings.filter(bool)), text=text, meta=meta, spans=spans)


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


_SURROGATE = re.compile("[\ud800-\udfff]")
_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")
"""A high then a low lone surrogate: JSON reads their two escapes as the one character they encode."""


def _no_pair(doc: Document) -> bool:
    return not _PAIR.search(json.dumps(doc.to_dict(), ensure_ascii=False))


def _same(doc: Document, back: Document) -> None:
    key: Callable[[Span], Any] = lambda s: json.dumps(s.to_dict(), sort_keys=True)  # noqa: E731
    assert (back.id, back.text, back.meta) == (doc.id, doc.text, doc.meta)
    assert sorted(map(key, back.spans)) == sorted(map(key, doc.spans))


# -- Document and Span ---------------------------------------------------------------------


@FAST
@given(documents(any_texts))
def test_spans_stay_inside_the_text_and_slice_it(doc: Document) -> None:
    doc.check_spans()
    for span in doc.spans:
        assert len(doc.span_text(span)) == span.end - span.start
    spans = doc.to_dict()["spans"]
    assert [(s["start"], s["end"], s["layer"]) for s in spans] == sorted(
        (s["start"], s["end"], s["layer"]) for s in spans
    )


@FAST
@given(documents(any_texts), st.integers(1, 5))
def test_a_span_past_the_end_is_refused(doc: Document, past: int) -> None:
    doc.spans.append(Span("custom", 0, len(doc.text) + past))
    with pytest.raises(ValueError, match="is outside the text"):
        doc.check_spans()


@FAST
@given(documents(any_texts))
@example(Document("\ud800", "a\ud800b", {"k": "\udfff"}, [Span("custom", 0, 2, "\udc80")]))
def test_to_json_is_one_utf8_line_that_reads_back_exactly(doc: Document) -> None:
    assume(_no_pair(doc))
    line = doc.to_json()
    assert "\n" not in line and "\r" not in line
    line.encode("utf-8")  # lone surrogates are escaped, so the line can be written to a file
    _same(doc, Document.from_dict(json.loads(line)))
    _same(doc, Document.from_dict(doc.to_dict()))


# -- Analysis JSONL ------------------------------------------------------------------------


@FAST
@given(st.lists(documents(any_texts), max_size=3))
@example([Document("a", "\ud800", {}, [Span("custom", 0, 1)])])
def test_analysis_jsonl_file_reads_back_exactly(docs: list[Document]) -> None:
    assume(all(map(_no_pair, docs)))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.jsonl"
        with path.open("w", encoding="utf-8", newline="") as out:
            assert export(docs, "jsonl", out, all_spans=True) == len(docs)
        lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == len(docs) + 1
    for doc, line in zip(docs, lines, strict=False):
        _same(doc, Document.from_dict(json.loads(line)))


@FAST
@given(st.lists(documents(any_texts, max_spans=2), min_size=1, max_size=3))
def test_analysis_jsonl_read_as_input_keeps_id_and_text(docs: list[Document]) -> None:
    out = io.StringIO()
    export(docs, "jsonl", out, all_spans=True)
    items = list(read_jsonl(io.BytesIO(out.getvalue().encode("utf-8")), source="x", options=ReadOptions()))
    assert len(items) == len(docs)
    for doc, item in zip(docs, items, strict=True):
        if _has_surrogate(doc):  # refused by default (--encoding-errors replace keeps the line)
            assert isinstance(item, Failure) and "lone surrogate" in item.reason
        elif not doc.text.strip():
            assert isinstance(item, Failure) and item.reason == "no text"
        else:
            assert isinstance(item, Document), item
            assert (item.id, item.text) == (safe_id(doc.id), doc.text)  # control characters escaped
            assert item.meta["extra"] == {"meta": doc.meta, "spans": doc.to_dict()["spans"]}


# -- CSV and Parquet -----------------------------------------------------------------------


def _csv_rows(docs: list[Document], table: str, safe: bool) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            export(docs, "csv", out, table=table, safe_csv=safe, all_spans=True)
        with path.open(encoding="utf-8", newline="") as back:
            return list(csv.DictReader(back))


def _cell(value: Any) -> str:
    """What a value becomes in CSV: None and "" are both an empty cell."""
    return "" if value is None else str(value)


@FAST
@given(st.lists(documents(), max_size=3))
def test_csv_spans_read_back_exactly_in_raw_mode(docs: list[Document]) -> None:
    rows = _csv_rows(docs, "spans", safe=False)
    spans = [(d, s) for d in docs for s in sorted(d.spans, key=lambda s: (s.start, s.end, s.layer))]
    assert len(rows) == len(spans)
    for row, (doc, span) in zip(rows, spans, strict=True):
        assert row["document_id"] == doc.id and row["layer"] == span.layer
        assert (int(row["start"]), int(row["end"])) == (span.start, span.end)
        assert row["text"] == doc.text[span.start : span.end]
        assert row["label"] == _cell(span.label) and row["model"] == _cell(span.model)
        assert (float(row["score"]) if row["score"] else None) == span.score
        assert (json.loads(row["attrs"]) if row["attrs"] else {}) == span.attrs


@FAST
@given(st.lists(documents(), max_size=3))
def test_csv_documents_read_back_exactly_in_raw_mode(docs: list[Document]) -> None:
    rows = _csv_rows(docs, "documents", safe=False)
    assert [(r["id"], r["text"], json.loads(r["meta"]), int(r["spans"])) for r in rows] == [
        (d.id, d.text, d.meta, len(d.spans)) for d in docs
    ]


@FAST
@given(st.lists(documents(), max_size=3))
def test_safe_csv_cells_never_start_a_formula_and_unprefix_to_the_value(docs: list[Document]) -> None:
    raw, safe = _csv_rows(docs, "spans", safe=False), _csv_rows(docs, "spans", safe=True)
    for raw_row, safe_row in zip(raw, safe, strict=True):
        for column, value in safe_row.items():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
            assert value in (raw_row[column], "'" + raw_row[column])


@FAST
@given(st.lists(documents(), max_size=3), st.sampled_from(["spans", "documents"]))
def test_parquet_reads_back_exactly(docs: list[Document], table: str) -> None:
    import pyarrow.parquet as pq

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.parquet"
        export(docs, "parquet", path, table=table, all_spans=True)
        rows = pq.read_table(path).to_pylist()
    if table == "documents":
        assert [(r["id"], r["text"], json.loads(r["meta"])) for r in rows] == [
            (d.id, d.text, d.meta) for d in docs
        ]
        return
    spans = [(d, s) for d in docs for s in sorted(d.spans, key=lambda s: (s.start, s.end, s.layer))]
    assert len(rows) == len(spans)
    for row, (doc, span) in zip(rows, spans, strict=True):
        assert (row["document_id"], row["layer"], row["start"], row["end"]) == (
            doc.id,
            span.layer,
            span.start,
            span.end,
        )
        assert (row["label"], row["score"], row["model"]) == (span.label, span.score, span.model)
        assert row["text"] == doc.text[span.start : span.end]
        assert (json.loads(row["attrs"]) if row["attrs"] else {}) == span.attrs


# -- the store -----------------------------------------------------------------------------

_counter = itertools.count()


def _has_surrogate(doc: Document) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in json.dumps(doc.to_dict(), ensure_ascii=False))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(any_texts))
@example(Document("a", "a\ud800b", {}, [Span("custom", 0, 3)]))
@example(
    Document("n", "a\x00b", {"k": "\x00"}, [Span("custom", 0, 3, "\x00", None, {"\x00": "\x00"}, "\x00")])
)
def test_store_write_then_get_is_exact_or_a_failure(db_url: str, doc: Document) -> None:
    assume(_no_pair(doc))  # two lone halves side by side are one character once in JSON (docs/FORMAT.md)
    doc.id = f"{next(_counter)}-{doc.id}"  # a fresh id in the one store of this test
    with Store(db_url) as store:
        result = store.write(None, [doc])
        # text columns cannot hold a lone surrogate; SQLite's JSON columns (meta, attrs) hold it
        # escaped, PostgreSQL's json type refuses it (and NUL) there too
        columns = [doc.id, doc.text] + [v or "" for sp in doc.spans for v in (sp.layer, sp.label, sp.model)]
        everywhere = json.dumps(doc.to_dict(), ensure_ascii=False)
        refused = any(_SURROGATE.search(v) for v in columns) or (
            store.dialect == "postgresql"
            and ("\\u0000" in doc.to_json() or bool(_SURROGATE.search(everywhere)))
        )
        if refused:
            assert result.failures and result.failures[0].document_id == doc.id
            assert "the database refused the document" in result.failures[0].reason
            return
        assert result.analysed == [doc.id], result
        back = store.get(doc.id)
    assert back is not None
    _same(doc, back)


# -- brat and Label Studio -----------------------------------------------------------------

ANNOTATED = (("entity", "PER"), ("entity", "ORG"), ("claim", "claim"), ("paragraph", None), ("custom", "x"))


@st.composite
def annotated(draw: st.DrawFn) -> Document:
    """A document with machine spans an analyst could confirm: known layer/label pairs, score 0..1."""
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(0, 6))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        layer, label = draw(st.sampled_from(ANNOTATED))
        if layer == "custom":
            label = draw(st.none() | texts)
        attrs = draw(st.dictionaries(st.sampled_from(NOTE_KEYS), texts, max_size=2))
        attrs.update(draw(st.dictionaries(attr_keys(texts), json_values(texts), max_size=2)))
        spans.append(
            Span(layer, start, end, label, draw(scores), attrs, draw(st.sampled_from(["m@1", None])))
        )
    return Document(draw(texts.filter(bool)), text, {}, spans)


def _expected(
    doc: Document, pieces_of: Callable[[Span], list[tuple[int, int]]]
) -> dict[tuple[Any, ...], Span]:
    """The spans an unchanged import must give back, keyed by (layer, label, start, end)."""
    found: dict[tuple[Any, ...], Span] = {}
    for span in doc.spans:
        pieces = pieces_of(span)
        if pieces:
            found[(span.layer, span.label, pieces[0][0], pieces[-1][1])] = span
    return found


def _trimmed(key: tuple[Any, ...], span: Span) -> bool:
    """Whether brat cut line breaks off the span's ends: then it is a new span, its score read
    from the note (4 significant digits) and its attributes from the note only."""
    return (key[2], key[3]) != (span.start, span.end)


def _check_import(doc: Document, back: Document, expected: dict[tuple[Any, ...], Span]) -> None:
    human = {(s.layer, s.label, s.start, s.end): s for s in back.spans if s.model == HUMAN_MODEL}
    assert set(human) == set(expected)
    for key, span in human.items():
        base = expected[key]
        assert span.attrs["source"] == "human"
        if _trimmed(key, base):
            continue
        assert span.score == base.score
        for name in NOTE_KEYS:
            assert span.attrs.get(name) == base.attrs.get(name)


def _fresh_store(folder: Path, doc: Document) -> Store:
    store = Store(str(folder / "s.db"))
    assert store.write(None, [doc]).analysed == [doc.id]
    return store


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated())
@example(Document("a", "ab", {}, [Span("entity", 0, 2, "PER", 0.123456789, {}, "m@1")]))
@example(Document("b", "ab", {}, [Span("entity", 0, 2, "PER", None, {"canonical": " x"}, "m@1")]))
def test_brat_export_then_unchanged_import_gives_the_spans_back(doc: Document) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        layers = sorted({s.layer for s in doc.spans}) or ["entity"]
        with _fresh_store(folder, doc) as store:
            export_brat([doc], folder / "brat", layers)
            report = import_brat(folder / "brat", store)
            assert not report.refused, report.refused
            back = store.get(doc.id)
    assert back is not None
    # brat draws a span per line: a span loses the line breaks at its ends; one of line breaks only
    # is left out
    pieces_of = lambda s: _fragments(doc.text, s.start, s.end) if s.start < s.end else []  # noqa: E731
    _check_import(doc, back, _expected(doc, pieces_of))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(annotated())
@example(Document("a", "ab", {}, [Span("entity", 0, 2, "PER", 0.123456789, {}, "m@1")]))
def test_label_studio_export_then_unchanged_import_gives_the_spans_back(doc: Document) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        layers = sorted({s.layer for s in doc.spans}) or ["entity"]
        with _fresh_store(folder, doc) as store:
            tasks_path = folder / "tasks.json"
            export_labelstudio([doc], tasks_path, layers)
            tasks = json.loads(tasks_path.read_text(encoding="utf-8"))
            for task in tasks:  # the analyst accepted the predictions as they were
                task["annotations"] = [{"result": task["predictions"][0]["result"]}]
            tasks_path.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")
            report = import_labelstudio(tasks_path, store)
            assert not report.refused, report.refused
            back = store.get(doc.id)
    assert back is not None
    _check_import(doc, back, _expected(doc, lambda s: [(s.start, s.end)] if s.start < s.end else []))
