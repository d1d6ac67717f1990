"""The ``dates`` analyzer: absolute and relative dates in several languages, resolved against publication."""

from __future__ import annotations

from typing import Any

import pytest

import slant.dates.analyzer  # noqa: F401  (registers the analyzer)
from slant.analyze import build
from slant.dates.evaluate import evaluate
from slant.document import Document

PUBLISHED = "2016-09-27T10:00:00+02:00"  # a Tuesday


def run(text: str, published: Any = PUBLISHED) -> Document:
    meta = {} if published is None else {"published": published}
    doc = build(["paragraphs", "language", "sentences", "dates"])(Document("t", text, meta))
    for span in doc.layer("date"):
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.span_text(span) == doc.span_text(span).strip()
        assert span.label in ("day", "week", "month", "year")
        assert span.attrs["certainty"] in (
            "explicit",
            "inferred-year",
            "relative",
            "approximate",
            "unresolved",
        )
    return doc


def dates(text: str, published: Any = PUBLISHED) -> list[tuple[str, str | None, str]]:
    doc = run(text, published)
    return [(doc.span_text(s), s.attrs["value"], s.attrs["certainty"]) for s in doc.layer("date")]


def test_english_absolute_dates() -> None:
    found = dates(
        "On September 9th the convoy was hit. Sunday's 25th September 2016 was calm. Sept. 9 was quiet. "
        "The deal was signed 2016-09-25, stamped 25/09/2016 and filed on 9 September 2016."
    )
    assert found == [
        ("September 9th", "2016-09-09", "inferred-year"),
        ("Sunday's 25th September 2016", "2016-09-25", "explicit"),
        ("Sept. 9", "2016-09-09", "inferred-year"),
        ("2016-09-25", "2016-09-25", "explicit"),
        ("25/09/2016", "2016-09-25", "explicit"),
        ("9 September 2016", "2016-09-09", "explicit"),
    ]


def test_numeric_dates_are_day_first_unless_impossible() -> None:
    doc = run("Signed 09/25/2016, filed 03/04/2016, sealed 04/04/2016.")
    spans = doc.layer("date")
    assert [s.attrs["value"] for s in spans] == ["2016-09-25", "2016-04-03", "2016-04-04"]
    assert [s.attrs.get("note") for s in spans] == ["month-first", "day-first assumed", None]


def test_english_relative_dates() -> None:
    found = dates(
        "Last year the town fell. 15 years ago it was rich; two days ago a truce began. Yesterday was calm, "
        "today is not. On Sunday the army moved. Next month they vote. Last week was bad."
    )
    assert found == [
        ("Last year", "2015", "relative"),
        ("15 years ago", "2001", "approximate"),
        ("two days ago", "2016-09-25", "relative"),
        ("Yesterday", "2016-09-26", "relative"),
        ("today", "2016-09-27", "relative"),
        ("Sunday", "2016-09-25", "approximate"),
        ("Next month", "2016-10", "relative"),
        ("Last week", "2016-09-19/2016-09-25", "relative"),
    ]


def test_weekdays_point_back_or_forward() -> None:
    assert dates("Tuesday was calm. Last Tuesday too. Next Tuesday talks resume.") == [
        ("Tuesday", "2016-09-27", "approximate"),
        ("Last Tuesday", "2016-09-20", "approximate"),
        ("Next Tuesday", "2016-10-04", "approximate"),
    ]


def test_months_and_years_need_a_cue() -> None:
    found = dates("In September 2016 the rebels lost ground. In 2015 they held it. In March it rained.")
    assert found == [
        ("September 2016", "2016-09", "explicit"),
        ("2015", "2015", "explicit"),
        ("March", "2016-03", "inferred-year"),
    ]
    assert dates("They may march again. He counted 2015 votes, 12 trucks and 300 people. Reuters 2015") == []


def test_not_inside_urls_or_larger_numbers() -> None:
    assert (
        dates("See https://example.org/2016-09-25/news and www.x.example/25/09/2016 or 1234 2016-09-251.")
        == []
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Den 9 september 2016 dödades tolv personer. I går sa polisen att det var lugnt, "
            "i fjol var det värre.",
            [("9 september 2016", "2016-09-09"), ("I går", "2016-09-26"), ("i fjol", "2015")],
        ),
        (
            "Am 9. September 2016 wurden zwölf Menschen getötet. Gestern sagte die Polizei, "
            "vor 15 Jahren war es anders.",
            [("9. September 2016", "2016-09-09"), ("Gestern", "2016-09-26"), ("vor 15 Jahren", "2001")],
        ),
        (
            "Le 9 septembre 2016, douze personnes ont été tuées. Hier, la police a dit que "
            "l'année dernière était pire, il y a 15 ans.",
            [
                ("9 septembre 2016", "2016-09-09"),
                ("Hier", "2016-09-26"),
                ("l'année dernière", "2015"),
                ("il y a 15 ans", "2001"),
            ],
        ),
        (
            "9 сентября 2016 года погибли 12 человек. Вчера полиция сообщила, что в прошлом году "
            "было хуже, 15 лет назад тоже.",
            [
                ("9 сентября 2016 года", "2016-09-09"),
                ("Вчера", "2016-09-26"),
                ("в прошлом году", "2015"),
                ("15 лет назад", "2001"),
            ],
        ),
        (
            "قتل 12 شخصا في 9 سبتمبر 2016. وقالت الشرطة أمس إن العام الماضي كان أسوأ. "
            "في ٩ أيلول ٢٠١٦ دخلت القافلة.",
            [
                ("9 سبتمبر 2016", "2016-09-09"),
                ("أمس", "2016-09-26"),
                ("العام الماضي", "2015"),
                ("٩ أيلول ٢٠١٦", "2016-09-09"),
            ],
        ),
        (
            "El 9 de septiembre de 2016 murieron doce personas. Ayer la policía habló.",
            [("9 de septiembre de 2016", "2016-09-09"), ("Ayer", "2016-09-26")],
        ),
    ],
)
def test_other_languages(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f[0], f[1]) for f in dates(text)] == expected


def test_german_morning_is_not_tomorrow() -> None:
    assert dates("Am Morgen fielen Schüsse, morgen wird verhandelt.") == [
        ("morgen", "2016-09-28", "relative")
    ]


@pytest.mark.parametrize("published", [None, "", "not a date", "2016-13-45", 12345])
def test_without_a_usable_publication_date_relative_dates_are_unresolved(published: Any) -> None:
    doc = run(
        "Yesterday the army advanced. On 9 September 2016 the town fell. In March it rained.", published
    )
    spans = {doc.span_text(s): s.attrs for s in doc.layer("date")}
    assert spans["Yesterday"]["value"] is None and spans["Yesterday"]["certainty"] == "unresolved"
    assert spans["Yesterday"]["reason"] == "no publication date" and spans["Yesterday"]["anchor"] is None
    assert spans["March"]["value"] is None and spans["March"]["certainty"] == "unresolved"
    assert (
        spans["9 September 2016"]["value"] == "2016-09-09"
        and spans["9 September 2016"]["certainty"] == "explicit"
    )


def test_anchor_is_recorded_for_resolved_relative_dates() -> None:
    doc = run("Yesterday the army advanced.")
    (span,) = doc.layer("date")
    assert span.attrs["anchor"] == "2016-09-27" and span.attrs["relative"] is True


def test_year_without_day_is_the_nearest_to_publication() -> None:
    assert dates("On December 30th the talks began.", "2017-01-03") == [
        ("December 30th", "2016-12-30", "inferred-year")
    ]
    assert dates("On January 2nd the talks end.", "2016-12-28") == [
        ("January 2nd", "2017-01-02", "inferred-year")
    ]


def test_impossible_dates_are_dropped() -> None:
    assert dates("On 31 February 2016 and 2016-02-30 and 45/13/2016 nothing happened.") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        '«Yesterday, the “bridge" was closed on 9 September',
        "გუშინ, 2016 წლის 9 სექტემბერს ხიდი დაიკეტა. yesterday",
        "ትናንት መስከረም 9 ቀን 2016 ድልድዩ ተዘግቷል። yesterday",
        "https://a.example/2016/09/09 www.b.example/2016-09-09",
        " ".join(
            ["Yesterday, on 9 September 2016, two days ago and last year, the police said it was calm."] * 300
        ),
    ],
)
def test_bad_input_never_crashes_or_leaves_the_text(text: str) -> None:
    doc = run(text)
    if "Yesterday" in text:
        assert any(s.attrs["value"] == "2016-09-26" for s in doc.layer("date"))


def test_check_set_written_with_the_rules_passes() -> None:
    result = evaluate()
    with_rules = result.by_set["with-rules"].scores()
    assert with_rules["f1"] >= 0.95 and with_rules["value_accuracy"] >= 0.95, result.table()
    assert result.total.gold >= 60


def test_interval_set_keeps_the_first_of_overlapping_intervals() -> None:
    from slant.intervals import Intervals

    taken = Intervals()
    assert taken.add(10, 20) and taken.add(0, 10) and taken.add(20, 25)
    assert not taken.add(5, 12) and not taken.add(19, 21) and not taken.add(12, 13) and not taken.add(3, 3)
    assert taken.overlaps(24, 30) and not taken.overlaps(25, 30)


def test_a_month_without_its_year_leans_to_the_past() -> None:
    # Five months ahead or seven months back: news more often reports than announces.
    assert dates("The deal was signed in March, officials said.", "2026-10-14") == [
        ("March", "2026-03", "inferred-year")
    ]
    # ... but a date a few weeks ahead is still the coming one.
    assert dates("The vote is planned for 20 December.", "2026-10-14")[0][1] == "2026-12-20"
