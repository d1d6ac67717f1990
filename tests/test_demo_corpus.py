"""The README's demo: the bundled corpus through the default pipeline shows every analysis layer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.analyze.pipeline import DEFAULT_PIPELINE
from slant.analyze.registry import get
from slant.cli import app
from tests.demo import DEMO, analyze_args

RUNNER = CliRunner()


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[dict]]:
    folder = tmp_path_factory.mktemp("demo")
    db, out = str(folder / "demo.db"), folder / "demo.jsonl"
    result = RUNNER.invoke(app, analyze_args(db, "--out", str(out), "-q"))
    assert result.exit_code == 0, result.output
    return db, [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


@pytest.mark.slow
def test_every_layer_of_the_default_pipeline_appears_within_the_text(
    analysed: tuple[str, list[dict]],
) -> None:
    _, docs = analysed
    assert len(docs) == 16
    layers = {layer for name in DEFAULT_PIPELINE for layer in get(name).layers}
    found = {span["layer"] for doc in docs for span in doc["spans"]}
    assert layers <= found, layers - found
    for doc in docs:
        size = len(doc["text"])
        for span in doc["spans"]:
            assert 0 <= span["start"] < span["end"] <= size, (doc["id"], span)
            for key in ("source_start", "source_end", "cue_start", "cue_end"):
                value = span["attrs"].get(key)
                assert value is None or 0 <= value <= size, (doc["id"], span)


@pytest.mark.slow
def test_the_demo_tables_join_actors_speakers_and_outlets_across_layers(
    analysed: tuple[str, list[dict]],
) -> None:
    db, docs = analysed
    by_id = {doc["id"]: doc for doc in docs}
    raid = by_id["voice-en-2026-10-14-night-raid"]

    def text(span: dict) -> str:
        return raid["text"][span["start"] : span["end"]]

    speakers = {
        text(s): s["attrs"]["speaker"]
        for s in raid["spans"]
        if s["layer"] == "quote" and "order has been restored" in text(s)
    }
    assert list(speakers.values()) == ["mirela-dostan"]  # from demo/aliases.toml, through the entity layer
    cited = [s["attrs"]["outlet"] for s in raid["spans"] if s["layer"] == "source"]
    assert "harbour-voice" in cited  # from demo/outlets.toml
    named = {s["attrs"]["canonical"] for d in docs for s in d["spans"] if s["layer"] == "entity"}
    assert {"estravia", "kaldmora", "mirela-dostan", "harbour-voice"} <= named
    stats = RUNNER.invoke(app, ["stats", "--db", db, "--json"])
    counts = json.loads(stats.stdout)
    assert dict(map(tuple, counts["actors"]))["estravia"] >= 3
    shown = RUNNER.invoke(app, ["show", "voice-en-2026-10-14-night-raid", "--db", db])
    assert shown.exit_code == 0
    for layer in ("quote", "claim", "entity", "source", "date", "technique"):
        assert f"\n {layer} " in shown.stdout or f"\n{layer} " in shown.stdout, layer


@pytest.mark.slow
def test_dates_resolve_against_the_publication_date_or_say_there_is_none(
    analysed: tuple[str, list[dict]], tmp_path: Path
) -> None:
    _, docs = analysed
    dated = [d for d in docs if d["meta"].get("published")]
    # A plain-text article read without demo/metadata.csv has no publication date.
    out = tmp_path / "undated.jsonl"
    plain = str(DEMO / "articles" / "voice-en-2026-10-14-night-raid.txt")
    options = ["--config", str(DEMO / "slant.toml"), "--tier", "fast", "-q"]
    result = RUNNER.invoke(
        app, ["analyze", plain, "--db", str(tmp_path / "u.db"), "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    undated = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert dated and undated and not undated[0]["meta"].get("published")
    resolved = [s for d in dated for s in d["spans"] if s["layer"] == "date" and s["attrs"]["value"]]
    assert resolved and all(s["attrs"]["value"].startswith("20") for s in resolved)
    relative = [
        s
        for d in undated
        for s in d["spans"]
        if s["layer"] == "date" and s["attrs"]["certainty"] != "explicit"
    ]
    assert relative and all(
        s["attrs"]["value"] is None and s["attrs"]["reason"] == "no publication date" for s in relative
    )


@pytest.mark.slow
def test_every_demo_document_has_an_outlet_and_a_date(analysed: tuple[str, list[dict]]) -> None:
    """The HTML and JSONL articles carry their own; demo/metadata.csv gives the plain-text ones theirs."""
    _, docs = analysed
    outlets = {doc["id"]: doc["meta"].get("outlet") for doc in docs}
    assert set(outlets.values()) == {"The Capital Sentinel", "Harbour Voice"}, outlets
    for doc in docs:
        prefix = doc["id"].split("-", 1)[0]
        assert outlets[doc["id"]] == {"sentinel": "The Capital Sentinel", "voice": "Harbour Voice"}[prefix]
        assert doc["meta"]["published"][:10] in doc["id"], doc["id"]
