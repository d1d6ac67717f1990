"""``meta.language`` names the author's language, not the quoted one; headlines get their own span."""

from __future__ import annotations

from slant.analyze import build
from slant.analyze.language import authors_text
from slant.document import Document

EXCERPT = (
    "The evacuation of eastern Aleppo was halted on Friday after buses came under fire, according to "
    "witnesses. The United Nations said thousands of civilians remained trapped in the last districts "
    "of the city, with little food and no functioning hospitals left."
)


def analysed(text: str) -> Document:
    doc = Document("t", text, {})
    build(["paragraphs", "language"])(doc)
    return doc


def test_a_swedish_post_relaying_english_excerpts_is_swedish() -> None:
    doc = analysed(
        "Veckans läsning om Aleppo\n\n"
        "Här är några utdrag ur engelskspråkig press som svenska medier inte rapporterar om. "
        "Reuters skrev:\n\n"
        f"{EXCERPT}\n\n"
        f"Och The Guardian lägger till: ”{EXCERPT}”\n\n"
        "Jag tycker att det säger mycket om hur lite vi får veta här hemma."
    )
    assert doc.meta["language"] == "sv"
    assert doc.meta["languages"]["en"] > doc.meta["languages"]["sv"]
    assert 0.5 < doc.meta["quoted_share"] < 1.0
    assert [s.label for s in doc.layer("language")][:3] == ["sv", "en", "sv"]


def test_a_text_without_quotes_has_none_quoted() -> None:
    doc = analysed(
        "Hamnen i Lindhaven stängdes under natten efter stormen, uppger kommunen i ett pressmeddelande."
    )
    assert doc.meta["language"] == "sv" and doc.meta["quoted_share"] == 0.0


def test_a_headline_in_another_language_gets_its_own_span() -> None:
    doc = analysed(
        "Aleppo evacuation halted as buses come under fire\n"
        "Evakueringen av östra Aleppo stoppades i fredags sedan bussar besköts, uppger vittnen på plats. "
        "Tusentals civila är fortfarande kvar i staden."
    )
    assert [s.label for s in doc.layer("language")] == ["en", "sv"]
    first = doc.layer("language")[0]
    assert doc.text[first.start : first.end] == "Aleppo evacuation halted as buses come under fire"


def test_authors_text_leaves_out_quotes_and_excerpts() -> None:
    text = 'He wrote:\n\n"All of this is quoted."\n\nMine, and "not this", too.'
    own, quoted = authors_text(text, [(0, 10), (12, 35), (37, len(text))])
    assert "quoted" not in own and "not this" not in own and "Mine" in own and quoted > 0


def test_language_at_an_offset() -> None:
    doc = analysed(
        "Aleppo evacuation halted as buses come under fire\n"
        "Evakueringen av östra Aleppo stoppades i fredags sedan bussar besköts, uppger vittnen på plats. "
        "Tusentals civila är fortfarande kvar i staden."
    )
    assert doc.language_at(0) == "en"
    assert doc.language_at(len(doc.text) - 1) == "sv"
    assert doc.language_at(10**9) == doc.language == "sv"  # past the text: the document's
    assert Document("t", "no analysis yet").language_at(0) is None
