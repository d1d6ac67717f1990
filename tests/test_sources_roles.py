"""How a text uses its sources: credits, link posts, misspelt and look-alike domains, stance,
"cited as saying by", and one id space with the entity layer; all texts invented."""

from __future__ import annotations

import pytest

import slant.entities.analyzer
import slant.sources.analyzer  # noqa: F401  (registers the analyzer)
from slant import checkset
from slant.document import Document, Span
from slant.sources.domains import DomainMatcher, distance, skeleton
from slant.sources.outlets import default


def sources(text: str, language: str = "en") -> Document:
    doc = checkset.analysed({"id": "t", "language": language, "text": text}, "sources", {})
    for span in doc.layer("source"):
        assert 0 <= span.start < span.end <= len(text)
        for key in ("cue", "headline", "stance"):
            start, end = span.attrs.get(f"{key}_start"), span.attrs.get(f"{key}_end")
            assert (start is None) == (end is None) and (start is None or 0 <= start < end <= len(text))
    return doc


def found(doc: Document, words: str) -> Span:
    return next(s for s in doc.layer("source") if doc.span_text(s) == words)


@pytest.mark.parametrize(
    ("text", "language", "agency", "outlet"),
    [
        ("Rescuers search the rubble in eastern Aleppo. © AFP", "en", "AFP", "afp"),
        ("Photo: Reuters\n\nThe convoy reached the city at dawn.", "en", "Reuters", "reuters"),
        ("Foto: Anna Berg/TT\n\nHamnen stängdes under natten.", "sv", "TT", "tt"),
        ("Фото: ТАСС\n\nКонвой прибыл в город утром.", "ru", "ТАСС", "tass"),
        ("Bild: dpa\n\nDer Hafen bleibt geschlossen.", "de", "dpa", "dpa"),
    ],
)
def test_picture_credits_are_credits_not_citations(
    text: str, language: str, agency: str, outlet: str
) -> None:
    span = found(sources(text, language), agency)
    assert (span.attrs["role"], span.attrs["outlet"], span.attrs["cued"]) == ("credit", outlet, False)


def test_cited_as_saying_by_is_a_citation_of_the_agency() -> None:
    doc = sources("The official was cited as saying by Tass that the convoy had been attacked.")
    tass = found(doc, "Tass")
    assert (tass.attrs["outlet"], tass.attrs["role"]) == ("tass", "citation")


def test_misspelt_and_look_alike_domains() -> None:
    doc = sources("The story ran on sputiknews.com first, then on rеuters.com (with a Cyrillic е).")
    typo = found(doc, "sputiknews.com")
    assert (typo.attrs["outlet"], typo.attrs["match"]) == ("sputnik", "fuzzy")
    fake = found(doc, "rеuters.com")
    assert (fake.attrs["outlet"], fake.attrs["match"], fake.attrs["imitates"]) == (
        None,
        "homoglyph",
        "reuters",
    )


def test_domain_matching_rules() -> None:
    matcher = DomainMatcher(default())
    assert matcher.match("rt.com").how == "exact"
    assert matcher.match("rr.com").how == "none"  # short domains are matched exactly only
    assert matcher.match("xn--rters-uye.com").how in {"homoglyph", "none"}
    assert skeleton("раураl.com") == "paypal.com"
    assert distance("sputiknews.com", "sputniknews.com", 2) == 1
    assert distance("abc", "xyzuvw", 2) == 3


def test_link_post_lines_are_cited_articles_with_their_headlines() -> None:
    doc = sources(
        "Today's reading:\n\n"
        "- rt.com – Western media ignore the Aleppo evacuation again\n"
        "- BBC: Syrian army retakes eastern Aleppo district\n"
        "- Short note without a source"
    )
    rt, bbc = found(doc, "rt.com"), found(doc, "BBC")
    assert (rt.attrs["role"], rt.attrs["headline"]) == (
        "article",
        "Western media ignore the Aleppo evacuation again",
    )
    assert (bbc.attrs["role"], bbc.attrs["headline"]) == (
        "article",
        "Syrian army retakes eastern Aleppo district",
    )


@pytest.mark.parametrize(
    ("text", "language", "name", "stance"),
    [
        ("As the ever-unreliable CNN claims, nothing happened in the square.", "en", "CNN", "disputed"),
        ("Reuters rightly reports that the road is closed.", "en", "Reuters", "relied"),
        ("Enligt den opålitliga RT var det lugnt i staden.", "sv", "RT", "disputed"),
        ("Reuters reported that the road is closed.", "en", "Reuters", None),
    ],
)
def test_stance_toward_a_source_only_where_the_text_says_it(
    text: str, language: str, name: str, stance: str | None
) -> None:
    assert found(sources(text, language), name).attrs.get("stance") == stance


def test_an_outlet_has_one_id_in_the_entity_and_source_layers() -> None:
    text = "Fox News reported the strike first. Later Tass confirmed it."
    doc = checkset.analysed({"id": "t", "language": "en", "text": text}, "entities", {})
    doc.spans.extend(sources(text).layer("source"))
    for name in ("Fox News", "Tass"):
        ids = {
            s.attrs.get("canonical") or s.attrs.get("outlet") for s in doc.spans if doc.span_text(s) == name
        }
        assert len(ids) == 1 and None not in ids, (name, ids)


def test_two_hundred_links_and_homoglyph_noise() -> None:
    lines = [f"- reuters.com/world/{i} – Headline number {i} about the siege" for i in range(200)]
    lines += ["- rеutеrs.com – a look-alike", "- аррӏе.com – nothing real", "- www.xn--80ak6aa92e.com"]
    doc = sources("\n".join(lines))
    assert sum(1 for s in doc.layer("source") if s.attrs.get("outlet") == "reuters") == 200
    assert all(s.attrs.get("outlet") is None for s in doc.layer("source") if not doc.span_text(s).isascii())
