"""The citation graph export: who cites whom, as GraphML and Gephi's edge and node CSVs."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from slant.cli import EXIT_OK, EXIT_USAGE, app
from slant.document import Document, Span
from slant.store import Store
from slant.store.citations import EDGE_COLUMNS, NODE_COLUMNS, build, clean, nodes_path

RUN = CliRunner()
G = "{http://graphml.graphdrawing.org/xmlns}"
HOSTILE = '<script>alert("x")</script> & \x1b[31m\x07Co'
"""A cited name from an article's text: markup, and controls XML 1.0 forbids."""
REUTERS = {"outlet": "reuters", "name": "Reuters", "kind": "agency"}


def _doc(
    doc_id: str, text: str, meta: dict[str, Any], marks: list[tuple[str, str, dict[str, Any]]]
) -> Document:
    """A document with a span over each (layer, phrase, attrs): the phrase's first occurrence."""
    spans = []
    for layer, phrase, attrs in marks:
        start = text.index(phrase)
        label = attrs.pop("label", None)
        spans.append(Span(layer, start, start + len(phrase), label, 0.9, attrs, "test@1"))
    return Document(doc_id, text, meta, spans)


def documents() -> list[Document]:
    ledger = {"outlet": "The Harbour Ledger", "domain": "harbourledger.example", "language": "en"}
    first = _doc(
        "a",
        'According to Reuters, the ferry sank. Photo: AFP. Local activists say 40 died. '
        'Ana Vell said: "We will act." "And soon," someone added.',
        {**ledger, "published": "2026-03-01T08:00:00+00:00"},
        [
            ("source", "Reuters", {**REUTERS, "role": "citation"}),
            ("source", "AFP", {"outlet": "afp", "name": "AFP", "kind": "agency", "role": "credit"}),
            ("source", "Local activists", {"name": "Local activists", "role": "citation", "hidden": True}),
            ("entity", "Ana Vell", {"canonical": "ana-vell", "name": "Ana Vell", "label": "PER"}),
            ("quote", "We will act.", {"speaker": "ana-vell", "speaker_name": "Ana Vell",
                                       "speaker_confidence": "named"}),
            ("quote", "And soon,", {"speaker": "ana-vell", "speaker_confidence": "carried"}),
        ],
    )  # fmt: skip
    second = _doc(
        "b",
        f"Reuters reported the toll. {HOSTILE} claimed more. See portnews.example for maps.",
        {**ledger, "published": "2026-03-05"},
        [
            ("source", "Reuters", {**REUTERS, "role": "mention"}),
            ("source", HOSTILE, {"name": HOSTILE, "role": "citation", "label": "unknown"}),
            ("source", "portnews.example", {"name": "portnews.example", "domain": "portnews.example",
                                            "role": "link", "label": "website"}),
        ],
    )  # fmt: skip
    wire = _doc(
        "c",
        "Ana Vell sade att färjan sjönk.",
        {"outlet": "Reuters", "domain": "reuters.com", "language": "sv", "published": "2026-02-27"},
        [
            (
                "quote",
                "färjan sjönk",
                {"speaker": "per:ana-vell", "speaker_name": "Ana Vell", "kind": "indirect"},
            )
        ],
    )
    return [first, second, wire]


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "cites.db")
    with Store(path) as store:
        assert not store.write(None, documents()).failures
    return path


def export(db: str, *args: str) -> tuple[int, str]:
    result = RUN.invoke(app, ["export", "--db", db, *args])
    return result.exit_code, result.stderr


def read_graphml(path: Path) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], dict[str, Any]]]:
    """Nodes by id and edges by (source, target), each attribute typed by its ``<key>``."""
    root = ET.parse(path).getroot()
    cast: dict[str, Callable[[str], Any]] = {"int": int, "double": float, "string": str}
    keys = {
        k.get("id", ""): (k.get("attr.name", ""), cast[k.get("attr.type", "")]) for k in root.iter(f"{G}key")
    }

    def values(element: ET.Element) -> dict[str, Any]:
        return {
            keys[d.get("key", "")][0]: keys[d.get("key", "")][1](d.text or "")
            for d in element.iter(f"{G}data")
        }

    (graph,) = root.iter(f"{G}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id") or "": values(n) for n in graph.iter(f"{G}node")}
    edges = {(e.get("source") or "", e.get("target") or ""): values(e) for e in graph.iter(f"{G}edge")}
    return nodes, edges


def test_graphml_has_typed_keys_nodes_and_weighted_edges(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cites.graphml"
    code, err = export(db, "--format", "graphml", "--out", str(out))
    assert code == EXIT_OK and "wrote 6 nodes and 5 edges" in err
    types = {(k.get("for"), k.get("attr.name")): k.get("attr.type") for k in ET.parse(out).iter(f"{G}key")}
    assert types[("edge", "weight")] == "double" and types[("edge", "documents")] == "int"
    assert types[("node", "label")] == "string" and types[("node", "cited")] == "int"
    nodes, edges = read_graphml(out)
    ledger = "outlet:the-harbour-ledger"
    assert nodes[ledger] == {"label": "The Harbour Ledger", "kind": "outlet", "documents": 2, "cited": 0}
    # An outlet in the outlet table is one node, citing (by its domain) and cited (by its id).
    assert nodes["reuters"] == {"label": "Reuters", "kind": "agency", "documents": 1, "cited": 2}
    assert nodes["ana-vell"]["kind"] == "person" and nodes["per:ana-vell"]["kind"] == "person"
    assert nodes["web:portnews.example"]["kind"] == "website"
    assert edges[(ledger, "reuters")] == {
        "weight": 2, "source_spans": 2, "quote_spans": 0, "documents": 2,
        "first": "2026-03-01", "last": "2026-03-05",
    }  # fmt: skip
    # The carried attribution ("someone added") does not count; the named one does.
    assert edges[(ledger, "ana-vell")]["weight"] == 1 and edges[(ledger, "ana-vell")]["quote_spans"] == 1
    assert edges[("reuters", "per:ana-vell")]["documents"] == 1
    # Picture credits and hidden spans are left out.
    assert "afp" not in nodes and not any("activists" in n for n in nodes)


def test_hostile_names_survive_as_text(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cites.graphml"
    export(db, "-f", "graphml", "-o", str(out))
    nodes, _ = read_graphml(out)  # parses: the controls are gone
    (label,) = [n["label"] for n in nodes.values() if "script" in n["label"]]
    assert label == '<script>alert("x")</script> & \ufffd[31m\ufffdCo' == clean(HOSTILE)
    assert b"<script>" not in out.read_bytes()


def test_hidden_spans_only_with_the_flag(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cites.graphml"
    export(db, "-f", "graphml", "-o", str(out), "--hidden")
    nodes, edges = read_graphml(out)
    assert nodes["src:local-activists"]["label"] == "Local activists"
    assert edges[("outlet:the-harbour-ledger", "src:local-activists")]["weight"] == 1


def test_csv_edges_for_gephi(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cites.csv"
    code, err = export(db, "--format", "csv-edges", "--out", str(out))
    assert code == EXIT_OK and nodes_path(out) == tmp_path / "cites.nodes.csv" and "cites.nodes.csv" in err
    with out.open(encoding="utf-8", newline="") as f:
        edges = list(csv.DictReader(f))
    with nodes_path(out).open(encoding="utf-8", newline="") as f:
        nodes = list(csv.DictReader(f))
    assert tuple(edges[0]) == EDGE_COLUMNS and tuple(nodes[0]) == NODE_COLUMNS
    assert {e["Type"] for e in edges} == {"Directed"}
    row = next(e for e in edges if e["Target"] == "reuters" and e["Source"] != "reuters")
    assert (row["Weight"], row["source_spans"], row["documents"], row["first"]) == (
        "2",
        "2",
        "2",
        "2026-03-01",
    )
    assert {e["Source"] for e in edges} | {e["Target"] for e in edges} <= {n["Id"] for n in nodes}


def test_csv_cells_cannot_run_as_formulas(tmp_path: Path) -> None:
    path = str(tmp_path / "formula.db")
    text = "=HYPERLINK(1) says so, according to @evil."
    doc = _doc(
        "f", text, {"outlet": "-Evil Daily"}, [("source", "@evil", {"name": "@evil", "role": "citation"})]
    )
    with Store(path) as store:
        store.write(None, [doc])
    out = tmp_path / "f.csv"
    export(path, "-f", "csv-edges", "-o", str(out))
    with nodes_path(out).open(encoding="utf-8", newline="") as f:
        labels = {row["Label"] for row in csv.DictReader(f)}
    assert labels == {"'-Evil Daily", "'@evil"}
    export(path, "-f", "csv-edges", "-o", str(out), "--raw-csv")
    with nodes_path(out).open(encoding="utf-8", newline="") as f:
        assert {row["Label"] for row in csv.DictReader(f)} == {"-Evil Daily", "@evil"}


def test_filters_and_layers(db: str, tmp_path: Path) -> None:
    out = tmp_path / "cites.graphml"
    export(db, "-f", "graphml", "-o", str(out), "--language", "sv")
    nodes, edges = read_graphml(out)
    assert set(nodes) == {"reuters", "per:ana-vell"} and set(edges) == {("reuters", "per:ana-vell")}
    export(db, "-f", "graphml", "-o", str(out), "--outlet", "The Harbour Ledger", "--layer", "quote")
    nodes, edges = read_graphml(out)
    assert set(edges) == {("outlet:the-harbour-ledger", "ana-vell")}


def test_usage_errors(db: str, tmp_path: Path) -> None:
    for fmt in ("graphml", "csv-edges"):
        code, err = export(db, "--format", fmt)
        assert code == EXIT_USAGE and f"--format {fmt} writes files: pass --out" in err
    code, err = export(db, "--format", "graphml", "--out", str(tmp_path))
    assert code == EXIT_USAGE
    code, err = export(db, "-f", "graphml", "-o", str(tmp_path / "x.graphml"), "--layer", "technique")
    assert code == EXIT_USAGE and "--layer takes source or quote" in err


def test_documents_without_an_outlet_and_all_spans() -> None:
    doc = _doc(
        "n",
        "Officials said it. The minister said so.",
        {},
        [
            ("quote", "it", {"speaker": "org:officials", "speaker_name": "Officials", "hidden": True}),
            ("quote", "so", {"speaker": "src:the-minister", "speaker_name": "The minister"}),
        ],
    )
    graph = build([doc])
    assert graph.nodes["unknown-outlet"].label == "(unknown outlet)"
    assert set(graph.nodes) == {"unknown-outlet", "src:the-minister"}
    assert graph.nodes["src:the-minister"].kind == "unknown"
    everything = build([doc], all_spans=True)
    assert everything.nodes["org:officials"].kind == "organisation"
    assert everything.edges[("unknown-outlet", "org:officials")].first is None
