"""Speakers on commentary: colon lead-ins, new speakers, cue-first patterns, the author's voice,
``speaker_confidence``; all texts invented."""

from __future__ import annotations

import pytest

from slant.quotes import leads
from slant.quotes.check_set import same_speaker
from tests.test_quotes_analyzer import analyse


def speaker_of(doc, words: str) -> tuple[str | None, str | None]:  # type: ignore[no-untyped-def]
    span = next(s for s in doc.layer("quote") if words in doc.span_text(s))
    return span.attrs.get("speaker_name"), span.attrs.get("speaker_confidence")


def test_colon_lead_in_without_a_speech_verb_names_the_speaker() -> None:
    doc = analyse(
        "Lavrov said the talks were over. The minister summed up her view with the usual "
        'condescension: "We will not negotiate with people who lie to us."',
        "en",
    )
    assert speaker_of(doc, "We will not negotiate") == ("The minister", "named")
    # The lead-in's own words are the author's, not part of any quote.
    assert not any("condescension" in doc.span_text(s) for s in doc.layer("quote"))


def test_two_people_in_one_paragraph_are_two_quotes() -> None:
    doc = analyse(
        '"We will rebuild the hospital by spring," said Mayor Jane Ortiz. Her deputy, Tom Reed, '
        'disagreed: "There is no money for it in this budget."',
        "en",
    )
    assert len(doc.layer("quote")) == 2
    assert speaker_of(doc, "rebuild the hospital")[0] == "Jane Ortiz"
    assert speaker_of(doc, "no money")[0] == "Tom Reed"


def test_a_bare_quote_after_a_newly_named_person_is_not_the_previous_speakers() -> None:
    doc = analyse(
        "”Vi öppnar hamnen igen i morgon”, säger hamnchefen Anna Berg. Kommunalrådet Per Ek är "
        "mindre säker. ”Ingen vet när fartygen kommer tillbaka till staden.”",
        "sv",
    )
    name, confidence = speaker_of(doc, "Ingen vet")
    assert same_speaker(name, "Per Ek") and confidence == "carried"  # a guess, and marked as one


def test_pronoun_after_a_name_the_ner_typed_wrongly_still_resolves() -> None:
    doc = analyse('Lavrov said the talks were over. "We have nothing to add today," he said.', "en")
    assert speaker_of(doc, "nothing to add") == ("Lavrov", "pronoun")


def test_russian_cue_before_the_speaker() -> None:
    doc = analyse(
        "Как заявила Мария Захарова, «Запад несет полную ответственность за эскалацию». "
        "По словам Лаврова, переговоры зашли в тупик.",
        "ru",
    )
    assert speaker_of(doc, "Запад несет")[0] == "Мария Захарова"
    assert same_speaker(speaker_of(doc, "переговоры")[0], "Лавров")


def test_swedish_kallade_and_a_pronoun_after_it() -> None:
    doc = analyse(
        "Statsministern kallade förslaget ”ett hån mot alla väljare i landet”. "
        "Hon menar att oppositionen saknar en plan.",
        "sv",
    )
    assert speaker_of(doc, "ett hån")[0] == "Statsministern"
    assert speaker_of(doc, "oppositionen saknar") == ("Statsministern", "pronoun")


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "I think that the ceasefire will not hold. We believe that the talks failed."),
        ("sv", "Jag menar att vapenvilan inte kommer att hålla."),
        ("ru", "Я считаю, что перемирие не продержится."),
    ],
)
def test_the_authors_own_voice_is_not_a_quote(language: str, text: str) -> None:
    assert analyse(text, language).layer("quote") == []


def test_every_quote_says_how_its_speaker_was_found() -> None:
    doc = analyse(
        '"The bridge stays closed," the mayor said. "We have no choice about the bridge at all." '
        'Somebody wrote on the wall: "Nobody asked the people who live here."',
        "en",
    )
    levels = {s.attrs["speaker_confidence"] for s in doc.layer("quote")}
    assert levels <= {"named", "pronoun", "carried", "none"} and levels


def test_lead_in_subjects() -> None:
    def lead(text: str) -> str | None:
        found = leads.colon_lead(text, 0, len(text))
        return text[found[0] : found[1]] if found else None

    assert lead("Her deputy, Tom Reed, disagreed:") == "Tom Reed"
    assert lead("Then Blinken added, as usual:") == "Blinken"
    assert lead("Statsministern sammanfattade läget:") == "Statsministern"
    assert lead("In Aleppo the mood was grim:") is None
    assert lead("Here is the list:") is None or lead("Here is the list:") != "Here"


@pytest.mark.parametrize(
    ("predicted", "gold", "same"),
    [("Лаврова", "Сергей Лавров", True), ("Jane Ortiz", "Mayor Jane Ortiz", True), (None, None, True),
     ("Tom Reed", "Jane Ortiz", False), (None, "Jane Ortiz", False)],
)  # fmt: skip
def test_speaker_names_compare_by_last_word(predicted: str | None, gold: str | None, same: bool) -> None:
    assert same_speaker(predicted, gold) is same


@pytest.mark.parametrize(
    "text",
    [
        "«Это первый абзац цитаты без конца\n\nИ второй абзац, где «вложенная» цитата открыта\n\nТретий».",
        "> "
        + "\n> ".join(f"Line {i} of a long excerpt from another outlet, quoted whole." for i in range(300)),
        '"' + " ".join(["The whole text is one quotation and nothing else."] * 40) + '"',
        "Reuters wrote:\n\n" + "\n\n".join(["“A paragraph of an excerpt that goes on and on."] * 50),
    ],
)
def test_hostile_quotation_layouts_stay_inside_the_text(text: str) -> None:
    analyse(text, "en")  # analyse() checks every offset
