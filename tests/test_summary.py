"""A document at a glance (slant.summary): only shown spans count, each item points at a span."""
# ruff: noqa: E501  (tables of cases: one line each)

from __future__ import annotations

import pytest

from slant.document import Document, Span
from slant.store.queries import sentence_context
from slant.summary import genre, summarize

TEXT = (
    "Ledare: Hamnen\n\n"
    "Regeringen kallar det en säkerhetsinsats. Pöbeln på bron är högljudd. "
    "”Vi stannar”, sade Greta Mårs. ”Vi går inte”, sade hon. Polisen grep 37 personer."
)


def _at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def doc() -> Document:
    return Document(
        "sv-ledare",
        TEXT,
        {"title": "Ledare: Hamnen", "language": "sv"},
        [
            Span("technique", *_at("Pöbeln"), "Loaded_Language", 0.7, {"display_threshold": 0.6}),
            Span("technique", *_at("högljudd"), "Loaded_Language", 0.62, {"display_threshold": 0.6}),
            Span("technique", *_at("en säkerhetsinsats"), "Doubt", 0.2, {"hidden": True}),
            Span("claim", *_at("Polisen grep 37 personer."), "claim", 0.9, {"claim_type": "fact"}),
            Span("claim", *_at("Pöbeln på bron är högljudd."), "claim", 0.4, {}),
            Span("quote", *_at("”Vi stannar”"), "direct", 0.8, {"speaker": "per:greta-mars", "speaker_name": "Greta Mårs"}),
            Span("quote", *_at("”Vi går inte”"), "direct", 0.6, {"speaker": "per:greta-mars", "speaker_name": "hon"}),
            Span("entity", *_at("Greta Mårs"), "PER", None, {"canonical": "per:greta-mars"}),
        ],
    )  # fmt: skip


def test_summary_counts_only_shown_spans_and_points_at_them() -> None:
    d = doc()
    summary = summarize(d)
    assert summary.genre == "opinion" and "Ledare" in (summary.genre_reason or "")
    assert [(i.name, i.count) for i in summary.techniques] == [("Loaded language", 2)]
    best = summary.techniques[0].span
    assert d.text[best.start : best.end] == "Pöbeln"  # the strongest span of the technique
    assert [i.name for i in summary.claims] == ["Polisen grep 37 personer.", "Pöbeln på bron är högljudd."]
    assert [(i.name, i.count) for i in summary.quoted] == [("Greta Mårs", 2)]  # variants under one actor
    assert [i.name for i in summary.actors] == ["Greta Mårs"]
    assert summary.shown["technique"] == 2 and summary.below["technique"] == 1
    assert not summary.empty and summarize(Document("e", "Nothing.", {})).empty


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"genre": "report"}, "report"),
        ({"title": "Opinion | The harbour is not for sale"}, "opinion"),
        ({"title": "Мнение: порт продали"}, "opinion"),
        ({"url": "https://example.org/sv/debatt/2026/hamnen"}, "opinion"),
        ({"title": "Harbour reopens after night raid"}, None),
        ({"url": "https://example.org/news/opinionated-cats"}, None),
    ],
)
def test_genre_from_what_the_input_says(meta: dict[str, object], expected: str | None) -> None:
    assert genre(meta)[0] == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("First sentence. Then the mayor called them ", " at the meeting. Next one.", ("Then the mayor called them ", " at the meeting.")),
        ("Title\nThe ", " said so", ("The ", " said so")),
        ("", "", ("", "")),
        ("x" * 200, "y" * 200, ("…" + "x" * 200, "y" * 200 + "…")),
    ],
)  # fmt: skip
def test_sentence_around_a_search_hit(before: str, after: str, expected: tuple[str, str]) -> None:
    assert sentence_context(before, after) == expected


def test_framing_items_count_shown_spans_only() -> None:
    d = Document(
        "framed",
        TEXT,
        {"language": "sv"},
        [
            Span("role", *_at("Greta Mårs"), "Innocent", 0.9, {"canonical": "per:greta-mars", "fine_role": "Victim"}),
            Span("role", *_at("Regeringen"), "Antagonist", 0.9, {"canonical": "org:regeringen", "fine_role": "Tyrant"}),
            Span("role", *_at("Polisen"), "Protagonist", 0.4, {"canonical": "org:polisen", "hidden": True}),
            Span("genre", 0, len(TEXT), "opinion", 0.91, {"scores": {"opinion": 0.91}}),
            Span("frame", *_at("Polisen grep 37 personer."), "Crime_and_punishment", 0.7, {}),
            Span("narrative", *_at("Pöbeln på bron är högljudd."), "Protesters: Foreign money", 0.6, {"subnarrative": "Protesters: Foreign money: Other"}),
        ],
    )  # fmt: skip
    s = summarize(d)
    assert (s.genre, s.genre_reason) == ("opinion", "model, 0.91")
    assert [(i.name, i.detail) for i in s.cast] == [
        ("Regeringen", "Antagonist (Tyrant)"),
        ("Greta Mårs", "Innocent (Victim)"),
    ]
    assert [i.name for i in s.frames] == ["Crime_and_punishment"]
    assert [(i.name, i.detail) for i in s.narratives] == [
        ("Protesters: Foreign money", "Protesters: Foreign money: Other")
    ]
    declared = summarize(Document("d", TEXT, {"title": "Ledare: Hamnen"}, d.spans))
    assert declared.genre == "opinion" and declared.genre_reason.startswith(
        "title"
    )  # the declared genre wins
