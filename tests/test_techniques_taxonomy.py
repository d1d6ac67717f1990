"""The persuasion-technique taxonomy: names, categories, PTC mapping and explanations."""

from __future__ import annotations

import pytest

from slant.techniques.taxonomy import (
    BY_NAME,
    CATEGORIES,
    CUE_MAX_CHARS,
    NAMES,
    PTC_TO_SEMEVAL2023,
    TECHNIQUES,
    explain,
    is_ambiguous,
    ptc_targets,
)

EXPECTED_NAMES = (
    "Loaded_Language",
    "Name_Calling-Labeling",
    "Doubt",
    "Questioning_the_Reputation",
    "Exaggeration-Minimisation",
    "Appeal_to_Fear-Prejudice",
    "Repetition",
    "Conversation_Killer",
    "Appeal_to_Authority",
    "Appeal_to_Hypocrisy",
    "Slogans",
    "Flag_Waving",
    "Causal_Oversimplification",
    "Guilt_by_Association",
    "Appeal_to_Values",
    "False_Dilemma-No_Choice",
    "Obfuscation-Vagueness-Confusion",
    "Consequential_Oversimplification",
    "Straw_Man",
    "Appeal_to_Popularity",
    "Red_Herring",
    "Appeal_to_Time",
    "Whataboutism",
)

EXPECTED_CATEGORIES = {
    "attack_on_reputation": {
        "Name_Calling-Labeling",
        "Guilt_by_Association",
        "Doubt",
        "Appeal_to_Hypocrisy",
        "Questioning_the_Reputation",
    },
    "justification": {
        "Flag_Waving",
        "Appeal_to_Authority",
        "Appeal_to_Popularity",
        "Appeal_to_Values",
        "Appeal_to_Fear-Prejudice",
    },
    "simplification": {
        "Causal_Oversimplification",
        "False_Dilemma-No_Choice",
        "Consequential_Oversimplification",
    },
    "distraction": {"Straw_Man", "Red_Herring", "Whataboutism"},
    "call": {"Slogans", "Conversation_Killer", "Appeal_to_Time"},
    "manipulative_wording": {
        "Loaded_Language",
        "Obfuscation-Vagueness-Confusion",
        "Exaggeration-Minimisation",
        "Repetition",
    },
}

PTC_LABELS = (
    "Loaded_Language",
    "Name_Calling,Labeling",
    "Repetition",
    "Doubt",
    "Exaggeration,Minimisation",
    "Appeal_to_fear-prejudice",
    "Flag-Waving",
    "Causal_Oversimplification",
    "Appeal_to_Authority",
    "Slogans",
    "Whataboutism,Straw_Men,Red_Herring",
    "Black-and-White_Fallacy",
    "Thought-terminating_Cliches",
    "Bandwagon,Reductio_ad_hitlerum",
)
MERGED = {"Whataboutism,Straw_Men,Red_Herring", "Bandwagon,Reductio_ad_hitlerum"}


def test_names_are_the_23_in_order() -> None:
    assert len(TECHNIQUES) == 23
    assert tuple(t.name for t in TECHNIQUES) == EXPECTED_NAMES
    assert NAMES == EXPECTED_NAMES
    assert len(set(NAMES)) == 23
    assert list(BY_NAME) == list(EXPECTED_NAMES)
    assert all(BY_NAME[t.name] is t for t in TECHNIQUES)


def test_categories() -> None:
    assert set(CATEGORIES) == set(EXPECTED_CATEGORIES)
    assert all(title.strip() for title in CATEGORIES.values())
    assert all(t.category in CATEGORIES for t in TECHNIQUES)
    for category, names in EXPECTED_CATEGORIES.items():
        assert {t.name for t in TECHNIQUES if t.category == category} == names


def test_ptc_mapping_covers_all_classes_with_known_names() -> None:
    assert set(PTC_TO_SEMEVAL2023) == set(PTC_LABELS)
    assert len(PTC_TO_SEMEVAL2023) == 14
    for label, targets in PTC_TO_SEMEVAL2023.items():
        assert targets, label
        assert set(targets) <= set(NAMES), label
        assert len(set(targets)) == len(targets), label
        assert ptc_targets(label) == targets
    assert ptc_targets("Black-and-White_Fallacy") == ("False_Dilemma-No_Choice",)
    assert ptc_targets("Thought-terminating_Cliches") == ("Conversation_Killer",)
    assert set(ptc_targets("Whataboutism,Straw_Men,Red_Herring")) == {
        "Whataboutism",
        "Straw_Man",
        "Red_Herring",
    }
    assert set(ptc_targets("Bandwagon,Reductio_ad_hitlerum")) == {
        "Appeal_to_Popularity",
        "Guilt_by_Association",
    }


def test_merged_ptc_classes_are_ambiguous() -> None:
    for label in PTC_LABELS:
        assert is_ambiguous(label) == (label in MERGED), label


def test_unknown_ptc_label_raises() -> None:
    with pytest.raises(KeyError, match="Name_Calling-Labeling"):
        ptc_targets("Name_Calling-Labeling")  # SemEval-2023 spelling, not PTC's
    with pytest.raises(KeyError):
        is_ambiguous("loaded_language")


def test_explain_without_cue() -> None:
    technique = BY_NAME["Loaded_Language"]
    assert explain("Loaded_Language") == f"{technique.title}: {technique.definition}"


def test_explain_collapses_whitespace_in_cue() -> None:
    text = explain("Doubt", "  can we\n really\t\tbelieve  him? ")
    assert text.startswith('Cue: "can we really believe him?". ')
    assert BY_NAME["Doubt"].title in text
    assert text.endswith(BY_NAME["Doubt"].definition)


def test_explain_truncates_long_cue() -> None:
    cue = "word " * 100
    text = explain("Repetition", cue)
    quoted = text.split('"')[1]
    assert len(quoted) <= CUE_MAX_CHARS
    assert quoted.endswith("…")
    assert "Repetition: " in text
    short = "x" * CUE_MAX_CHARS
    assert f'"{short}"' in explain("Repetition", short)


def test_explain_unknown_name_raises() -> None:
    with pytest.raises(KeyError):
        explain("Not_A_Technique")


def test_texts_are_present_and_distinct() -> None:
    for t in TECHNIQUES:
        assert t.title.strip(), t.name
        assert t.definition.strip(), t.name
        assert t.example.strip(), t.name
    definitions = [t.definition for t in TECHNIQUES]
    assert len(set(definitions)) == len(definitions)
    titles = [t.title for t in TECHNIQUES]
    assert len(set(titles)) == len(titles)
