"""The ``sources`` analyzer: cited outlets, unknown cued sources and web addresses, in several languages."""

from __future__ import annotations

from pathlib import Path

import pytest

import slant.sources.analyzer  # noqa: F401  (registers the analyzer)
from slant.analyze import build
from slant.document import Document
from slant.errors import ConfigError
from slant.sources.evaluate import evaluate


def sources(text: str, **options: object) -> list[tuple[str, str | None, bool, str | None]]:
    doc = run(text, **options)
    return [(doc.span_text(s), s.attrs["outlet"], s.attrs["cued"], s.label) for s in doc.layer("source")]


def run(text: str, **options: object) -> Document:
    doc = build(["paragraphs", "language", "sentences", "sources"], sources=options)(Document("t", text, {}))
    check(doc)
    return doc


def check(doc: Document) -> None:
    for span in doc.layer("source"):
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.span_text(span) == doc.span_text(span).strip()
        assert span.label and span.attrs["cued"] == (span.attrs["cue_start"] is not None)
        if span.attrs["cued"]:
            assert 0 <= span.attrs["cue_start"] < span.attrs["cue_end"] <= len(doc.text)
        assert span.score is not None and 0 < span.score <= 1


def test_english_issue_examples() -> None:
    found = sources(
        "ALEPPO (Reuters) - Government forces shelled the town, according to SOHR. Fox News broke the story. "
        "The Russian Defense Ministry confirmed the strike. Pictures appeared on almasdarnews.com."
    )
    assert ("Reuters", "reuters", True, "agency") in found
    assert ("SOHR", "sohr", True, "monitor") in found
    assert ("Fox News", "fox-news", True, "outlet") in found
    assert ("Russian Defense Ministry", "ru-defence-ministry", True, "military") in found
    assert ("almasdarnews.com", "almasdar", False, "outlet") in found


def test_cue_text_is_recorded() -> None:
    doc = run("The convoy was hit, according to SOHR.")
    (span,) = doc.layer("source")
    assert doc.text[span.attrs["cue_start"] : span.attrs["cue_end"]] == "according to"
    assert span.attrs["name"] == "Syrian Observatory for Human Rights" and span.attrs["country"] == "GB"


def test_unknown_cued_source_gets_a_guessed_label() -> None:
    found = sources(
        "According to local activists, the convoy was hit. The Estravian interior ministry said it was calm."
    )
    assert ("local activists", None, True, "unknown") in found
    assert ("Estravian interior ministry", None, True, "government") in found


def test_people_saying_things_are_not_sources_but_outlets_are() -> None:
    found = sources(
        "He said the bridge was closed. Greta Mårs said she saw a boy fall. A spokesman told AP so."
    )
    assert [f[0] for f in found] == ["AP"]


def test_short_ambiguous_aliases_need_a_cue() -> None:
    assert sources("The DN of the network rose. AP classes start soon.") == []
    assert ("DN", "dn", True, "outlet") in sources("DN rapporterar att hamnen har stängts.")


def test_urls_map_to_outlets_by_domain() -> None:
    found = sources(
        "Sources: https://www.sana.sy/?p=123, http://english.almasdarnews.com/article/1 and example.org."
    )
    assert ("https://www.sana.sy/?p=123", "sana", False, "agency") in found
    assert ("http://english.almasdarnews.com/article/1", "almasdar", False, "outlet") in found
    assert ("example.org", None, False, "website") in found
    doc = run("Read https://www.sana.sy/?p=123 now.")
    assert doc.layer("source")[0].attrs["url"] == "https://www.sana.sy/?p=123"
    assert doc.layer("source")[0].attrs["domain"] == "sana.sy"


def test_file_names_and_abbreviations_are_not_domains() -> None:
    assert sources("Run setup.py and read e.g. the U.S. report.") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Enligt SOHR dödades tolv personer. Det uppger Syriska människorättsobservatoriet.",
            [("SOHR", "sohr"), ("Syriska människorättsobservatoriet", "sohr")],
        ),
        (
            "Laut Reuters wurden zwölf Menschen getötet, wie der Spiegel berichtet.",
            [("Reuters", "reuters"), ("der Spiegel", "spiegel")],
        ),
        (
            "Selon l'AFP, douze personnes ont été tuées. Le Monde rapporte que le port est fermé.",
            [("AFP", "afp"), ("Le Monde", "le-monde")],
        ),
        (
            "По данным Интерфакса, погибли 12 человек. Как сообщает ТАСС, удар был нанесен ночью.",
            [("Интерфакса", "interfax"), ("ТАСС", "tass")],
        ),
        (
            "وفقا للمرصد السوري لحقوق الإنسان قتل 12 شخصا. وذكرت وكالة سانا أن الجيش تقدم.",
            [("للمرصد السوري لحقوق الإنسان", "sohr"), ("سانا", "sana")],
        ),
    ],
)
def test_other_languages(text: str, expected: list[tuple[str, str]]) -> None:
    found = sources(text)
    assert [(f[0], f[1]) for f in found] == expected
    assert all(f[2] for f in found)


def test_user_outlet_file_extends_the_table(tmp_path: Path) -> None:
    path = tmp_path / "outlets.toml"
    path.write_text(
        '[[outlet]]\nid = "capital-sentinel"\nname = "The Capital Sentinel"\nkind = "outlet"\n'
        'country = "SE"\ndomains = ["capitalsentinel.example"]\naliases = ["Capital Sentinel"]\n',
        "utf-8",
    )
    text = "The Capital Sentinel reported riots; see capitalsentinel.example."
    assert sources(text)[0][1] is None
    found = sources(text, outlets=str(path))
    assert ("The Capital Sentinel", "capital-sentinel", True, "outlet") in found
    assert ("capitalsentinel.example", "capital-sentinel", False, "outlet") in found


def test_broken_outlet_option_fails_when_the_pipeline_is_built(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text('[[outlet]]\nid = "x"\nname = "X"\nkind = "tabloid"\n', "utf-8")
    with pytest.raises(ConfigError, match=r"broken\.toml"):
        build(["paragraphs", "language", "sentences", "sources"], sources={"outlets": str(path)})


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "https://www.sana.sy/?p=1 http://x.example/ www.bbc.co.uk",
        '«According to Reuters, the “bridge was closed. "SOHR said',
        "ამბობს რეიტერი, რომ ხიდი დაიკეტა. according to",
        "ሮይተርስ እንደዘገበው ድልድዩ ተዘግቷል። Reuters reported",
        "according to\n\nreported by\n\n(Reuters) -",
        " ".join(
            ["According to local activists in the harbour district, the police said it was calm."] * 300
        ),
    ],
)
def test_bad_input_never_crashes_or_leaves_the_text(text: str) -> None:
    doc = run(text)
    if "Reuters" in text:
        assert any(s.attrs["outlet"] == "reuters" for s in doc.layer("source"))


def test_check_set_written_with_the_rules_passes() -> None:
    result = evaluate()
    with_rules = result.by_set["with-rules"].scores()
    assert with_rules["f1"] >= 0.95 and with_rules["value_accuracy"] >= 0.95, result.table()
    assert result.by_set["later"].gold > 0
