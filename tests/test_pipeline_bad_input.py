"""The whole default pipeline on hostile input: no crash, every span and offset inside the text."""

from __future__ import annotations

import pytest

from slant.analyze import build
from slant.document import Document

SENTENCES = (
    "Lavrov said the ceasefire in Aleppo had collapsed on Sunday. The talks are over, according to Reuters. "
)
CASES = {
    "unbalanced quotes": 'Talks\n\n“We will not retreat, said the minister. «Never,» he added. "And then',
    "300-sentence paragraph": "Long\n\n" + SENTENCES * 150,
    "one long quote": "“"
    + " ".join(f"Sentence {i} of what the general said at the front." for i in range(120))
    + "”",
    "unseen scripts": "ნიკოლოზ ბარათაშვილი თქვა, რომ ომი დასრულდა. ኃይሌ ገብረሥላሴ አዲስ አበባ ውስጥ ተናግሯል።",
    "only punctuation and digits": "… — 12 / 34 ; «» “” 2016-09-09 ... !!! ???",
    "urls only": "https://www.sana.sy/?p=123 http://almasdarnews.com/article/1 www.reuters.com",
    "control characters": "Lavrov\x00 said\x1b[2J “yes”\u200b in Aleppo \ufeff on Sunday.",
}


@pytest.fixture(scope="module")
def pipeline():  # type: ignore[no-untyped-def]
    return build(techniques={"tier": "fast"}, claims={"tier": "fast"})


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_text_gives_spans_inside_the_text(pipeline, name: str) -> None:  # type: ignore[no-untyped-def]
    text = CASES[name]
    doc = pipeline(Document(name, text, meta={"published": "2016-09-25"}))
    doc.check_spans()
    size = len(text)
    for span in doc.spans:
        assert 0 <= span.start < span.end <= size, span
        for key, value in span.attrs.items():
            if key.endswith(("_start", "_end")) and value is not None:
                assert 0 <= value <= size, (key, span)
        for start, end in span.attrs.get("parts", []):
            assert span.start <= start < end <= span.end, span


def test_the_long_paragraph_still_finds_what_it_says(pipeline) -> None:  # type: ignore[no-untyped-def]
    doc = pipeline(Document("long", CASES["300-sentence paragraph"], meta={"published": "2016-09-25"}))
    assert len(doc.layer("sentence")) == 301  # the title and 300 sentences
    assert len([s for s in doc.layer("quote") if s.attrs["speaker"] == "sergei-lavrov"]) >= 140
    assert {s.attrs["outlet"] for s in doc.layer("source")} == {"reuters"}
    assert {s.attrs["value"] for s in doc.layer("date")} == {"2016-09-25"}
