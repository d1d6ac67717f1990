"""brat round trip: export spans, correct them as an analyst would, import them as human spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.annotate.brat import (
    INDEX,
    BratError,
    export_brat,
    file_stem,
    import_brat,
    parse_type,
    type_name,
)
from slant.annotate.precedence import HUMAN_LAYERS_KEY, effective_spans
from slant.cli import EXIT_FAILURES, EXIT_FATAL, EXIT_OK, app
from slant.document import Document, Span
from slant.store import Store

RUNNER = CliRunner()

EN = (
    'Bridge row\n\nMayor Anna Berg said: "The council are corrupt cowards." '
    "The bridge cost 40 million euros. Reuters reported the vote."
)
AR = "قال الوزير إن الجسر آمن 🙂. وزارة النقل تنفي ذلك."


def _at(text: str, words: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def english() -> Document:
    q = _at(EN, "The council are corrupt cowards.")
    speaker = _at(EN, "Mayor Anna Berg")
    cue = _at(EN, "said")
    spans = [
        Span("paragraph", 0, 10, model="slant.paragraphs@1"),
        Span("sentence", 12, len(EN), model="test@1"),
        Span(
            "technique",
            *_at(EN, "corrupt cowards"),
            "Name_Calling-Labeling",
            0.81,
            {"category": "attack_on_reputation", "explanation": "machine says so"},
            "techniques@1",
        ),
        Span(
            "technique", *_at(EN, "Bridge row"), "Doubt", 0.55, {"category": "justification"}, "techniques@1"
        ),
        Span("entity", *speaker, "PER", 0.9, {"canonical": "per:anna-berg"}, "entities@1"),
        Span("entity", *_at(EN, "Reuters"), "ORG", None, {"canonical": "reuters"}, "entities@1"),
        Span(
            "quote",
            *q,
            "direct",
            0.77,
            {
                "kind": "direct",
                "source_start": speaker[0],
                "source_end": speaker[1],
                "cue_start": cue[0],
                "cue_end": cue[1],
                "speaker": "per:anna-berg",
                "speaker_name": "Anna Berg",
            },
            "quotes@1",
        ),
        Span("claim", *_at(EN, "The bridge cost 40 million euros."), "claim", 0.7, {}, "claims@1"),
    ]
    return Document("ledger-1", EN, {"title": "<script>alert(1)</script>", "language": "en"}, spans)


def arabic() -> Document:
    spans = [
        Span("entity", *_at(AR, "وزارة النقل"), "ORG", None, {"canonical": "org:mot"}, "entities@1"),
        Span("technique", *_at(AR, "آمن 🙂"), "Loaded_Language", 0.6, {}, "techniques@1"),
    ]
    return Document("ar/1", AR, {"language": "ar"}, spans)


@pytest.fixture
def db(db_url: str) -> str:
    with Store(db_url) as store:
        result = store.write(None, [english(), arabic()])
        assert not result.failures
    return db_url


def invoke(*args: str) -> tuple[int, str, str]:
    result = RUNNER.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _ann(folder: Path, doc_id: str) -> Path:
    return folder / f"{file_stem(doc_id)}.ann"


def _t_lines(path: Path) -> dict[str, tuple[str, str, str]]:
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, middle, text = line.split("\t")
            kind, offsets = middle.split(" ", 1)
            found[tid] = (kind, offsets, text)
    return found


def _tid(path: Path, kind: str) -> str:
    return next(tid for tid, (k, _o, _t) in _t_lines(path).items() if k == kind)


def _drop(path: Path, tid: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines if x.split("\t")[0] != tid and f" {tid}\t" not in x and f":{tid}" not in x]
    path.write_text("".join(x + "\n" for x in kept), encoding="utf-8")


def test_type_names_round_trip() -> None:
    for layer, label in [("technique", "Appeal_to_Fear-Prejudice"), ("sentence", None), ("x", "a b;%é")]:
        name = type_name(layer, label)
        assert " " not in name and ";" not in name
        assert parse_type(name) == (layer, label)


def test_export_writes_exact_text_and_code_point_offsets(db: str, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    code, _, err = invoke("export", "--db", db, "--format", "brat", "--out", str(out))
    assert code == EXIT_OK, err
    assert "2 documents" in err
    for doc in (english(), arabic()):
        txt = out / f"{file_stem(doc.id)}.txt"
        assert txt.read_bytes() == doc.text.encode("utf-8")
        text = txt.read_bytes().decode("utf-8")
        for kind, offsets, shown in _t_lines(_ann(out, doc.id)).values():
            start, end = (int(x) for x in offsets.split(" "))
            assert text[start:end] == shown, kind
    arabic_lines = _t_lines(_ann(out, "ar/1"))
    start, end = _at(AR, "آمن 🙂")
    assert end - start == 5  # code points: the emoji counts one, as in Python and brat
    assert ("technique-Loaded_Language", f"{start} {end}", "آمن 🙂") in arabic_lines.values()
    ann = _ann(out, "ledger-1").read_text(encoding="utf-8")
    assert "Speaker" in ann and "Said_by Arg1:" in ann and "Cued_by Arg1:" in ann
    assert "score=0.81" in ann and "canonical=per:anna-berg" in ann
    assert "sentence" not in ann  # only the analysis layers by default
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    assert "technique-Loaded_Language" in conf and "Said_by\tArg1:quote-" in conf
    assert "[drawing]" in (out / "visual.conf").read_text(encoding="utf-8")
    index = (out / INDEX).read_text(encoding="utf-8").splitlines()
    assert index[0] == "stem\tid\tsha256\tlayers" and len(index) == 3


def test_export_refuses_a_folder_in_use_and_needs_out(db: str, tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "x.txt").write_text("mine", encoding="utf-8")
    code, _, err = invoke("export", "--db", db, "--format", "brat", "--out", str(tmp_path / "busy"))
    assert code == EXIT_FATAL and "not an empty folder" in err
    assert (tmp_path / "busy" / "x.txt").read_text(encoding="utf-8") == "mine"
    code, _, err = invoke("export", "--db", db, "--format", "brat")
    assert code != EXIT_OK and "--out FOLDER" in err


def test_analyst_corrections_become_human_spans_that_take_precedence(db: str, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert invoke("export", "--db", db, "--format", "brat", "--out", str(out))[0] == EXIT_OK
    ann = _ann(out, "ledger-1")
    # 1. delete the Doubt span (a false positive)
    _drop(ann, _tid(ann, "technique-Doubt"))
    # 2. fix a label: Name_Calling becomes Loaded_Language
    text = ann.read_text(encoding="utf-8").replace(
        "technique-Name_Calling-Labeling", "technique-Loaded_Language"
    )
    # 3. move an offset: the claim loses its final full stop
    claim_tid = _tid(ann, "claim-claim")
    start, end = _at(EN, "The bridge cost 40 million euros.")
    text = text.replace(
        f"{claim_tid}\tclaim-claim {start} {end}\tThe bridge cost 40 million euros.",
        f"{claim_tid}\tclaim-claim {start} {end - 1}\tThe bridge cost 40 million euros",
    )
    # 4. add a span, with a note carrying its canonical id
    s, e = _at(EN, "council")
    text += f"T99\tentity-ORG {s} {e}\tcouncil\n#99\tAnnotatorNotes T99\tcanonical=org:council; check this\n"
    ann.write_text(text, encoding="utf-8")

    code, out_text, err = invoke("import", "brat", str(out), "--db", db, "--annotator", "Ana")
    assert code == EXIT_OK, err
    assert "2 imported, 0 refused" in err and "ledger-1" in out_text

    with Store(db) as store:
        doc = store.get("ledger-1")
    assert doc is not None
    assert doc.meta[HUMAN_LAYERS_KEY] == ["claim", "date", "entity", "quote", "source", "technique"]
    shown = effective_spans(doc)
    human = [s for s in shown if s.layer in {"technique", "entity", "claim", "quote"}]
    assert all(s.model == "human" and s.attrs["source"] == "human" for s in human)
    assert all(s.attrs["annotator"] == "Ana" for s in human)
    techniques = [(s.label, doc.span_text(s)) for s in shown if s.layer == "technique"]
    assert techniques == [("Loaded_Language", "corrupt cowards")]
    loaded = next(s for s in shown if s.layer == "technique")
    assert loaded.attrs["category"] == "manipulative_wording"
    claim = next(s for s in shown if s.layer == "claim")
    assert doc.span_text(claim) == "The bridge cost 40 million euros"
    council = next(s for s in shown if s.layer == "entity" and doc.span_text(s) == "council")
    assert council.attrs["canonical"] == "org:council" and council.attrs["note"] == "check this"
    quote = next(s for s in shown if s.layer == "quote")
    assert quote.attrs["confirmed"] == "quotes@1" and quote.score == 0.77
    assert doc.text[quote.attrs["source_start"] : quote.attrs["source_end"]] == "Mayor Anna Berg"
    assert doc.text[quote.attrs["cue_start"] : quote.attrs["cue_end"]] == "said"
    assert quote.attrs["speaker"] == "per:anna-berg"
    # the machine spans stay stored, hidden; structure layers nobody reviewed stay visible
    assert any(s.label == "Doubt" for s in doc.spans)
    assert any(s.layer == "sentence" for s in shown)

    code, out_text, _ = invoke("show", "ledger-1", "--db", db)
    assert code == EXIT_OK
    assert "Loaded_Language" in out_text and "Doubt" not in out_text and "Name_Calling" not in out_text
    assert "reviewed" in out_text
    code, out_text, _ = invoke("show", "ledger-1", "--db", db, "--json")
    assert "Doubt" not in out_text

    code, out_text, _ = invoke("export", "--db", db, "--id", "ledger-1", "--layer", "technique")
    assert code == EXIT_OK
    labels = [s["label"] for s in json.loads(out_text)["spans"]]
    assert labels == ["Loaded_Language"]
    code, out_text, _ = invoke(
        "export", "--db", db, "--id", "ledger-1", "--layer", "technique", "--all-spans"
    )
    labels = sorted(s["label"] for s in json.loads(out_text)["spans"])
    assert labels == ["Doubt", "Loaded_Language", "Name_Calling-Labeling"]
    code, out_text, _ = invoke("export", "--db", db, "--format", "csv", "--layer", "technique")
    assert "Doubt" not in out_text and "Loaded_Language" in out_text

    # Re-import replaces the human spans, never duplicates them.
    assert invoke("import", "brat", str(out), "--db", db)[0] == EXIT_OK
    with Store(db) as store:
        again = store.get("ledger-1")
    assert again is not None
    assert len(again.spans) == len(doc.spans)
    assert all("annotator" not in s.attrs for s in again.spans if s.model == "human")

    # A second round starts from the corrections.
    second = tmp_path / "round2"
    assert invoke("export", "--db", db, "--format", "brat", "--out", str(second))[0] == EXIT_OK
    kinds = [k for k, _o, _t in _t_lines(_ann(second, "ledger-1")).values()]
    assert "technique-Doubt" not in kinds and "technique-Loaded_Language" in kinds


def test_deleting_a_speaker_relation_and_emptying_a_layer(db: str, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    with Store(db) as store:
        export_brat(store.iter_documents(ids=["ledger-1"]), out, ["quote", "claim"])
        ann = _ann(out, "ledger-1")
        _drop(ann, _tid(ann, "claim-claim"))
        lines = [x for x in ann.read_text(encoding="utf-8").splitlines() if not x.startswith("R")]
        lines = [x.replace("speaker=per:anna-berg", "speaker=") for x in lines]
        ann.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = import_brat(out, store)
        assert not report.refused and report.imported[0].layers == ["quote", "claim"]
        doc = store.get("ledger-1")
    assert doc is not None
    shown = effective_spans(doc)
    assert not [s for s in shown if s.layer == "claim"]
    quote = next(s for s in shown if s.layer == "quote")
    assert quote.attrs["source_start"] is None and quote.attrs["cue_start"] is None
    assert quote.attrs.get("speaker") is None
    assert [s.layer for s in shown if s.layer == "technique"] == ["technique", "technique"]  # not reviewed


def test_arabic_and_emoji_offsets_survive_the_round_trip(db: str, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    with Store(db) as store:
        export_brat(store.iter_documents(ids=["ar/1"]), out, ["entity"])
        ann = _ann(out, "ar/1")
        s, e = _at(AR, "🙂")
        with ann.open("a", encoding="utf-8") as handle:
            handle.write(f"T5\tentity-MISC {s} {e}\t🙂\n")
        report = import_brat(out, store)
        assert not report.refused
        doc = store.get("ar/1")
    assert doc is not None
    entities = {doc.span_text(s): s.label for s in effective_spans(doc) if s.layer == "entity"}
    assert entities == {"وزارة النقل": "ORG", "🙂": "MISC"}


@pytest.mark.parametrize(
    "doc_id",
    ["../../etc/passwd", "con", "CON.txt", "x" * 5000, "a\x00b", "/abs/path", "..", "\\\\srv\\share"],
)
def test_untrusted_ids_stay_inside_the_folder(tmp_path: Path, doc_id: str) -> None:
    with Store(str(tmp_path / "s.db")) as store:
        store.write(None, [Document(doc_id, "Some text here.", {}, [Span("claim", 0, 4, "claim", 0.6)])])
        out = tmp_path / "deep" / "brat"
        export_brat(store.iter_documents(), out, ["claim"])
        names = sorted(p.name for p in out.iterdir())
        assert all(p.parent == out for p in out.iterdir())
        stem = file_stem(doc_id)
        assert names == sorted(["annotation.conf", "visual.conf", INDEX, f"{stem}.txt", f"{stem}.ann"])
        assert stem.lower() not in {"con", "nul", "prn", "aux"} and len(stem) <= 60
        assert set(stem) <= set("abcdefghijklmnopqrstuvwxyz0123456789-")
        assert not (tmp_path / "etc").exists() and not Path("/abs/path").exists()
        report = import_brat(out, store)
        assert not report.refused and report.imported[0].id == doc_id


def test_an_index_pointing_outside_the_folder_is_refused(db: str, tmp_path: Path) -> None:
    out = tmp_path / "brat"
    with Store(db) as store:
        export_brat(store.iter_documents(ids=["ar/1"]), out, ["entity"])
        index = out / INDEX
        rows = index.read_text(encoding="utf-8").splitlines()
        _stem, rest = rows[1].split("\t", 1)
        index.write_text(f"{rows[0]}\n../../evil\t{rest}\n", encoding="utf-8")
        report = import_brat(out, store)
    assert not report.imported
    assert "unsafe file stem" in report.refused[0].reason and report.refused[0].location == "2"


def _edit(out: Path, doc_id: str, old: str, new: str) -> None:
    ann = _ann(out, doc_id)
    text = ann.read_text(encoding="utf-8")
    assert old in text
    ann.write_text(text.replace(old, new, 1), encoding="utf-8")


def _exported(db: str, tmp_path: Path) -> Path:
    out = tmp_path / "brat"
    with Store(db) as store:
        export_brat(store.iter_documents(), out, ["entity", "technique"])
    return out


def test_a_changed_text_is_refused(db: str, tmp_path: Path) -> None:
    out = _exported(db, tmp_path)
    txt = out / f"{file_stem('ledger-1')}.txt"
    txt.write_text(EN.replace("\n", "\r\n"), encoding="utf-8", newline="")
    code, out_text, err = invoke("import", "brat", str(out), "--db", db)
    assert code == EXIT_FAILURES
    assert (
        "refused" in err and f"{file_stem('ledger-1')}.txt" in err and "differs from the stored text" in err
    )
    assert "ar/1" in out_text  # the other document went in
    with Store(db) as store:
        doc = store.get("ledger-1")
    assert doc is not None and not any(s.model == "human" for s in doc.spans)
    assert HUMAN_LAYERS_KEY not in doc.meta


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        ("\tReuters\n", "\tReuter\n", "but the line says"),
        ("entity-ORG", "entity-ORGANISATION", "is not a label of the entity layer"),
        ("entity-ORG", "date-day", "was not exported for this document"),
        ("\tAnnotatorNotes", "\tAnnotatorNotes T999", "malformed note line"),
        ("canonical=reuters", "score=7", "is not a number from 0 to 1"),
        ("\n", "\nE1\tEvent:T1\n", "events (E lines)"),
        ("\n", "\nQ1\tnonsense\n", "unknown annotation kind"),
        ("\n", "\nT50\tentity-ORG 3 9999\tx\n", "outside the text"),
        ("\n", "\nT50 entity-ORG 3 9\n", "malformed T line"),
        ("\n", "\nA1\tsource_start T1 5\n", "is set by slant"),
        ("\n", "\nA1\tUncertain T77\n", "not a T line"),
    ],
)
def test_bad_ann_lines_are_refused_naming_file_and_line(
    tmp_path: Path, old: str, new: str, reason: str
) -> None:
    db = str(tmp_path / "s.db")
    with Store(db) as store:
        store.write(None, [english()])
    out = _exported(db, tmp_path)
    _edit(out, "ledger-1", old, new)
    with Store(db) as store:
        report = import_brat(out, store)
        doc = store.get("ledger-1")
    assert not report.imported and len(report.refused) == 1
    failure = report.refused[0]
    assert reason in failure.reason
    assert failure.source.endswith(f"{file_stem('ledger-1')}.ann") and failure.location
    assert doc is not None and not any(s.model == "human" for s in doc.spans)


def test_missing_index_is_fatal(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    (tmp_path / "empty").mkdir()
    code, _, err = invoke("import", "brat", str(tmp_path / "empty"), "--db", db)
    assert code == EXIT_FATAL and "index.tsv" in err
    with Store(db) as store, pytest.raises(BratError):
        import_brat(tmp_path / "empty", store, annotator="bad\nname")


def test_effective_spans_without_review_keeps_everything() -> None:
    doc = english()
    assert len(effective_spans(doc)) == len(doc.spans)
    doc.meta[HUMAN_LAYERS_KEY] = ["technique"]
    doc.spans.append(Span("technique", 0, 6, "Doubt", None, {"source": "human"}, "human"))
    shown = effective_spans(doc)
    assert [s.model for s in shown if s.layer == "technique"] == ["human"]
    assert len([s for s in shown if s.layer == "entity"]) == 2


def test_spans_across_line_breaks_become_fragments_and_come_back_whole(tmp_path: Path) -> None:
    text = 'He said:\r\n\r\n"First part.\nSecond part." And more.'
    start, end = _at(text, '"First part.\nSecond part."')
    doc = Document("multi", text, {}, [Span("quote", start, end, "direct", 0.5, {"pattern": "block"}, "q@1")])
    with Store(str(tmp_path / "s.db")) as store:
        store.write(None, [doc])
        out = tmp_path / "brat"
        export_brat(store.iter_documents(), out, ["quote"])
        lines = _t_lines(_ann(out, "multi"))
        assert list(lines.values()) == [
            ("quote-direct", f"{start} {start + 12};{start + 13} {end}", '"First part. Second part."')
        ]
        report = import_brat(out, store)
        assert not report.refused
        stored = store.get("multi")
    assert stored is not None
    (quote,) = effective_spans(stored)
    assert (quote.start, quote.end, quote.model) == (start, end, "human")
    assert quote.attrs["pattern"] == "block" and "parts" not in quote.attrs


def test_attribute_lines_become_attrs(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    with Store(db) as store:
        store.write(None, [english()])
    out = _exported(db, tmp_path)
    ann = _ann(out, "ledger-1")
    tid = _tid(ann, "entity-ORG")
    with ann.open("a", encoding="utf-8") as handle:
        handle.write(f"A1\tUncertain {tid}\nA2\tRole {tid} target\n")
    with Store(db) as store:
        assert not import_brat(out, store, annotator="Ana").refused
        doc = store.get("ledger-1")
    assert doc is not None
    reuters = next(s for s in effective_spans(doc) if s.label == "ORG")
    assert reuters.attrs["Uncertain"] is True and reuters.attrs["Role"] == "target"
    assert reuters.attrs["canonical"] == "reuters" and reuters.attrs["confirmed"] == "entities@1"
