"""The alias table: case, diacritics, longest match first, token boundaries, scripts, inflection."""

from __future__ import annotations

import json

import pytest

from slant.entities import aliases
from slant.entities.evaluate import CASES, canonical_cases


def found(text: str, lang: str | None = "en") -> list[tuple[str, str, str]]:
    table = aliases.load()
    out = []
    for m in table.find(text, lang=lang):
        assert 0 <= m.start < m.end <= len(text)
        out.append((text[m.start : m.end], m.alias.entry.id, m.alias.label))
    return out


def test_bundled_table_loads_and_every_entry_has_a_valid_id_and_label() -> None:
    table = aliases.load()
    assert {"us", "ru", "sy", "isis", "jabhat-al-nusra", "sergei-lavrov", "un", "nato", "sohr"} <= set(
        table.entries
    )
    for entry in table.entries.values():
        assert aliases.SLUG.match(entry.id) and entry.label in aliases.LABELS
        assert entry.metonym_of is None or entry.metonym_of in table.entries


def test_acronyms_match_only_in_capitals_and_not_inside_shouting_headlines() -> None:
    assert found("The US said it would help us.") == [("US", "us", "GPE")]
    assert found("THIS IS HOW IT ENDS") == []
    assert ("IS", "isis", "ORG") in found("Fighters loyal to IS fled.")


def test_capitalised_alias_needs_a_capital_and_lower_case_alias_matches_any_case() -> None:
    assert found("We ate turkey in Turkey.") == [("Turkey", "tr", "GPE")]
    assert found("Ryska och ryska trupper", "sv") == [("Ryska", "ru", "NORP"), ("ryska", "ru", "NORP")]


def test_longest_alias_wins_and_matches_stop_at_token_boundaries() -> None:
    assert found("The Islamic State of Iraq and the Levant claimed it.") == [
        ("Islamic State of Iraq and the Levant", "isis", "ORG")
    ]
    assert found("Isisford and Daeshville are towns.") == []
    assert found("Syria's army") == [("Syria", "sy", "GPE")]


def test_diacritics_are_folded() -> None:
    assert found("Erdogan and Erdoğan met.") == [
        ("Erdogan", "recep-tayyip-erdogan", "PER"),
        ("Erdoğan", "recep-tayyip-erdogan", "PER"),
    ]


def test_other_scripts_inflection_and_clitics() -> None:
    ru = found("Сирийской арабской армии и Исламского государства помогли США.", "ru")
    assert [r[1] for r in ru] == ["syrian-arab-army", "isis", "us"]
    ar = found("وقالت الولايات المتحدة إن وداعش انسحب", "ar")
    assert ("داعش", "isis", "ORG") in ar
    assert ("الولايات المتحدة", "us", "GPE") in ar


def test_cldr_country_names_are_scoped_to_their_language() -> None:
    # Swedish/German "Island" is Iceland; in English text it is an ordinary word.
    assert found("Island", "sv") == [("Island", "is", "GPE")]
    assert found("The Island was quiet.", "en") == []


def test_political_reading_needs_no_locative_before_the_capital() -> None:
    table = aliases.load()
    for text, political in [("Moscow rejected the plan.", True), ("They met in Moscow.", False)]:
        (match,) = [m for m in table.find(text, lang="en") if m.alias.entry.id == "moscow"]
        assert aliases.political_reading(text, match, "en") is political


def test_hand_written_canonical_cases_are_all_resolved() -> None:
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    assert len(cases) >= 20
    result = canonical_cases()
    assert result["accuracy"] == 1.0, result["wrong"]


@pytest.mark.parametrize("char", ["İ", "ß", "ŉ", "ﬁ", "\u0301", "Ё"])
def test_folding_keeps_one_character_per_character(char: str) -> None:
    assert len(aliases.fold(char * 3)) == 3
