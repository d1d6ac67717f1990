"""brat standoff: export spans for analysts to correct, import their corrections as human spans.

An export folder holds, per document, ``STEM.txt`` (the exact text, UTF-8, line ends as
stored) and ``STEM.ann`` (the spans), plus ``annotation.conf`` and ``visual.conf`` for brat
and ``index.tsv``, which maps each file stem to its document id, text hash and the layers
exported. Document ids never become file names: a stem is an ASCII slug of the id plus a
hash of it. The mapping of layers and attributes is documented in docs/ANNOTATION.md.

brat counts offsets in code points of the text read as UTF-8, the same unit as slant's.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import unicodedata
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.annotate.precedence import HUMAN_MODEL, effective
from slant.document import Document, Span, text_sha256
from slant.errors import Failure, SlantError
from slant.span_details import ANALYSIS_LAYERS
from slant.store.database import Store

INDEX = "index.tsv"
INDEX_HEADER = "stem\tid\tsha256\tlayers"
DEFAULT_LAYERS: tuple[str, ...] = ANALYSIS_LAYERS
SPEAKER, CUE = "Speaker", "Cue"
"""Entity types of a quote's speaker mention and cue, linked to the quote by a relation."""
SAID_BY, CUED_BY = "Said_by", "Cued_by"
"""Relation types: quote (Arg1) to its speaker mention / cue (Arg2)."""
NOTES = "AnnotatorNotes"
NOTE_KEYS = ("canonical", "speaker", "outlet", "value")
"""Attributes written into (and read back from) each span's brat note, besides ``score``."""
HUMAN_KEYS = ("source", "annotator", "note")
"""Attributes an import sets itself; never inherited from the span being corrected."""

_TECHNIQUES: tuple[str, ...]
try:  # the taxonomy is a small module; guard anyway so the exporter never depends on models
    from slant.techniques.taxonomy import BY_NAME as _BY_NAME
    from slant.techniques.taxonomy import NAMES as _NAMES

    _TECHNIQUES = tuple(_NAMES)
    _CATEGORY = {name: t.category for name, t in _BY_NAME.items()}
except ImportError:  # pragma: no cover
    _TECHNIQUES, _CATEGORY = (), {}

KNOWN_LABELS: dict[str, tuple[str | None, ...]] = {
    "technique": _TECHNIQUES,
    "entity": ("PER", "ORG", "GPE", "LOC", "NORP", "MISC"),
    "quote": ("direct", "mixed", "indirect"),
    "claim": ("claim",),
    "source": (
        "outlet",
        "agency",
        "ngo",
        "monitor",
        "government",
        "international",
        "military",
        "website",
        "unknown",
    ),
    "date": ("day", "week", "month", "year"),
    "paragraph": (None,),
    "sentence": (None,),
}
"""Labels an analyst may choose per layer; an import refuses others for these layers."""

COLOURS = {
    "technique": "#ffb3b3",
    "entity": "#b3d9ff",
    "quote": "#d9b3ff",
    "claim": "#ffe0a3",
    "source": "#a3e6e6",
    "date": "#c2f0c2",
    "language": "#e6e6e6",
    "sentence": "#f2f2f2",
    "paragraph": "#fafafa",
}

_LAYER = re.compile(r"[a-z][a-z0-9_]{0,31}")
_STEM = re.compile(r"[a-z0-9-]{1,80}")
_SHA = re.compile(r"[0-9a-f]{64}")
_ANNOTATOR = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,100}")
_T_LINE = re.compile(r"(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)", re.S)
_R_LINE = re.compile(r"(R\S*)\t(\S+) Arg1:(\S+) Arg2:(\S+)\s*")
_NOTE_LINE = re.compile(r"(#\S*)\t(\S+) (\S+)\t(.*)", re.S)
_A_LINE = re.compile(r"([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*")
_ATTR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_RESERVED_ATTRS = frozenset(("parts", "kind", "category", "confirmed", *HUMAN_KEYS))
_NOTE_VALUE = re.compile(r"[^;\x00-\x1f\x7f-\x9f]*")
_BREAKS = "\n\r"


class BratError(SlantError):
    """A brat folder that cannot be imported at all (no index.tsv, say)."""


class _Refused(Exception):
    def __init__(self, path: Path, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.path, self.reason, self.line = path, reason, line


# -- names ------------------------------------------------------------------------------


def type_name(layer: str, label: str | None) -> str:
    """The brat type of a span: ``layer`` or ``layer-label`` (label percent-encoded)."""
    if label is None:
        return layer
    return f"{layer}-{urllib.parse.quote(label, safe='_.-')}"


def parse_type(name: str) -> tuple[str, str | None]:
    """The (layer, label) of a brat type made by :func:`type_name`.

    Raises:
        ValueError: not a slant type.
    """
    layer, dash, label = name.partition("-")
    if not _LAYER.fullmatch(layer):
        raise ValueError(f"type {name!r} is not LAYER or LAYER-LABEL")
    return layer, urllib.parse.unquote(label, errors="strict") if dash else None


def file_stem(doc_id: str) -> str:
    """A safe file stem for an (untrusted) document id: ASCII slug plus a hash of the id.

    Only ``[a-z0-9-]``, at most 53 characters; never empty, never a reserved device name,
    never a path.
    """
    ascii_id = unicodedata.normalize("NFKD", doc_id).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_id.lower()).strip("-")[:40].strip("-") or "doc"
    digest = hashlib.sha256(doc_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{slug}-{digest}"


# -- export -----------------------------------------------------------------------------


@dataclass
class ExportResult:
    """What :func:`export_brat` wrote."""

    documents: int = 0
    spans: int = 0
    skipped: int = 0
    """Empty spans (start == end), which brat cannot show."""


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The span cut at line breaks: brat draws a span per line."""
    pieces, begin = [], start
    for i in range(start, end):
        if text[i] in _BREAKS:
            if begin < i:
                pieces.append((begin, i))
            begin = i + 1
    if begin < end:
        pieces.append((begin, end))
    return pieces


def _note(span: Span) -> str:
    parts = [] if span.score is None else [f"score={span.score:.4g}"]
    for key in NOTE_KEYS:
        value = span.attrs.get(key)
        # a value the import would read back changed (padded with spaces) stays out of the note
        if isinstance(value, str) and value and value == value.strip() and _NOTE_VALUE.fullmatch(value):
            parts.append(f"{key}={value}")
    return "; ".join(parts)


def document_ann(doc: Document, layers: Iterable[str]) -> tuple[str, int, int]:
    """The .ann text of a document's spans of ``layers``; returns (text, spans, skipped)."""
    wanted = set(layers)
    lines: list[str] = []
    counter = {"T": 0, "R": 0, "#": 0}

    def next_id(kind: str) -> str:
        counter[kind] += 1
        return f"{kind}{counter[kind]}"

    def t_line(tid: str, kind: str, pieces: list[tuple[int, int]]) -> str:
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        return f"{tid}\t{kind} {offsets}\t{' '.join(doc.text[s:e] for s, e in pieces)}"

    aux: dict[tuple[str, int, int], str] = {}
    size, written, skipped = len(doc.text), 0, 0
    for span in effective(doc).spans:
        if span.layer not in wanted:
            continue
        pieces = _fragments(doc.text, span.start, span.end) if 0 <= span.start < span.end <= size else []
        if not pieces:
            skipped += 1
            continue
        tid = next_id("T")
        lines.append(t_line(tid, type_name(span.layer, span.label), pieces))
        written += 1
        note = _note(span)
        if note:
            lines.append(f"{next_id('#')}\t{NOTES} {tid}\t{note}")
        for kind, relation, start, end in quote_parts(span, size):
            key = (kind, start, end)
            if key not in aux:
                aux_pieces = _fragments(doc.text, start, end)
                if not aux_pieces:
                    continue
                aux[key] = next_id("T")
                lines.append(t_line(aux[key], kind, aux_pieces))
            lines.append(f"{next_id('R')}\t{relation} Arg1:{tid} Arg2:{aux[key]}")
    return "".join(line + "\n" for line in lines), written, skipped


def quote_parts(span: Span, size: int) -> Iterator[tuple[str, str, int, int]]:
    """A quote's speaker mention and cue as ``(type, relation, start, end)``, those inside the text."""
    if span.layer != "quote":
        return
    for kind, relation, prefix in ((SPEAKER, SAID_BY, "source"), (CUE, CUED_BY, "cue")):
        start, end = span.attrs.get(f"{prefix}_start"), span.attrs.get(f"{prefix}_end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size:
            yield kind, relation, start, end


def annotation_conf(types: Iterable[str]) -> str:
    """brat's annotation.conf declaring the given span types, Speaker/Cue and their relations."""
    types = sorted(set(types))
    quotes = "|".join(t for t in types if t.startswith("quote-")) or "quote-direct"
    return (
        "# slant layers as brat entity types: LAYER or LAYER-LABEL (docs/ANNOTATION.md)\n"
        "[entities]\n" + "".join(f"{t}\n" for t in types) + f"{SPEAKER}\n{CUE}\n"
        "[relations]\n"
        f"{SAID_BY}\tArg1:{quotes}, Arg2:{SPEAKER}\n"
        f"{CUED_BY}\tArg1:{quotes}, Arg2:{CUE}\n"
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n"
        "[events]\n"
        "[attributes]\n"
    )


def visual_conf(types: Iterable[str]) -> str:
    """brat's visual.conf: readable names and a colour per layer."""
    labels, drawing = [], []
    for name in sorted(set(types)):
        layer, label = parse_type(name)
        short = label or layer
        labels.append(f"{name} | {short} ({layer}) | {short}\n")
        drawing.append(f"{name}\tbgColor:{COLOURS.get(layer, '#dddddd')}\n")
    return (
        "[labels]\n"
        + "".join(labels)
        + f"{SPEAKER} | Speaker | Spk\n{CUE} | Cue | Cue\n"
        + f"{SAID_BY} | said by\n{CUED_BY} | cued by\n"
        "[drawing]\n"
        "SPAN_DEFAULT\tfgColor:black, bgColor:lightgreen, borderColor:darken\n"
        "ARC_DEFAULT\tcolor:black, arrowHead:triangle-5\n"
        + "".join(drawing)
        + f"{SPEAKER}\tbgColor:#ffffff, borderColor:#7a3db8\n{CUE}\tbgColor:#ffffff, borderColor:#555555\n"
    )


def export_brat(docs: Iterable[Document], out: Path, layers: Sequence[str] | None = None) -> ExportResult:
    """Write documents as a brat folder: STEM.txt + STEM.ann each, the confs and index.tsv.

    Writes each document's effective spans (human corrections where a layer was reviewed).
    ``out`` must be a new or empty folder; files are created, never overwritten.

    Raises:
        BratError: ``out`` is not an empty folder, or a layer name is invalid.
    """
    chosen = tuple(dict.fromkeys(layers or DEFAULT_LAYERS))
    bad = [name for name in chosen if not _LAYER.fullmatch(name)]
    if bad:
        raise BratError(f"invalid layer name {bad[0]!r}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise BratError(f"{out} is not an empty folder; export into a new or empty folder")
    out.mkdir(parents=True, exist_ok=True)
    result = ExportResult()
    types = {type_name(layer, label) for layer in chosen for label in KNOWN_LABELS.get(layer, ())}
    stems: set[str] = set()
    index = [INDEX_HEADER]
    for doc in docs:
        stem = file_stem(doc.id)
        if stem in stems:  # a 48-bit hash collision: fall back to the full hash
            stem = "doc-" + hashlib.sha256(doc.id.encode("utf-8", "surrogatepass")).hexdigest()
        stems.add(stem)
        ann, written, skipped = document_ann(doc, chosen)
        types.update(line.split("\t")[1].split(" ")[0] for line in ann.splitlines() if line[:1] == "T")
        _write_new(out, f"{stem}.txt", doc.text.encode("utf-8", "surrogatepass"))
        _write_new(out, f"{stem}.ann", ann.encode("utf-8", "surrogatepass"))
        index.append(f"{stem}\t{json.dumps(doc.id)}\t{doc.sha256}\t{','.join(chosen)}")
        result.documents += 1
        result.spans += written
        result.skipped += skipped
    types -= {SPEAKER, CUE}
    _write_new(out, "annotation.conf", annotation_conf(types).encode("utf-8"))
    _write_new(out, "visual.conf", visual_conf(types).encode("utf-8"))
    _write_new(out, INDEX, "".join(line + "\n" for line in index).encode("utf-8"))
    return result


def _write_new(folder: Path, name: str, data: bytes) -> None:
    # The name is ours (a checked stem or a fixed name), and "x" refuses to follow or
    # replace anything already there, a symlink included.
    assert _STEM.fullmatch(name.rsplit(".", 1)[0]) or name in (INDEX, "annotation.conf", "visual.conf")
    with (folder / name).open("xb") as handle:
        handle.write(data)


# -- import -----------------------------------------------------------------------------


@dataclass
class Imported:
    """One document whose corrections were stored."""

    id: str
    file: str
    spans: int
    layers: list[str]


@dataclass
class ImportReport:
    """What :func:`import_brat` stored and what it refused."""

    imported: list[Imported] = field(default_factory=list)
    refused: list[Failure] = field(default_factory=list)


@dataclass
class _Entry:
    stem: str
    id: str
    sha256: str
    layers: list[str]
    line: int


@dataclass
class _T:
    type: str
    pieces: list[tuple[int, int]]
    line: int
    notes: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)
    links: dict[str, tuple[str, int]] = field(default_factory=dict)


def read_index(folder: Path) -> tuple[list[_Entry], list[Failure]]:
    """The entries of a folder's index.tsv, and its malformed rows as failures.

    Raises:
        BratError: no index.tsv, or not one written by slant.
    """
    path = folder / INDEX
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        raise BratError(f"cannot read {path}: {exc}; is {folder} a folder written by slant export?") from None
    if not lines or lines[0].rstrip("\r") != INDEX_HEADER:
        raise BratError(f"{path}:1: expected the header {INDEX_HEADER!r}")
    entries, failures = [], []
    for number, raw in enumerate(lines[1:], start=2):
        line = raw.rstrip("\r")
        if not line:
            continue
        fields = line.split("\t")
        try:
            if len(fields) != 4:
                raise ValueError(f"expected 4 tab-separated fields, found {len(fields)}")
            stem, id_json, sha, layers = fields
            doc_id = json.loads(id_json)
            if not isinstance(doc_id, str):
                raise ValueError("the id is not a JSON string")
            if not _STEM.fullmatch(stem):
                raise ValueError(f"unsafe file stem {stem!r}")
            if not _SHA.fullmatch(sha):
                raise ValueError("the sha256 is not 64 hex digits")
            names = [x for x in layers.split(",") if x]
            if not names or not all(_LAYER.fullmatch(x) for x in names):
                raise ValueError(f"invalid layers {layers!r}")
        except ValueError as exc:
            failures.append(Failure(source=str(path), location=str(number), reason=f"malformed row: {exc}"))
            continue
        entries.append(_Entry(stem, doc_id, sha, names, number))
    return entries, failures


def _parse_ann(path: Path, text: str, raw: str) -> dict[str, _T]:
    spans: dict[str, _T] = {}
    relations: list[tuple[int, str, str, str]] = []
    notes: list[tuple[int, str, str]] = []
    attributes: list[tuple[int, str, str, str | None]] = []
    for number, line in enumerate(raw.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        kind = line[0]
        if kind == "T":
            match = _T_LINE.fullmatch(line)
            if not match:
                raise _Refused(path, "malformed T line: expected 'T<n>\\tTYPE START END\\tTEXT'", number)
            tid, name, offsets, shown = match.groups()
            if tid in spans:
                raise _Refused(path, f"{tid} is defined twice", number)
            pieces = [(int(a), int(b)) for a, b in (p.split(" ") for p in offsets.split(";"))]
            for start, end in pieces:
                if not 0 <= start < end <= len(text):
                    reason = f"{tid}: offsets {start} {end} are outside the text (length {len(text)})"
                    raise _Refused(path, reason, number)
            if any(b[0] < a[1] for a, b in itertools.pairwise(pieces)):
                raise _Refused(path, f"{tid}: fragments overlap or are out of order", number)
            expected = " ".join(text[s:e] for s, e in pieces)
            if shown != expected:
                raise _Refused(
                    path,
                    f"{tid}: offsets {offsets} cover {expected[:60]!r} in the .txt, "
                    f"but the line says {shown[:60]!r}",
                    number,
                )
            spans[tid] = _T(name, pieces, number)
        elif kind == "R":
            match = _R_LINE.fullmatch(line)
            if not match:
                raise _Refused(path, "malformed R line: expected 'R<n>\\tTYPE Arg1:T<a> Arg2:T<b>'", number)
            _rid, name, arg1, arg2 = match.groups()
            relations.append((number, name, arg1, arg2))
        elif kind == "#":
            match = _NOTE_LINE.fullmatch(line)
            if not match:
                reason = "malformed note line: expected '#<n>\\tAnnotatorNotes T<n>\\tTEXT'"
                raise _Refused(path, reason, number)
            _nid, name, target, body = match.groups()
            if name == NOTES:
                notes.append((number, target, body))
        elif kind in "AM":
            match = _A_LINE.fullmatch(line)
            if not match:
                raise _Refused(path, "malformed attribute line: expected 'A<n>\\tNAME T<n> [VALUE]'", number)
            _aid, name, target, value = match.groups()
            if not _ATTR_NAME.fullmatch(name):
                raise _Refused(path, f"attribute name {name[:40]!r} is not a plain identifier", number)
            if name in _RESERVED_ATTRS or name.endswith(("_start", "_end")):
                raise _Refused(path, f"attribute {name!r} is set by slant and cannot be given", number)
            attributes.append((number, name, target, value))
        elif kind in "N*":
            continue  # normalisations and equivalences: not used by slant
        elif kind == "E":
            reason = "events (E lines) are not used by slant; annotate spans and relations"
            raise _Refused(path, reason, number)
        else:
            raise _Refused(path, f"malformed line: unknown annotation kind {kind!r}", number)
    for number, target, body in notes:
        if target not in spans:
            raise _Refused(path, f"the note refers to {target!r}, which is not a T line", number)
        spans[target].notes.append(body)
    for number, name, target, value in attributes:
        if target not in spans:
            raise _Refused(path, f"the attribute refers to {target!r}, which is not a T line", number)
        spans[target].attrs[name] = True if value is None else value
    link_relations(path, spans, relations)
    return spans


def link_relations(path: Path, spans: dict[str, _T], relations: list[tuple[int, str, str, str]]) -> None:
    """Attach Said_by / Cued_by relations ``(line, name, quote id, other id)`` to their quotes."""
    for number, name, arg1, arg2 in relations:
        wanted = {SAID_BY: SPEAKER, CUED_BY: CUE}.get(name)
        if wanted is None:
            raise _Refused(path, f"unknown relation {name!r}: use {SAID_BY} or {CUED_BY}", number)
        quote, other = spans.get(arg1), spans.get(arg2)
        if quote is None or other is None:
            raise _Refused(path, f"{name}: Arg1 and Arg2 must be T lines of this file", number)
        if not quote.type.startswith("quote-") or other.type != wanted:
            raise _Refused(path, f"{name} links a quote (Arg1) to a {wanted} span (Arg2)", number)
        if name in quote.links:
            raise _Refused(path, f"{arg1} has more than one {name} relation", number)
        quote.links[name] = (arg2, number)


def _apply_note(path: Path, t: _T, attrs: dict[str, Any], score: float | None) -> float | None:
    free: list[str] = []
    for body in t.notes:
        for part in body.split(";"):
            key, eq, value = (x.strip() for x in part.partition("="))
            if eq and key == "score":
                if score is not None and value == f"{score:.4g}":
                    continue  # the score as exported, rounded for reading: keep it exact
                try:
                    score = None if value == "" else float(value)
                except ValueError:
                    score = -1.0
                if score is not None and not 0.0 <= score <= 1.0:
                    raise _Refused(path, f"score {value[:20]!r} is not a number from 0 to 1", t.line)
            elif eq and key in NOTE_KEYS:
                if value:
                    attrs[key] = value
                else:
                    attrs.pop(key, None)
            elif part.strip():
                free.append(part.strip())
    if free:
        attrs["note"] = "; ".join(free)
    return score


def build_spans(
    path: Path, text: str, doc: Document, layers: Sequence[str], annotator: str | None, parsed: dict[str, _T]
) -> list[Span]:
    """Human spans from parsed regions; refuses types of layers not in ``layers`` or unknown labels."""
    stored = {(s.layer, s.label, s.start, s.end): s for s in effective(doc).spans}
    result: dict[tuple[str, str | None, int, int], Span] = {}
    for t in parsed.values():
        if t.type in (SPEAKER, CUE):
            continue
        try:
            layer, label = parse_type(t.type)
        except (ValueError, UnicodeDecodeError) as exc:
            raise _Refused(path, f"unknown type: {exc}", t.line) from None
        if layer not in layers:
            raise _Refused(
                path,
                f"layer {layer!r} was not exported for this document (exported: {', '.join(layers)}); "
                f"export it with --layer {layer} to correct it",
                t.line,
            )
        allowed = KNOWN_LABELS.get(layer)
        if allowed and label not in allowed:
            raise _Refused(path, f"{label!r} is not a label of the {layer} layer", t.line)
        start, end = t.pieces[0][0], t.pieces[-1][1]
        base = stored.get((layer, label, start, end))
        attrs = {k: v for k, v in (base.attrs if base else {}).items() if k not in HUMAN_KEYS}
        score = base.score if base else None
        gaps = [text[a[1] : b[0]] for a, b in itertools.pairwise(t.pieces)]
        if any(gap.strip() for gap in gaps):
            attrs["parts"] = [list(p) for p in t.pieces]
        elif base is None:
            attrs.pop("parts", None)
        if layer == "technique" and label in _CATEGORY:
            attrs["category"] = _CATEGORY[label]
        if layer == "quote":
            attrs["kind"] = label
            for relation, prefix in ((SAID_BY, "source"), (CUED_BY, "cue")):
                link = t.links.get(relation)
                pieces = parsed[link[0]].pieces if link else None
                attrs[f"{prefix}_start"] = pieces[0][0] if pieces else None
                attrs[f"{prefix}_end"] = pieces[-1][1] if pieces else None
            if not t.links.get(SAID_BY):
                attrs["speaker"] = attrs["speaker_name"] = None
        score = _apply_note(path, t, attrs, score)
        attrs.update(t.attrs)
        if base is not None and base.model != HUMAN_MODEL:
            attrs["confirmed"] = base.model
        attrs["source"] = "human"
        if annotator:
            attrs["annotator"] = annotator
        result[(layer, label, start, end)] = Span(layer, start, end, label, score, attrs, HUMAN_MODEL)
    return sorted(result.values(), key=lambda s: (s.start, s.end, s.layer, s.label or ""))


def import_brat(folder: Path, store: Store, annotator: str | None = None) -> ImportReport:
    """Store the corrections in a brat folder written by :func:`export_brat` as human spans.

    Each document is imported whole or refused whole (with the file and line why): when its
    .txt no longer equals the stored text, when offsets fall outside the text or do not cover
    the text the line shows, or when a line is malformed. An import replaces that document's
    earlier human spans of the exported layers and marks the layers reviewed.

    Raises:
        BratError: not a slant brat folder, or an invalid annotator name.
    """
    if annotator is not None and not _ANNOTATOR.fullmatch(annotator):
        raise BratError("the annotator name must be 1 to 100 characters without control characters")
    if not folder.is_dir():
        raise BratError(f"{folder} is not a folder")
    entries, refused = read_index(folder)
    report = ImportReport(refused=refused)
    for entry in entries:
        txt, ann = folder / f"{entry.stem}.txt", folder / f"{entry.stem}.ann"
        try:
            doc = store.get(entry.id)
            if doc is None:
                raise _Refused(folder / INDEX, f"no document with id {entry.id!r} in the store", entry.line)
            if doc.sha256 != entry.sha256:
                raise _Refused(
                    folder / INDEX,
                    f"document {entry.id!r} changed in the store since the export; export it again",
                    entry.line,
                )
            try:
                text = txt.read_bytes().decode("utf-8", "surrogatepass")
            except (OSError, UnicodeDecodeError) as exc:
                raise _Refused(txt, f"cannot read the text: {exc}") from None
            if text_sha256(text) != doc.sha256:
                raise _Refused(
                    txt,
                    f"the text differs from the stored text of {entry.id!r} (SHA-256); offsets would "
                    "point at other words. Correct only the .ann file, never the .txt",
                )
            if not ann.is_file():
                raise _Refused(ann, "the .ann file is missing")
            parsed = _parse_ann(ann, text, ann.read_bytes().decode("utf-8", "surrogatepass"))
            spans = build_spans(ann, text, doc, entry.layers, annotator, parsed)
            n = store.replace_human_spans(entry.id, entry.layers, spans, sha256=entry.sha256)
        except _Refused as exc:
            report.refused.append(
                Failure(
                    source=str(exc.path),
                    location=None if exc.line is None else str(exc.line),
                    reason=exc.reason,
                    document_id=entry.id,
                )
            )
            continue
        except (OSError, UnicodeDecodeError) as exc:
            report.refused.append(Failure(source=str(ann), reason=str(exc), document_id=entry.id))
            continue
        except SlantError as exc:
            report.refused.append(Failure(source=str(ann), reason=str(exc), document_id=entry.id))
            continue
        report.imported.append(Imported(entry.id, ann.name, n, entry.layers))
    return report
