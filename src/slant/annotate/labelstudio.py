"""Label Studio: export tasks with slant's spans as predictions, import the analysts' annotations.

The export is one JSON file, a list of tasks (``data.text`` plus the document's id, text hash
and exported layers) whose ``predictions`` hold the spans as ``labels`` regions and quote
speakers and cues as relations, and a labelling config (XML) to paste into the project. The
import reads Label Studio's JSON export of that project. Types, notes and relations follow the
brat mapping (docs/ANNOTATION.md): ``LAYER-LABEL`` regions, ``Speaker``/``Cue`` regions,
``Said_by``/``Cued_by`` relations, ``score=...; canonical=...`` in a region's ``meta.text``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from slant.annotate.brat import (
    _T,
    COLOURS,
    CUE,
    CUED_BY,
    DEFAULT_LAYERS,
    KNOWN_LABELS,
    SAID_BY,
    SPEAKER,
    BratError,
    Imported,
    ImportReport,
    _note,
    _Refused,
    build_spans,
    link_relations,
    parse_type,
    quote_parts,
    type_name,
)
from slant.annotate.precedence import effective
from slant.document import Document, text_sha256
from slant.errors import Failure, SlantError
from slant.store.database import Store

_LAYER = re.compile(r"[a-z][a-z0-9_]{0,31}")
_SHA = re.compile(r"[0-9a-f]{64}")
_ANNOTATOR = re.compile(r"[^\x00-\x1f\x7f-\x9f]{1,100}")
MAX_FILE_BYTES = 2**30


@dataclass
class LabelStudioExport:
    """What :func:`export_labelstudio` wrote."""

    documents: int = 0
    spans: int = 0


def _task(doc: Document, layers: Sequence[str]) -> tuple[dict[str, Any], int]:
    results: list[dict[str, Any]] = []
    aux: dict[tuple[str, int, int], str] = {}
    size, n = len(doc.text), 0

    def region(rid: str, kind: str, start: int, end: int) -> dict[str, Any]:
        return {
            "id": rid,
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": end, "text": doc.text[start:end], "labels": [kind]},
        }

    for span in effective(doc).spans:
        if span.layer not in layers or not 0 <= span.start < span.end <= size:
            continue
        n += 1
        rid = f"s{n}"
        item = region(rid, type_name(span.layer, span.label), span.start, span.end)
        if span.score is not None:
            item["score"] = span.score
        note = _note(span)
        if note:
            item["meta"] = {"text": [note]}
        results.append(item)
        for kind, relation, start, end in quote_parts(span, size):
            key = (kind, start, end)
            if key not in aux:
                aux[key] = f"a{len(aux) + 1}"
                results.append(region(aux[key], kind, start, end))
            results.append(
                {
                    "type": "relation",
                    "from_id": rid,
                    "to_id": aux[key],
                    "direction": "right",
                    "labels": [relation],
                }
            )
    task = {
        "data": {
            "text": doc.text,
            "slant_id": doc.id,
            "slant_sha256": doc.sha256,
            "slant_layers": list(layers),
        },
        "predictions": [{"model_version": "slant", "result": results}],
    }
    return task, n


def _colour(name: str) -> str:
    return COLOURS.get(parse_type(name)[0], "#dddddd")


def labeling_config(layers: Sequence[str], extra_types: Iterable[str] = ()) -> str:
    """The Label Studio labelling config (XML) for the exported layers."""
    types = {type_name(layer, label) for layer in layers for label in KNOWN_LABELS.get(layer, ())}
    types.update(extra_types)
    labels = "".join(
        f"    <Label value={quoteattr(t)} background={quoteattr(_colour(t))}/>\n" for t in sorted(types)
    )
    return (
        "<View>\n"
        f'  <Relations>\n    <Relation value="{SAID_BY}"/>\n'
        f'    <Relation value="{CUED_BY}"/>\n  </Relations>\n'
        '  <Labels name="label" toName="text">\n'
        + labels
        + f'    <Label value="{SPEAKER}" background="#7a3db8"/>\n'
        + f'    <Label value="{CUE}" background="#555555"/>\n'
        "  </Labels>\n"
        '  <Text name="text" value="$text" granularity="symbol"/>\n'
        "</View>\n"
    )


def export_labelstudio(
    docs: Iterable[Document], out: Path, layers: Sequence[str] | None = None
) -> LabelStudioExport:
    """Write Label Studio tasks (JSON) to ``out`` and the labelling config next to it (``.xml``).

    Raises:
        BratError: an invalid layer name, or ``out`` exists already.
    """
    chosen = tuple(dict.fromkeys(layers or DEFAULT_LAYERS))
    if not all(_LAYER.fullmatch(name) for name in chosen):
        raise BratError(f"invalid layer names {', '.join(map(repr, chosen))}")
    config = out.with_suffix(".xml")
    result, tasks, seen = LabelStudioExport(), [], set[str]()
    for doc in docs:
        task, n = _task(doc, chosen)
        tasks.append(task)
        seen.update(
            r["value"]["labels"][0] for r in task["predictions"][0]["result"] if r["type"] == "labels"
        )
        result.documents += 1
        result.spans += n
    seen -= {SPEAKER, CUE}
    with out.open("x", encoding="utf-8") as handle:
        json.dump(tasks, handle, ensure_ascii=False, indent=1)
    with config.open("x", encoding="utf-8") as handle:
        handle.write(labeling_config(chosen, seen))
    return result


def _annotation(task: dict[str, Any]) -> dict[str, Any] | None:
    done = [
        a
        for a in task.get("annotations") or []
        if isinstance(a, dict) and not a.get("was_cancelled") and isinstance(a.get("result"), list)
    ]
    return done[-1] if done else None


def _regions(path: Path, text: str, result: list[Any]) -> dict[str, _T]:
    spans: dict[str, _T] = {}
    relations: list[tuple[int, str, str, str]] = []
    for number, item in enumerate(result, start=1):
        if not isinstance(item, dict):
            raise _Refused(path, "not an object", number)
        if item.get("type") == "relation":
            names = item.get("labels") or []
            if len(names) != 1 or not all(
                isinstance(x, str) for x in (names[0], item.get("from_id"), item.get("to_id"))
            ):
                raise _Refused(path, "a relation needs one label, from_id and to_id", number)
            relations.append((number, names[0], str(item["from_id"]), str(item["to_id"])))
            continue
        if item.get("type") != "labels":
            raise _Refused(path, f"type {str(item.get('type'))[:30]!r} is not used by slant", number)
        value, rid = item.get("value"), item.get("id")
        if not isinstance(value, dict) or not isinstance(rid, str):
            raise _Refused(path, "a region needs an id and a value", number)
        start, end, labels = value.get("start"), value.get("end"), value.get("labels")
        if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
            raise _Refused(path, "start and end must be integers", number)
        if not 0 <= start < end <= len(text):
            raise _Refused(path, f"offsets {start} {end} are outside the text", number)
        if not isinstance(labels, list) or len(labels) != 1 or not isinstance(labels[0], str):
            raise _Refused(path, "a region needs exactly one label", number)
        shown = value.get("text")
        if shown is not None and shown != text[start:end]:
            raise _Refused(
                path,
                f"offsets {start} {end} cover {text[start:end][:60]!r}, "
                f"but the region says {str(shown)[:60]!r}",
                number,
            )
        if rid in spans:
            raise _Refused(path, f"region id {rid[:40]!r} is used twice", number)
        meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
        notes = [x for x in (meta or {}).get("text") or [] if isinstance(x, str)]
        spans[rid] = _T(labels[0], [(start, end)], number, notes=notes)
    link_relations(path, spans, relations)
    return spans


def import_labelstudio(path: Path, store: Store, annotator: str | None = None) -> ImportReport:
    """Store the annotations in a Label Studio JSON export of tasks made by :func:`export_labelstudio`.

    Each task's latest annotation that was not cancelled replaces that document's human spans of
    the exported layers; tasks without one are skipped. A task is refused whole (its number and
    why) on the same grounds as a brat document.

    Raises:
        BratError: the file cannot be read as a JSON list, or an invalid annotator name.
    """
    if annotator is not None and not _ANNOTATOR.fullmatch(annotator):
        raise BratError("the annotator name must be 1 to 100 characters without control characters")
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BratError(f"{path} is larger than 1 GiB")
        tasks = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BratError(f"cannot read {path} as a Label Studio JSON export: {exc}") from None
    if not isinstance(tasks, list):
        raise BratError(f"{path} is not a Label Studio JSON export (a list of tasks)")
    report = ImportReport()
    for number, task in enumerate(tasks, start=1):
        where = f"task {number}"
        data = task.get("data") if isinstance(task, dict) else None
        doc_id = data.get("slant_id") if isinstance(data, dict) else None
        try:
            if not isinstance(data, dict) or not isinstance(doc_id, str):
                raise _Refused(path, "no data.slant_id; was it exported by slant?")
            sha, layers = data.get("slant_sha256"), data.get("slant_layers")
            if not isinstance(sha, str) or not _SHA.fullmatch(sha):
                raise _Refused(path, "data.slant_sha256 is not 64 hex digits")
            if (
                not isinstance(layers, list)
                or not layers
                or not all(isinstance(x, str) and _LAYER.fullmatch(x) for x in layers)
            ):
                raise _Refused(path, "data.slant_layers is not a list of layer names")
            annotation = _annotation(task)
            if annotation is None:
                continue
            doc = store.get(doc_id)
            if doc is None:
                raise _Refused(path, f"no document with id {doc_id!r} in the store")
            text = data.get("text")
            if not isinstance(text, str) or text_sha256(text) != doc.sha256 or sha != doc.sha256:
                raise _Refused(
                    path, f"the text differs from the stored text of {doc_id!r} (SHA-256); export it again"
                )
            parsed = _regions(path, text, annotation["result"])
            spans = build_spans(path, text, doc, layers, annotator, parsed)
            n = store.replace_human_spans(doc_id, layers, spans, sha256=sha)
        except _Refused as exc:
            location = where if exc.line is None else f"{where} result {exc.line}"
            known_id = doc_id if isinstance(doc_id, str) else None
            report.refused.append(
                Failure(source=str(exc.path), location=location, reason=exc.reason, document_id=known_id)
            )
            continue
        except SlantError as exc:
            report.refused.append(
                Failure(source=str(path), location=where, reason=str(exc), document_id=doc_id)
            )
            continue
        report.imported.append(Imported(doc_id, where, n, list(layers)))
    return report
