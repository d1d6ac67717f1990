"""Quote marks, the PolNeAR reader and the attribution scorer on invented data; the dev score if present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slant.labelled_data import find_root
from slant.quotes.marks import find_quotes
from slant.quotes.scoring import Scored, Tally, pair
from slant.quotes.table import MODELS, TABLE_FILE
from slant.quotes.training_data import read_split


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“A b,” he said, “c d.”", ["“A b,”", "“c d.”"]),
        ("Er sagte: „Wir gehen.“ Und »so« weiter", ["„Wir gehen.“", "»so«"]),
        ("Il a dit : « Nous partons » hier", ["« Nous partons »"]),
        ("Han sa: ”Vi går.” Sen", ["”Vi går.”"]),
        ("He said \"we win\" and don't 'care' now", ['"we win"', "'care'"]),
        ("He called it ''a war'' today", ["''a war''"]),
        ("She said ‘no way’ and didn’t stay", ["‘no way’"]),
        ("“Never closed and runs on", ["“Never closed and runs on"]),
        ('a stray " mark', []),
        ("", []),
    ],
)
def test_quote_marks(text: str, expected: list[str]) -> None:
    found = find_quotes(text)
    assert [text[q.start : q.end] for q in found] == expected
    assert all(0 <= q.start < q.end <= len(text) for q in found)


def test_reader_handles_discontinuous_offsets_and_picks_one_annotator(tmp_path: Path) -> None:
    base = tmp_path / "polnear" / "dev"
    (base / "text").mkdir(parents=True)
    (base / "attributions").mkdir()
    text = "“A b,” he said, “c d.”\nKim said that it rained."
    (base / "text" / "art.txt").write_text(text, encoding="utf-8")
    rained = text.index("that it rained")
    ann = (
        "T1\tSource 7 9\the\nT2\tCue 10 14\tsaid\nT3\tContent 0 6;16 22\t“A b,” “c d.”\n"
        "T4\tAttribution 10 14\tsaid\nE1\tAttribution:T4 Content:T3 Cue:T2 Source:T1\n"
        f"T5\tContent {rained} {rained + 14}\tthat it rained\nE2\tAttribution:T4 Content:T5\n"
    )
    (base / "attributions" / "art_b2.ann").write_text(ann, encoding="utf-8")
    (base / "attributions" / "art_a1.ann").write_text(ann.split("T5")[0], encoding="utf-8")
    articles = list(read_split(tmp_path, "dev"))
    assert [a.annotator for a in articles] == ["a1"]
    assert articles[0].attributions[0].content == ((0, 6), (16, 22))
    assert articles[0].attributions[0].source == ((7, 9),)
    both = list(read_split(tmp_path, "dev", all_annotators=True))
    assert [len(a.attributions) for a in both] == [1, 2]
    assert both[1].attributions[1].source == ()


def test_scorer_pairs_one_to_one_and_counts_speakers() -> None:
    text = "x" * 100
    gold = [
        Scored(((0, 10),), (50, 55), True),
        Scored(((20, 30),), (60, 65), False),
        Scored(((70, 80),), None, False),
    ]
    pred = [
        Scored(((0, 12),), (50, 52), True),  # overlap, speaker right
        Scored(((5, 9),), None, True),  # overlaps the same gold: one-to-one leaves it unpaired
        Scored(((20, 30),), (90, 95), False),  # exact content, wrong speaker
    ]
    assert sorted(pair(gold, pred)) == [(0, 0), (1, 2)]
    tally = Tally()
    tally.article(text, gold, pred)
    scores = tally.scores()
    assert scores["content_overlap"]["precision"] == pytest.approx(2 / 3, abs=1e-3)
    assert scores["content_overlap"]["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert scores["content_exact"]["recall"] == pytest.approx(1 / 3, abs=1e-3)
    assert scores["speaker"]["correct"] == pytest.approx(0.5)
    assert scores["content_overlap_direct"]["recall"] == 1.0
    assert scores["content_overlap_indirect"]["recall"] == 0.5


def test_shipped_table_is_small_and_has_a_card() -> None:
    path = MODELS / TABLE_FILE
    assert path.stat().st_size < 2_000_000
    data = json.loads(path.read_text(encoding="utf-8"))
    assert 0.0 < data["threshold"] < 1.0
    assert data["keys"]["say|ccomp"] > 0.8
    assert (MODELS / "README.md").is_file()


DOCUMENTED_DEV = {"content_overlap_f1": 0.7907, "speaker_correct": 0.8699}
"""The PolNeAR dev figures in docs/QUOTES.md and models/README.md (the shipped table, one evaluation run)."""


@pytest.mark.slow
def test_polnear_dev_score_reproduces_the_documented_figure(tmp_path: Path) -> None:
    root = find_root("polnear")
    if root is None:
        pytest.skip("PolNeAR is not present (../shared/data/polnear or $SLANT_DATA)")
    from slant.quotes.evaluate import evaluate

    result = evaluate(root, tmp_path, split="dev", report=lambda _: None)
    overlap = result.scores["content_overlap"]["f1"]
    assert overlap == pytest.approx(DOCUMENTED_DEV["content_overlap_f1"], abs=0.005)
    assert result.scores["speaker"]["correct"] == pytest.approx(DOCUMENTED_DEV["speaker_correct"], abs=0.005)
    assert "si" in result.scores and 0.0 < result.scores["si"]["f1"] <= 1.0
