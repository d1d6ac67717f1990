"""Label Studio round trip: tasks with predictions out, the analysts' annotations back in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from typer.testing import CliRunner

from slant.annotate.labelstudio import export_labelstudio, import_labelstudio
from slant.annotate.precedence import effective_spans
from slant.cli import EXIT_FAILURES, EXIT_OK, app
from slant.document import Document, Span
from slant.store import Store
from tests.test_annotate_brat import AR, _at, arabic, english

RUNNER = CliRunner()


def _as_annotated(tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What Label Studio exports once an analyst accepted the predictions as they were."""
    for number, task in enumerate(tasks, start=1):
        task["id"] = number
        task["annotations"] = [
            {"id": number, "result": task["predictions"][0]["result"], "was_cancelled": False}
        ]
    return tasks


def test_round_trip_through_label_studio_json(db_url: str, tmp_path: Path) -> None:
    with Store(db_url) as store:
        store.write(None, [english(), arabic()])
    out = tmp_path / "tasks.json"
    result = RUNNER.invoke(app, ["export", "--db", db_url, "--format", "labelstudio", "--out", str(out)])
    assert result.exit_code == EXIT_OK, result.stderr
    config = ElementTree.fromstring(out.with_suffix(".xml").read_text(encoding="utf-8"))
    assert {x.get("value") for x in config.iter("Label")} >= {"technique-Loaded_Language", "Speaker", "Cue"}
    tasks = _as_annotated(json.loads(out.read_text(encoding="utf-8")))
    by_id = {t["data"]["slant_id"]: t for t in tasks}
    ar_regions = [r for r in by_id["ar/1"]["annotations"][0]["result"] if r["type"] == "labels"]
    for region in ar_regions:
        value = region["value"]
        assert AR[value["start"] : value["end"]] == value["text"]
    # the analyst: drops Doubt, relabels the Arabic technique, adds an entity, removes the cue relation
    en = by_id["ledger-1"]["annotations"][0]
    en["result"] = [
        r
        for r in en["result"]
        if not (r["type"] == "labels" and r["value"]["labels"] == ["technique-Doubt"])
        and not (r["type"] == "relation" and r["labels"] == ["Cued_by"])
    ]
    s, e = _at(english().text, "council")
    en["result"].append(
        {
            "id": "new1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": s, "end": e, "text": "council", "labels": ["entity-ORG"]},
        }
    )
    loaded = next(r for r in ar_regions if r["value"]["labels"] == ["technique-Loaded_Language"])
    loaded["value"]["labels"] = ["technique-Exaggeration-Minimisation"]
    edited = tmp_path / "export.json"
    edited.write_text(json.dumps(tasks, ensure_ascii=False), encoding="utf-8")

    result = RUNNER.invoke(app, ["import", "labelstudio", str(edited), "--db", db_url, "--annotator", "lu"])
    assert result.exit_code == EXIT_OK, result.stderr
    assert "2 imported, 0 refused" in result.stderr
    with Store(db_url) as store:
        doc, ar = store.get("ledger-1"), store.get("ar/1")
    assert doc is not None and ar is not None
    shown = effective_spans(doc)
    assert [s.label for s in shown if s.layer == "technique"] == ["Name_Calling-Labeling"]
    assert "council" in {doc.span_text(s) for s in shown if s.layer == "entity"}
    quote = next(s for s in shown if s.layer == "quote")
    assert quote.attrs["cue_start"] is None and quote.attrs["source_start"] is not None
    assert quote.attrs["annotator"] == "lu" and quote.model == "human"
    ar_techniques = [(s.label, ar.span_text(s)) for s in effective_spans(ar) if s.layer == "technique"]
    assert ar_techniques == [("Exaggeration-Minimisation", "آمن 🙂")]

    # again: replaced, not duplicated
    assert RUNNER.invoke(app, ["import", "labelstudio", str(edited), "--db", db_url]).exit_code == EXIT_OK
    with Store(db_url) as store:
        again = store.get("ledger-1")
    assert again is not None and len(again.spans) == len(doc.spans)


def test_changed_text_and_bad_regions_are_refused(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    doc = Document("d1", "Plain words here.", {}, [Span("claim", 0, 5, "claim", 0.6, {}, "c@1")])
    other = Document("d2", "Other words here.", {}, [Span("claim", 0, 5, "claim", 0.6, {}, "c@1")])
    with Store(db) as store:
        store.write(None, [doc, other])
        out = tmp_path / "tasks.json"
        export_labelstudio(store.iter_documents(), out, ["claim"])
        tasks = _as_annotated(json.loads(out.read_text(encoding="utf-8")))
        tasks[0]["data"]["text"] = "Plain words there."
        tasks[1]["annotations"][0]["result"][0]["value"]["end"] = 99
        tasks.append({"data": {"text": "x"}, "annotations": []})
        edited = tmp_path / "export.json"
        edited.write_text(json.dumps(tasks), encoding="utf-8")
        report = import_labelstudio(edited, store)
        assert not report.imported
        reasons = {f.location: f.reason for f in report.refused}
        assert "differs from the stored text" in reasons["task 1"]
        assert "outside the text" in reasons["task 2 result 1"]
        assert "slant_id" in reasons["task 3"]
        assert not any(s.model == "human" for d in store.iter_documents() for s in d.spans)
    result = RUNNER.invoke(app, ["import", "labelstudio", str(edited), "--db", db])
    assert result.exit_code == EXIT_FAILURES and "refused" in result.stderr
