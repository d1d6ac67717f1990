"""``slant train|eval techniques``, ``slant techniques`` and ``--tier`` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.cli import app
from slant.techniques import training_data

runner = CliRunner()
DATA = training_data.default_root()
needs_data = pytest.mark.skipif(DATA is None, reason="needs the labelled data in ../shared/data")

#: Validation scores documented in docs/QUALITY.md that this test re-computes (fast tier, Polish).
DOCUMENTED_PL_FAST: dict[str, float | None] = {"micro_f1": 0.305, "macro_f1": 0.1409}


def test_train_without_data_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "techniques", "--tier", "fast", "--data", str(tmp_path)])
    assert result.exit_code == 3
    assert "labelled data not found" in result.output


def test_eval_rejects_unknown_language_and_tier(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "techniques", "--language", "xx", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "unknown language folder" in result.output
    result = runner.invoke(app, ["train", "techniques", "--tier", "huge", "--data", str(tmp_path)])
    assert result.exit_code == 2


def test_techniques_lists_definitions() -> None:
    result = runner.invoke(app, ["techniques", "Whataboutism"])
    assert result.exit_code == 0 and "Distraction" in result.output and "Example:" in result.output
    assert runner.invoke(app, ["techniques", "Nope"]).exit_code == 2


def test_analyze_tier_needs_the_analyzer(tmp_path: Path) -> None:
    config = tmp_path / "p.toml"
    config.write_text('pipeline = ["paragraphs", "language", "sentences"]\n', encoding="utf-8")
    text = tmp_path / "a.txt"
    text.write_text("The shameful cowards sold the port.", encoding="utf-8")
    result = runner.invoke(
        app, ["analyze", str(text), "--db", str(tmp_path / "x.db"), "--config", str(config), "--tier", "fast"]
    )
    assert result.exit_code == 2 and "--tier needs the techniques or claims analyzer" in result.output


def test_analyze_show_and_stats_carry_technique_spans(tmp_path: Path) -> None:
    text = tmp_path / "op-ed.txt"
    text.write_text(
        "Betrayal at the harbour\n\nThe corrupt cowards in the ministry sold our port to greedy oligarchs. "
        "Every true patriot must act now, before it is too late!",
        encoding="utf-8",
    )
    db = str(tmp_path / "t.db")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(text), "--db", db, "--tier", "fast", "-q", "--out", str(out)])
    assert result.exit_code == 0, result.output
    spans = [s for s in json.loads(out.read_text(encoding="utf-8"))["spans"] if s["layer"] == "technique"]
    assert spans and all(s["model"].startswith("slant.techniques.fast@") for s in spans)
    claims = [s for s in json.loads(out.read_text(encoding="utf-8"))["spans"] if s["layer"] == "claim"]
    assert all(s["model"].startswith("slant.claims.fast@") for s in claims)
    shown = runner.invoke(app, ["show", "op-ed", "--db", db, "--explain"])
    assert shown.exit_code == 0 and "technique" in shown.output and "Cue:" in shown.output
    stats = runner.invoke(app, ["stats", "--db", db, "--json"])
    counts = dict(map(tuple, json.loads(stats.output)["techniques"]))
    assert sum(counts.values()) == len(spans)


@pytest.mark.slow
@needs_data
def test_eval_reproduces_the_documented_polish_scores(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["eval", "techniques", "--tier", "fast", "--language", "po", "--out", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout[: result.stdout.rindex("}") + 1])["para:pl"]
    for metric, documented in DOCUMENTED_PL_FAST.items():
        assert documented is not None, "fill in the documented score"
        assert scores[metric] == pytest.approx(documented, abs=0.0005)
    assert (tmp_path / "para" / "pl" / "pred.txt").exists()
    assert scores["micro_f1"] > scores["baseline"]["micro_f1"]
