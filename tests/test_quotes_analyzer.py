"""The ``quotes`` analyzer on invented English, Swedish, German, French and Russian news text."""

from __future__ import annotations

import pytest

import slant.quotes.analyzer  # noqa: F401  (registers the analyzer)
from slant.analyze import build
from slant.document import Document, Span

PIPELINE = ["paragraphs", "language", "sentences", "quotes"]


def analyse(text: str, language: str | None = None, entities: list[Span] | None = None) -> Document:
    doc = Document("t", text, {"language": language} if language else {})
    if entities:
        doc.spans.extend(entities)
    build(PIPELINE)(doc)
    check(doc)
    return doc


def check(doc: Document) -> None:
    """Every quote lies in the text, its parts, source and cue too, and its attrs are complete."""
    size = len(doc.text)
    for span in doc.layer("quote"):
        assert 0 <= span.start < span.end <= size
        assert doc.span_text(span).strip()
        assert span.label in {"direct", "indirect", "mixed"} and span.attrs["kind"] == span.label
        assert span.score is not None and 0.0 <= span.score <= 1.0
        for start_key, end_key in (("source_start", "source_end"), ("cue_start", "cue_end")):
            start, end = span.attrs[start_key], span.attrs[end_key]
            assert (start is None) == (end is None)
            if start is not None:
                assert 0 <= start < end <= size
        for start, end in span.attrs.get("parts", [[span.start, span.end]]):
            assert span.start <= start < end <= span.end


def quotes(doc: Document) -> list[tuple[str, str | None, str | None]]:
    """(content, source text, speaker) of each quote."""
    out = []
    for span in doc.layer("quote"):
        source = None
        if span.attrs["source_start"] is not None:
            source = doc.text[span.attrs["source_start"] : span.attrs["source_end"]]
        out.append((doc.span_text(span), source, span.attrs["speaker"]))
    return out


def find(doc: Document, fragment: str) -> Span:
    matches = [s for s in doc.layer("quote") if fragment in doc.span_text(s)]
    assert matches, (fragment, quotes(doc))
    return matches[0]


def source_text(doc: Document, span: Span) -> str | None:
    if span.attrs["source_start"] is None:
        return None
    return doc.text[span.attrs["source_start"] : span.attrs["source_end"]]


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("“", "”"), ('"', '"'), ("„", "“"), ("«", "»"), ("« ", " »"), ("‘", "’")],
)
def test_direct_quote_in_every_style(opening: str, closing: str) -> None:
    quote = f"{opening}We will reopen the port next week,{closing}"
    text = f"Harbour talks\n\n{quote} said Mayor Lena Ortiz on Tuesday."
    doc = analyse(text, "en")
    span = find(doc, "reopen the port")
    assert span.label == "direct"
    assert doc.span_text(span).startswith(opening.strip())
    assert "Lena Ortiz" in (source_text(doc, span) or "")
    assert span.attrs["speaker"] == "per:lena-ortiz"
    assert doc.text[span.attrs["cue_start"] : span.attrs["cue_end"]] == "said"


def test_indirect_speech_with_that() -> None:
    doc = analyse(
        "Talks\n\nForeign Minister Sergei Lavrov stated that the ceasefire would hold until spring.", "en"
    )
    span = find(doc, "ceasefire")
    assert doc.span_text(span) == "that the ceasefire would hold until spring"
    assert span.label == "indirect"
    assert source_text(doc, span) == "Foreign Minister Sergei Lavrov"
    assert span.attrs["speaker"] == "per:sergei-lavrov"


def test_according_to() -> None:
    doc = analyse(
        "Convoy\n\nAccording to the Estravian Red Cross, the convoy reached Velsburg at dawn.", "en"
    )
    span = find(doc, "convoy reached")
    assert doc.span_text(span) == "the convoy reached Velsburg at dawn"
    assert "Red Cross" in (source_text(doc, span) or "")
    assert doc.text[span.attrs["cue_start"] : span.attrs["cue_end"]] == "According to"


def test_block_quote_after_said_colon() -> None:
    text = (
        "Port deal\n\nHarbour chief Tomas Reyes told the council on Monday:\n\n"
        "“The cranes are old, the contracts are older, and nobody has paid for either. We start again.”"
    )
    doc = analyse(text, "en")
    span = find(doc, "The cranes are old")
    assert span.label == "direct"
    assert "Tomas Reyes" in (source_text(doc, span) or "")
    assert span.attrs["speaker"] == "per:tomas-reyes"


def test_split_quote_is_one_quote_in_two_parts() -> None:
    text = "Strike\n\n“We are not going back,” union leader Mira Holm said, “until the wages are paid.”"
    doc = analyse(text, "en")
    span = find(doc, "not going back")
    parts = [doc.text[s:e] for s, e in span.attrs["parts"]]
    assert parts == ["“We are not going back,”", "“until the wages are paid.”"]
    assert source_text(doc, span) == "union leader Mira Holm"
    assert len(doc.layer("quote")) == 1


def test_pronoun_speaker_resolves_to_last_person() -> None:
    text = (
        "Budget\n\nFinance Minister Karin Lindqvist presented the budget to parliament on Monday. "
        "The opposition leader Omar Haddad walked out. "
        "He said the plan would hurt pensioners."
    )
    doc = analyse(text, "en")
    span = find(doc, "hurt pensioners")
    assert source_text(doc, span) == "He"
    assert span.attrs["speaker"] == "per:omar-haddad"
    assert span.attrs["speaker_name"] == "Omar Haddad"


def test_pronoun_after_a_quote_goes_to_its_speaker_even_when_the_ner_missed_the_name() -> None:
    text = (
        "Harbour\n\nInterior Minister Vera Kolm said the port had reopened. "
        "Opposition MP Arno Belvik of the Coastal League demanded her resignation. "
        "\u201cA government that sells the harbour at night will also clear it at night,\u201d he said."
    )
    start = text.index("Vera Kolm")
    league = text.index("Coastal League")
    entities = [
        Span("entity", start, start + 9, "PER", attrs={"canonical": "per:vera-kolm", "name": "Vera Kolm"}),
        Span("entity", league, league + 14, "ORG", attrs={"canonical": "org:coastal-league"}),
    ]
    doc = analyse(text, "en", entities)
    demand = find(doc, "resignation")
    assert demand.attrs["speaker"] == "per:arno-belvik"
    quote = find(doc, "sells the harbour")
    assert source_text(doc, quote) == "he"
    assert quote.attrs["speaker"] == "per:arno-belvik"


def test_entity_layer_supplies_canonical_speaker() -> None:
    text = "Talks\n\nLavrov said that the talks would continue in Geneva."
    start = text.index("Lavrov")
    entity = Span(
        "entity", start, start + 6, "PER", attrs={"canonical": "sergei-lavrov", "name": "Sergei Lavrov"}
    )
    doc = analyse(text, "en", [entity])
    span = find(doc, "talks would continue")
    assert span.attrs["speaker"] == "sergei-lavrov"
    assert span.attrs["speaker_name"] == "Sergei Lavrov"


def test_scare_quotes_are_not_quotes() -> None:
    doc = analyse("Markets\n\nThe so-called “experts” failed to see the crash coming, again.", "en")
    assert not [s for s in doc.layer("quote") if "experts" in doc.span_text(s)]


def test_swedish_dash_dialogue_quotes_and_indirect() -> None:
    text = (
        "Hamnen öppnar\n\n"
        "– Vi öppnar hamnen igen i morgon, säger hamnchefen Anna Berg.\n\n"
        "Kommunalrådet Per Ek sa: ”Det här är en bra dag för staden.”\n\n"
        "Enligt Trafikverket blir det långa köer under morgonen. Enligt polisen greps tre personer.\n\n"
        "Hon sa att arbetet var klart."
    )
    doc = analyse(text, "sv")
    dash = find(doc, "Vi öppnar hamnen")
    assert doc.span_text(dash) == "Vi öppnar hamnen igen i morgon"
    assert source_text(doc, dash) == "Anna Berg"
    assert find(doc, "bra dag").label == "direct"
    assert "Per Ek" in (source_text(doc, find(doc, "bra dag")) or "")
    assert source_text(doc, find(doc, "långa köer")) == "Trafikverket"
    police = find(doc, "greps tre")
    assert (source_text(doc, police), doc.span_text(police)) == ("polisen", "greps tre personer")
    pronoun = find(doc, "arbetet var klart")
    assert source_text(doc, pronoun) == "Hon"
    assert pronoun.attrs["speaker"] == "per:per-ek"
    assert all(s.model == "slant.quotes.rules@1" for s in doc.layer("quote"))


def test_german_quotes() -> None:
    text = (
        "Hafen\n\n„Wir sind bereit“, sagte Hafenchef Klaus Weber am Montag.\n\n"
        "Er sagte: »Wir kommen morgen wieder.«\n\n"
        "Weber erklärte, dass der Hafen sicher sei."
    )
    doc = analyse(text, "de")
    assert "Klaus Weber" in (source_text(doc, find(doc, "Wir sind bereit")) or "")
    assert find(doc, "Wir sind bereit").attrs["speaker"] == "per:klaus-weber"
    assert find(doc, "Wir sind bereit").label == "direct"
    assert source_text(doc, find(doc, "morgen wieder")) == "Er"
    assert find(doc, "morgen wieder").attrs["speaker"] == "per:klaus-weber"
    indirect = find(doc, "Hafen sicher")
    assert doc.span_text(indirect) == "dass der Hafen sicher sei" and indirect.label == "indirect"


def test_french_guillemets_with_spaces() -> None:
    text = (
        "Port\n\n« Nous sommes prêts », a déclaré la ministre Claire Dubois.\n\n"
        "Selon le ministère, le port rouvrira jeudi.\n\nDubois a affirmé que tout allait bien."
    )
    doc = analyse(text, "fr")
    direct = find(doc, "Nous sommes prêts")
    assert doc.span_text(direct) == "« Nous sommes prêts »"
    assert source_text(doc, direct) == "Claire Dubois"
    assert source_text(doc, find(doc, "port rouvrira")) == "le ministère"
    assert find(doc, "tout allait bien").attrs["speaker"] == "per:claire-dubois"


def test_russian_dash_and_guillemets() -> None:
    text = (
        "Порт\n\n«Мы готовы открыть порт», — сказал Иван Петров.\n\n"
        "По словам министра, порт откроется в четверг.\n\n"
        "— Работы закончены, — сказал он."
    )
    doc = analyse(text, "ru")
    direct = find(doc, "Мы готовы")
    assert source_text(doc, direct) == "Иван Петров"
    assert direct.attrs["speaker"] == "per:ivan-petrov"
    assert source_text(doc, find(doc, "порт откроется")) == "министра"
    dash = find(doc, "Работы закончены")
    assert source_text(doc, dash) == "он" and dash.attrs["speaker"] == "per:ivan-petrov"


@pytest.mark.parametrize("language", ["en", "sv"])
def test_bad_input_never_crashes_or_leaves_the_text(language: str) -> None:
    cues = {"en": "said", "sv": "sa"}
    unbalanced = f'Title\n\n“This quote never closes, {cues[language]} Anna. And " a stray mark « here.'
    one_long_quote = "“" + " ".join(["We will stay and we will build the port again."] * 200) + "”"
    long_paragraph = "Intro\n\n" + " ".join(
        f"Minister Lee said that plan {i} was ready." if i % 7 == 0 else f"Sentence {i} has no quote at all."
        for i in range(300)
    )
    for text in ["", "   ", "“", "”“", '"', unbalanced, one_long_quote, long_paragraph, "«»", "„“ „“"]:
        doc = analyse(text, language)
        assert all(s.end <= len(text) for s in doc.layer("quote"))
    doc = analyse(long_paragraph, "en")
    assert len([s for s in doc.layer("quote") if "was ready" in doc.span_text(s)]) >= 30
    doc = analyse(one_long_quote, language)
    assert len(doc.layer("quote")) <= 1


def test_english_without_the_spacy_model_falls_back_to_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from slant.quotes import parse

    def missing() -> None:
        raise OSError("no model")

    monkeypatch.setattr(parse, "english", missing)
    doc = analyse(
        "Talks\n\n“We will stay,” said Mayor Lena Ortiz. Ortiz said that the port would open.", "en"
    )
    assert {s.model for s in doc.layer("quote")} == {"slant.quotes.rules@1"}
    assert find(doc, "We will stay").attrs["speaker"] == "per:lena-ortiz"
    assert doc.span_text(find(doc, "port would open")) == "that the port would open"
