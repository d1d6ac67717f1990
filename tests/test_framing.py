"""Framing: the SemEval readers' offset repair, and the roles / genre / frames / narratives analyzers
on invented articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.analyze import build
from slant.document import Document
from slant.framing import data
from slant.framing.labels import ALL_FINE, FRAMES, GENRES, MAIN_OF, MAIN_ROLES
from slant.framing.roles import available


def test_normalised_text_maps_every_raw_offset() -> None:
    raw = "\ufeffTitle\r\n\r\nKyiv said.\r\n"
    text, where = data.normalised(raw)
    assert text == "Title\n\nKyiv said.\n"
    start = raw.index("Kyiv")
    assert text[where[start] : where[start + 4]] == "Kyiv"


def test_mentions_are_placed_as_given_with_crlf_counting_or_nearby() -> None:
    raw = "Head\n\nMoscow blamed Kyiv.\nKyiv denied it."
    at = raw.index("Kyiv")
    assert data.locate(raw, "Kyiv", at, at + 3) == (at, at + 4)
    # The Russian files count each "\n" as two characters.
    lines_before = raw[:at].count("\n")
    assert data.locate(raw, "Kyiv", at + lines_before, at + lines_before + 3) == (at, at + 4)
    assert data.locate(raw, "Kyiv", at + 2, at + 5) == (at, at + 4)  # the nearest occurrence
    assert data.locate(raw, "Minsk", 3, 7) is None


def test_splits_are_stable_and_about_a_fifth() -> None:
    names = [f"EN_UA_{n}.txt" for n in range(1000)]
    share = sum(data.split_of(n) == data.VALIDATION for n in names) / len(names)
    assert 0.15 < share < 0.25 and [data.split_of(n) for n in names] == [data.split_of(n) for n in names]


def test_fine_roles_each_belong_to_one_main_role() -> None:
    assert len(ALL_FINE) == 22 and set(MAIN_OF.values()) == set(MAIN_ROLES)


needs_models = pytest.mark.skipif(not available(), reason="needs slant[accurate] and the framing models")

ARTICLE = (
    "Invaders Shell Harbour Town Again\n\n"
    "The army of Varkonia shelled the harbour town of Lisvik for the third night, killing "
    "four civilians, among them two children, the town's mayor Anna Berg said.\n\n"
    'Berg called on the United Nations to send observers. "Our people are hiding in cellars '
    'while Varkonia lies to the world," she said.\n\n'
    "Prices for bread and fuel in Lisvik have doubled since the siege began, and the harbour, "
    "which employed half the town, is closed."
)


@needs_models
def test_framing_analyzers_mark_spans_inside_the_text() -> None:
    pipeline = build(
        ["paragraphs", "language", "sentences", "entities", "roles", "genre", "frames", "narratives"]
    )
    doc = pipeline(Document("t", ARTICLE, {}))
    for span in doc.spans:
        assert 0 <= span.start < span.end <= len(doc.text)
    entities = {(s.start, s.end) for s in doc.layer("entity")}
    roles = doc.layer("role")
    assert roles and all((r.start, r.end) in entities for r in roles)
    for role in roles:
        assert role.label in MAIN_ROLES and 0.0 <= (role.score or 0) <= 1.0
        assert [name for name, _ in role.attrs["fine_roles"]] and MAIN_OF[
            role.attrs["fine_role"]
        ] == role.label
        assert role.attrs["hidden"] == (role.score < role.attrs["display_threshold"])
    summary = doc.meta["roles"]
    assert set(summary) == {r.attrs["canonical"] for r in roles}
    (genre,) = doc.layer("genre")
    assert (genre.start, genre.end) == (0, len(ARTICLE)) and genre.label in GENRES
    assert abs(sum(genre.attrs["scores"].values()) - 1.0) < 1e-3
    paragraphs = {(p.start, p.end) for p in doc.layer("paragraph")}
    for span in doc.layer("frame") + doc.layer("narrative"):
        assert (span.start, span.end) in paragraphs
    assert {f.label for f in doc.layer("frame")} <= set(FRAMES)
    for narrative in doc.layer("narrative"):
        assert narrative.attrs["subnarrative"].startswith(narrative.label + ": ")


@needs_models
def test_a_text_without_actors_gets_no_roles_and_empty_text_nothing() -> None:
    pipeline = build(
        ["paragraphs", "language", "sentences", "entities", "roles", "genre", "frames", "narratives"]
    )
    doc = pipeline(Document("t", "it rained all day and the roads were wet.", {}))
    assert doc.layer("role") == [] and len(doc.layer("genre")) == 1
    empty = pipeline(Document("e", "   ", {}))
    assert not empty.layer("role") and not empty.layer("genre") and not empty.layer("frame")


def test_narrative_sets_fall_back_to_other_at_both_levels() -> None:
    import numpy as np

    from slant.framing.train import narrative_sets, set_f1

    names = ["URW: Discrediting Ukraine", "CC: Downplaying climate change"]
    subs = [
        "URW: Discrediting Ukraine: Ukraine is a puppet of the West",
        "CC: Downplaying climate change: Ice is not melting",
    ]
    got = narrative_sets(
        np.array([[0.9, 0.1], [0.2, 0.1], [0.9, 0.8]]),
        np.array([[0.7, 0.0], [0.9, 0.9], [0.1, 0.9]]),
        names,
        subs,
        (0.5, 0.5),
    )
    assert got[0] == ({names[0]}, {subs[0]})
    assert got[1] == ({"Other"}, {"Other"})  # sub-narratives count only under a chosen narrative
    assert got[2] == (set(names), {"URW: Discrediting Ukraine: Other", subs[1]})
    assert set_f1([{"a", "b"}], [{"a"}]) == pytest.approx(2 / 3) and set_f1([set()], [set()]) == 1.0


def test_linear_models_round_trip_through_their_arrays() -> None:
    import numpy as np

    from slant.framing.linear import Linear, fit

    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 5))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 1).astype(int)
    model = fit(x, y, False, 1.0)
    again = Linear.from_arrays(model.arrays("m"), "m")
    p = again.probabilities(x)
    assert p.shape == (60, 3) and np.allclose(p.sum(1), 1.0, atol=1e-4)
    assert (p.argmax(1) == y).mean() > 0.8
    binary = fit(x, (x[:, 0] > 0).astype(int), False, 1.0)
    assert binary.probabilities(x).shape == (60, 2)


@needs_models
def test_an_off_topic_text_gets_no_narrative_of_the_shipped_taxonomy() -> None:
    text = (
        "Lisvik Wins Cup Final After Late Penalty\n\n"
        "Lisvik FC beat Harrowgate 2-1 in the cup final on Saturday, with a penalty in the 89th minute.\n\n"
        "The coach praised his young defenders and said the club would celebrate with fans in the "
        "town square on Sunday afternoon. Tickets for next season go on sale in June."
    )
    pipeline = build(["paragraphs", "language", "sentences", "narratives"])
    assert pipeline(Document("f", text, {})).layer("narrative") == []


@pytest.mark.parametrize(
    "command",
    [["train", "framing"], ["eval", "roles"], ["eval", "narratives"], ["eval", "frames"], ["eval", "genre"]],
)
def test_framing_commands_without_data_are_a_clear_error(tmp_path: Path, command: list[str]) -> None:
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(app, [*command, "--data", str(tmp_path)])
    assert result.exit_code == 3
    assert "labelled data not found" in result.output and "semeval2025-task10" in result.output
