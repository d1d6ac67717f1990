"""The citation graph: which outlet cites whom, as GraphML or as Gephi's edge and node CSVs.

Nodes are the outlets of the documents and the parties they cite (``source`` spans, and the
speakers of ``quote`` spans); each edge runs from a citing outlet to a cited party and counts
the spans. docs/FORMAT.md ("Citation graph") documents the ids, kinds and attributes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from slant.annotate.precedence import effective
from slant.document import Document, Span
from slant.quotes.speaker import slug
from slant.sources.outlets import OutletTable, default
from slant.store.database import CONFIDENT_SPEAKERS
from slant.store.export import write_csv

CITED_LAYERS = frozenset({"source", "quote"})
"""The layers whose spans are citations; ``entity`` spans only tell a speaker's kind."""
UNKNOWN_OUTLET = "unknown-outlet"
"""Node id of the documents without an outlet, domain or site name."""
ENTITY_KINDS = {
    "PER": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "NORP": "group", "MISC": "other",
}  # fmt: skip
PREFIX_KINDS = {"per": "person", "org": "organisation", "gpe": "place", "norp": "group"}
NODE_ATTRS = (("label", "string"), ("kind", "string"), ("documents", "int"), ("cited", "int"))
EDGE_ATTRS = (
    ("weight", "double"), ("source_spans", "int"), ("quote_spans", "int"),
    ("documents", "int"), ("first", "string"), ("last", "string"),
)  # fmt: skip
NODE_COLUMNS = ("Id", "Label", "kind", "documents", "cited")
EDGE_COLUMNS = (
    "Source", "Target", "Type", "Weight", "source_spans", "quote_spans", "documents", "first", "last",
)  # fmt: skip
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
# Characters XML 1.0 forbids (C0 controls but tab and line ends, lone surrogates, U+FFFE/U+FFFF).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?")


def clean(value: Any) -> str:
    """Untrusted text as one line XML 1.0 can hold: forbidden characters become U+FFFD."""
    return " ".join(_NOT_XML.sub("\ufffd", str(value)).split()) if value is not None else ""


@dataclass
class Node:
    """An outlet or a cited party: ``documents`` it published, citations of it (``cited``)."""

    id: str
    label: str
    kind: str
    documents: int = 0
    cited: int = 0


@dataclass
class Edge:
    """Citations from one outlet to one party: spans of each layer, documents, date range."""

    source: str
    target: str
    source_spans: int = 0
    quote_spans: int = 0
    documents: int = 0
    first: str | None = None
    last: str | None = None

    @property
    def weight(self) -> int:
        """Every citation: source spans and quotes."""
        return self.source_spans + self.quote_spans


@dataclass
class CitationGraph:
    """Nodes by id and edges by (source, target), in the order first met."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[tuple[str, str], Edge] = field(default_factory=dict)


class _Builder:
    """Collects nodes and edges; a node's label and kind are its most frequent ones."""

    def __init__(self, table: OutletTable) -> None:
        self.table = table
        self.graph = CitationGraph()
        self.names: dict[str, Counter[str]] = {}
        self.kinds: dict[str, Counter[str]] = {}
        self.last_document: dict[tuple[str, str], str] = {}

    def node(self, node_id: str, name: str, kind: str) -> Node:
        found = self.graph.nodes.get(node_id)
        if found is None:
            found = self.graph.nodes[node_id] = Node(node_id, name or node_id, kind)
            self.names[node_id], self.kinds[node_id] = Counter(), Counter()
        if node_id in self.table.by_id:  # the table names its outlets
            outlet = self.table[node_id]
            found.label, found.kind = outlet.name, outlet.kind
            return found
        if name:
            self.names[node_id][name] += 1
            found.label = self.names[node_id].most_common(1)[0][0]
        if kind != "unknown":
            self.kinds[node_id][kind] += 1
            found.kind = self.kinds[node_id].most_common(1)[0][0]
        return found

    def cite(self, doc_id: str, day: str | None, citing: str, cited: Node, layer: str) -> None:
        edge = self.graph.edges.get((citing, cited.id))
        if edge is None:
            edge = self.graph.edges[(citing, cited.id)] = Edge(citing, cited.id)
        if layer == "source":
            edge.source_spans += 1
        else:
            edge.quote_spans += 1
        cited.cited += 1
        if self.last_document.get((citing, cited.id)) != doc_id:  # documents arrive whole, one by one
            self.last_document[(citing, cited.id)] = doc_id
            edge.documents += 1
        if day is not None:
            edge.first = day if edge.first is None else min(edge.first, day)
            edge.last = day if edge.last is None else max(edge.last, day)


def outlet_of(meta: Mapping[str, Any], table: OutletTable) -> tuple[str, str, str]:
    """A document's outlet as (id, label, kind): the outlet table's id when its domain or site
    name is in the table, else ``outlet:<slug of the site name>``, else ``web:<domain>``."""
    name, domain = clean(meta.get("outlet")), clean(meta.get("domain")).lower()
    known = (table.lookup_domain(domain) if domain else None) or (table.lookup_name(name) if name else None)
    if known is not None:
        return known.id, known.name, known.kind
    if name:
        return f"outlet:{slug(name) or name.casefold()}", name, "outlet"
    if domain:
        return f"web:{domain.removeprefix('www.')}", domain, "outlet"
    return UNKNOWN_OUTLET, "(unknown outlet)", "outlet"


def source_party(doc: Document, span: Span) -> tuple[str, str, str] | None:
    """A ``source`` span's party as (id, label, kind): its ``outlet`` id, else ``web:<domain>``
    for a web address, else ``src:<slug of its name>`` (the quote layer's id for such a source)."""
    attrs = span.attrs
    name = clean(attrs.get("name")) or clean(doc.span_text(span))
    kind = clean(attrs.get("kind") or span.label) or "unknown"
    if attrs.get("outlet"):
        return clean(attrs["outlet"]), name, kind
    domain = clean(attrs.get("domain")).lower()
    if domain:
        return f"web:{domain}", domain, "website"
    ident = slug(name) or name.casefold()
    return (f"src:{ident}", name, kind) if ident else None


def speaker_party(span: Span, entity_kinds: Mapping[str, str], table: OutletTable) -> tuple[str, str, str]:
    """A quote's speaker as (id, label, kind); the kind comes from the outlet table, the entity
    layer's label for that id in the document, or the id's prefix (``per:`` person, ...)."""
    speaker = clean(span.attrs["speaker"])
    if speaker in table.by_id:
        kind = table[speaker].kind
    else:
        kind = entity_kinds.get(speaker) or PREFIX_KINDS.get(speaker.partition(":")[0], "unknown")
    return speaker, clean(span.attrs.get("speaker_name")), kind


def _cites(span: Span, layers: frozenset[str]) -> bool:
    if span.layer not in layers:
        return False
    if span.layer == "source":
        return span.attrs.get("role") != "credit"  # picture credits are not sources (store.citing)
    confidence = span.attrs.get("speaker_confidence")
    return bool(span.attrs.get("speaker")) and (confidence is None or confidence in CONFIDENT_SPEAKERS)


def build(
    docs: Iterable[Document],
    *,
    layers: Iterable[str] | None = None,
    hidden: bool = False,
    all_spans: bool = False,
    table: OutletTable | None = None,
) -> CitationGraph:
    """The citation graph of ``docs`` (each document met once, as the store streams them).

    Counts ``source`` spans (picture credits left out) and ``quote`` spans with a sure speaker
    (``speaker_confidence`` named or pronoun, as the speaker rankings do); ``layers`` narrows
    that to some of them. Spans are taken as ``slant export`` takes them: unless ``all_spans``,
    human corrections replace reviewed machine spans, and spans a model kept below its display
    threshold are left out unless ``hidden``.
    """
    counted = CITED_LAYERS if layers is None else CITED_LAYERS & frozenset(layers)
    builder = _Builder(table or default())
    for doc in docs:
        if not all_spans:
            doc = effective(doc, hidden)
        citing_id, name, kind = outlet_of(doc.meta, builder.table)
        builder.node(citing_id, name, kind).documents += 1
        published = _DAY.match(str(doc.meta.get("published") or ""))
        day = published.group() if published else None
        entity_kinds: dict[str, str] = {}
        for span in doc.spans:
            if span.layer == "entity" and span.attrs.get("canonical") and span.label in ENTITY_KINDS:
                entity_kinds.setdefault(clean(span.attrs["canonical"]), ENTITY_KINDS[span.label])
        for span in doc.spans:
            if not _cites(span, counted):
                continue
            if span.layer == "source":
                party = source_party(doc, span)
            else:
                party = speaker_party(span, entity_kinds, builder.table)
            if party is None or not party[0]:
                continue
            builder.cite(doc.id, day, citing_id, builder.node(*party), span.layer)
    return builder.graph


def _edge_values(edge: Edge) -> dict[str, Any]:
    return {
        "weight": edge.weight,
        "source_spans": edge.source_spans,
        "quote_spans": edge.quote_spans,
        "documents": edge.documents,
        "first": edge.first,
        "last": edge.last,
    }


def write_graphml(graph: CitationGraph, path: Path) -> None:
    """Write GraphML (directed) with typed ``<key>`` declarations, so Gephi reads numbers as numbers."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    for scope, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        for name, kind in attrs:
            ET.SubElement(
                root,
                "key",
                {"id": f"{scope[0]}_{name}", "for": scope, "attr.name": name, "attr.type": kind},
            )
    body = ET.SubElement(root, "graph", {"id": "citations", "edgedefault": "directed"})

    def data(parent: ET.Element, key: str, value: Any) -> None:
        if value is not None:
            ET.SubElement(parent, "data", {"key": key}).text = clean(value)

    for node in graph.nodes.values():
        element = ET.SubElement(body, "node", {"id": node.id})
        for name, _ in NODE_ATTRS:
            data(element, f"n_{name}", getattr(node, name))
    for i, edge in enumerate(graph.edges.values()):
        element = ET.SubElement(body, "edge", {"id": f"e{i}", "source": edge.source, "target": edge.target})
        for name, value in _edge_values(edge).items():
            data(element, f"e_{name}", value)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def nodes_path(out: Path) -> Path:
    """Where ``csv-edges`` writes its nodes: ``cites.csv`` → ``cites.nodes.csv``."""
    return out.with_suffix(".nodes.csv")


def write_csvs(graph: CitationGraph, edges_out: TextIO, nodes_out: TextIO, safe: bool = True) -> None:
    """Write Gephi's edge list (``Source,Target,Type,Weight,...``) and node table (``Id,Label,...``);
    with ``safe`` no cell can run as a spreadsheet formula (ids stay matched: both files are guarded)."""
    edges = (
        {"Source": e.source, "Target": e.target, "Type": "Directed", "Weight": e.weight}
        | {k: v for k, v in _edge_values(e).items() if k != "weight"}
        for e in graph.edges.values()
    )
    write_csv(edges, EDGE_COLUMNS, edges_out, safe=safe)
    nodes = (
        {"Id": n.id, "Label": n.label, "kind": n.kind, "documents": n.documents, "cited": n.cited}
        for n in graph.nodes.values()
    )
    write_csv(nodes, NODE_COLUMNS, nodes_out, safe=safe)


def export_graph(graph: CitationGraph, fmt: str, out: Path, safe_csv: bool = True) -> list[Path]:
    """Write ``graph`` as ``graphml`` or ``csv-edges`` to ``out``; returns the files written."""
    if fmt == "graphml":
        write_graphml(graph, out)
        return [out]
    nodes = nodes_path(out)
    with (
        out.open("w", encoding="utf-8", newline="") as edges_file,
        nodes.open("w", encoding="utf-8", newline="") as nodes_file,
    ):
        write_csvs(graph, edges_file, nodes_file, safe=safe_csv)
    return [out, nodes]
