"""Paragraphs, language identification and sentences, in ten languages."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slant.analyze import build
from slant.analyze.language import letters
from slant.analyze.paragraphs import paragraph_bounds
from slant.analyze.sentences import CHUNK_CHARS, sentence_bounds
from slant.document import Document

# Three sentences per language, written for these tests; each has an abbreviation
# or a number that a naive splitter would cut at.
SAMPLES = {
    "en": (
        "The mayor met Dr. Lindqvist at 9 a.m. on Monday to discuss the flood barrier.",
        "Residents said the river rose by 2.5 metres overnight.",
        "Nobody was hurt, according to the fire service.",
    ),
    "sv": (
        "Kommunen har bl.a. stängt två skolor efter översvämningen i centrum.",
        "Enligt räddningstjänsten steg vattnet med 2,5 meter under natten.",
        "Ingen skadades, säger kommunalrådet Anna Berg.",
    ),
    "de": (
        "Der Bürgermeister traf sich am Montag mit Dr. Lindqvist, u.a. wegen des Deichs.",
        "Nach Angaben der Feuerwehr stieg der Fluss um 2,5 Meter.",
        "Verletzt wurde niemand, sagte ein Sprecher der Stadt.",
    ),
    "fr": (
        "Le maire a rencontré M. Lindqvist lundi pour parler de la digue.",
        "Selon les pompiers, la rivière est montée de 2,5 mètres pendant la nuit.",
        "Personne n'a été blessé, a précisé la préfecture.",
    ),
    "ru": (
        "Мэр встретился с г-ном Линдквистом в понедельник, т.е. сразу после наводнения.",
        "По данным спасателей, уровень воды поднялся на 2,5 метра за ночь.",
        "Никто не пострадал, сообщили в администрации города.",
    ),
    "ar": (
        "التقى رئيس البلدية بالمهندس لينكفيست يوم الاثنين لمناقشة السد الجديد.",
        "وقال رجال الإطفاء إن منسوب النهر ارتفع مترين ونصف خلال الليل.",
        "هل أصيب أحد؟",
        "لم يصب أحد بأذى بحسب البلدية.",
    ),
    "es": (
        "El alcalde se reunió con el Sr. Lindqvist el lunes para hablar del dique.",
        "Según los bomberos, el río subió 2,5 metros durante la noche.",
        "Nadie resultó herido, informó el ayuntamiento de la ciudad.",
    ),
    "it": (
        "Il sindaco ha incontrato il dott. Lindqvist lunedì per discutere della diga.",
        "Secondo i vigili del fuoco, il fiume è salito di 2,5 metri durante la notte.",
        "Nessuno è rimasto ferito, ha riferito il comune della città.",
    ),
    "pl": (
        "Burmistrz spotkał się w poniedziałek z dr. Lindqvistem, m.in. w sprawie wału.",
        "Według strażaków poziom rzeki podniósł się w nocy o 2,5 metra.",
        "Nikt nie został ranny, poinformował rzecznik urzędu miasta.",
    ),
    "uk": (
        "Мер зустрівся з паном Ліндквістом у понеділок, щоб обговорити нову дамбу.",
        "За даними рятувальників, рівень води в річці піднявся на 2,5 метра за ніч.",
        "Ніхто не постраждав, повідомили в міській раді.",
    ),
}


def analysed(text: str) -> Document:
    return build()(Document("t", text))


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_language_and_sentences_in_ten_languages(language: str) -> None:
    sentences = SAMPLES[language]
    headline = sentences[0][:30].strip()
    doc = analysed(headline + "\n\n" + " ".join(sentences))
    assert doc.language == language
    found = [doc.span_text(s) for s in doc.layer("sentence")]
    assert found == [headline, *sentences]


def test_mixed_language_text_has_language_regions() -> None:
    swedish = " ".join(SAMPLES["sv"])
    english = " ".join(SAMPLES["en"])
    doc = analysed(f"{swedish}\n\n{english}\n\n{english}")
    assert doc.language == "en"
    assert set(doc.meta["languages"]) == {"en", "sv"}
    regions = [(s.label, doc.span_text(s)) for s in doc.layer("language")]
    assert regions == [("sv", swedish), ("en", f"{english}\n\n{english}")]


def test_short_headline_takes_the_language_of_the_text_below() -> None:
    doc = analysed("Vattnet steg\n\n" + " ".join(SAMPLES["sv"]) + "\n\n" + " ".join(SAMPLES["de"]))
    first = doc.layer("language")[0]
    assert (first.label, first.start) == ("sv", 0)


def test_one_foreign_quote_does_not_make_a_text_mixed() -> None:
    english = " ".join(SAMPLES["en"])
    doc = analysed("\n\n".join([english] * 12 + [SAMPLES["sv"][2]]))
    assert doc.language == "en"
    assert "languages" not in doc.meta


def test_paragraphs_split_on_blank_lines_keep_hard_wraps() -> None:
    text = "  First line\nwrapped here.\n\n\n Second para.\r\n \r\nThird.  \n"
    assert [text[a:b] for a, b in paragraph_bounds(text)] == [
        "First line\nwrapped here.",
        "Second para.",
        "Third.",
    ]


def test_paragraphs_split_on_lines_when_there_are_no_blank_lines() -> None:
    text = "Headline\nFirst paragraph.\nSecond paragraph."
    assert [text[a:b] for a, b in paragraph_bounds(text)] == [
        "Headline",
        "First paragraph.",
        "Second paragraph.",
    ]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .\n\t\r\u00a0\u2028é"), max_size=80))
def test_paragraph_offsets_slice_stripped_nonempty_ordered_blocks(text: str) -> None:
    bounds = paragraph_bounds(text)
    for (_, b), (c, _) in itertools.pairwise(bounds):
        assert b < c
    for a, b in bounds:
        piece = text[a:b]
        assert piece and piece == piece.strip()
    covered = "".join(text[a:b] for a, b in bounds)
    assert "".join(covered.split()) == "".join(text.split())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from([*SAMPLES["en"], *SAMPLES["ru"], "\n\n", "\n", "  ", "?!", "…"]), max_size=12)
)
def test_every_span_slices_the_text_and_sentences_stay_in_paragraphs(parts: list[str]) -> None:
    doc = analysed("".join(parts))
    doc.check_spans()
    paragraphs = doc.layer("paragraph")
    for sentence in doc.layer("sentence"):
        piece = doc.span_text(sentence)
        assert piece and piece == piece.strip()
        assert any(p.start <= sentence.start and sentence.end <= p.end for p in paragraphs)


def test_a_huge_paragraph_is_split_in_chunks_without_losing_text() -> None:
    sentence = "The river rose again and the council met late into the night. "
    text = sentence * (CHUNK_CHARS * 3 // len(sentence))
    bounds = sentence_bounds(text, "en")
    assert len(bounds) == text.count(".")
    assert all(text[a:b] == sentence.strip() for a, b in bounds)


def test_empty_numbers_and_urls_only_text() -> None:
    assert analysed("").spans == []
    doc = analysed("12 345 678\n\nhttps://example.org/a https://example.org/b")
    assert len(doc.layer("paragraph")) == 2
    assert doc.language is not None
    assert letters("12 345, 6!") == 0


def test_text_in_a_script_spacy_does_not_know_still_gets_sentences() -> None:
    doc = analysed("ሰላም ለዓለም። ይህ ሁለተኛ ዓረፍተ ነገር ነው።")  # Amharic
    assert doc.layer("sentence")
    doc.check_spans()


def test_running_the_pipeline_twice_gives_the_same_spans() -> None:
    doc = analysed(" ".join(SAMPLES["fr"]))
    before = [s.to_dict() for s in doc.spans]
    build()(doc)
    assert sorted(map(str, before)) == sorted(str(s.to_dict()) for s in doc.spans)


def test_tokenizer_vocabulary_stays_bounded_over_many_new_words(monkeypatch: pytest.MonkeyPatch) -> None:
    from slant.analyze import sentences

    monkeypatch.setattr(sentences, "VOCABULARY_LIMIT", 3_000)
    monkeypatch.setattr(sentences, "_TOKENIZERS", {})
    for i in range(400):
        words = [f"Word{i}x{j}." for j in range(20)]
        text = " ".join(words)
        assert [text[a:b] for a, b in sentence_bounds(text, "sv")] == words
        assert len(sentences._nlp("sv").vocab.strings) <= 3_000 + 200
