"""Tests for the wording comparison (weighted log-odds with an informative Dirichlet prior)."""

from __future__ import annotations

import math
import random

import pytest

from slant.corpus.wording import (
    MIN_TEXTS,
    PRIOR_WEIGHT,
    STOPWORDS,
    Wording,
    WordScore,
    compare_wording,
    stopwords_for,
    tokens,
)

TEMPLATES = [
    "{actor} forces shelled {place} on {day}, {source} said.",
    "{source} reported that {actor} forces entered {place} after heavy fighting.",
    "Residents of {place} fled as {actor} forces struck {target} on {day}.",
    "In {place}, {actor} forces blamed the opposition for the attack on {target}.",
]
PLACES = ["Homs", "Idlib", "Aleppo", "Daraa", "Hama"]
DAYS = ["Monday", "Tuesday", "Friday", "Sunday"]
SOURCES = ["a monitor", "witnesses", "local media", "an official"]
TARGETS = ["a hospital", "the market", "a school", "the bridge"]


def _texts(actor: str, count: int = 20, seed: int = 0) -> list[str]:
    """Short texts on one topic that differ between outlets only by the word for the actor."""
    rng = random.Random(seed)
    return [
        rng.choice(TEMPLATES).format(
            actor=actor,
            place=rng.choice(PLACES),
            day=rng.choice(DAYS),
            source=rng.choice(SOURCES),
            target=rng.choice(TARGETS),
        )
        for _ in range(count)
    ]


def _words(result: Wording, group: str) -> list[str]:
    return [score.word for score in result.groups[group]]


def _score(result: Wording, group: str, word: str) -> WordScore:
    return next(score for score in result.groups[group] if score.word == word)


# -- tokens ------------------------------------------------------------------------------------


def test_tokens_casefold_nfkc_and_numbers_dropped() -> None:
    text = "The REGIME's 2024 offensive: 1_000 troops, 3.5 km, ﬁghting in ＨＯＭＳ; COVID19 and Straße."
    assert tokens(text) == [
        "the",
        "regime",
        "s",
        "offensive",
        "troops",
        "km",
        "fighting",
        "in",
        "homs",
        "covid19",
        "and",
        "strasse",
    ]


def test_tokens_cyrillic_arabic_and_combining_marks() -> None:
    assert tokens("Режим Асада, 12 мая, — ПРАВИТЕЛЬСТВО!") == ["режим", "асада", "мая", "правительство"]
    # Vowel marks and tatweel are optional in Arabic: both spellings give one word.
    assert tokens("الحُكُومَة السورية ٢٠٢٤ الحكـومة") == ["الحكومة", "السورية", "الحكومة"]
    # Devanagari vowel signs are combining marks; words must not be cut at them.
    assert tokens("हिन्दी समाचार") == ["हिन्दी", "समाचार"]
    assert tokens("") == []
    assert tokens("123 456 ...") == []


# -- the comparison ------------------------------------------------------------------------------


def test_planted_words_are_top_for_their_group_only() -> None:
    result = compare_wording({"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)})
    assert _words(result, "A")[0] == "regime"
    assert _words(result, "B")[0] == "government"
    regime = _score(result, "A", "regime")
    assert regime.z > 1.96
    assert regime.count == 20 and regime.other_count == 0
    assert regime.per_10k == pytest.approx(1e4 * 20 / result.words["A"])
    assert regime.other_per_10k == 0.0
    assert _score(result, "B", "government").z > 1.96
    assert "regime" not in _words(result, "B")
    assert "government" not in _words(result, "A")
    # "forces" and "the" are in every text of both outlets: not distinctive of either.
    for group in "AB":
        assert "forces" not in _words(result, group)
        assert "the" not in _words(result, group)
    assert result.texts == {"A": 20, "B": 20}
    assert result.words["A"] == sum(len(tokens(t)) for t in _texts("the regime", seed=1))


def test_z_matches_the_formula_by_hand() -> None:
    assert PRIOR_WEIGHT == 1.0  # the prior is the pooled counts: a_x=3, a_y=4, a_z=5, a0=12
    result = compare_wording(
        {"A": ["x y", "x y", "x z"], "B": ["y z", "y z", "z z"]}, min_count=1, min_z=-math.inf
    )
    # x in A: y_i + a = 6, y_j + a = 3, n_i = n_j = 6.
    expected = (math.log(6 / (6 + 12 - 6)) - math.log(3 / (6 + 12 - 3))) / math.sqrt(1 / 6 + 1 / 3)
    assert _score(result, "A", "x").z == pytest.approx(expected)
    assert expected == pytest.approx(1.2958, abs=1e-4)
    # y: 2 vs 2 in groups of equal size -> 0; z (1 vs 4) is typical of B.
    assert _score(result, "A", "y").z == pytest.approx(0.0, abs=1e-12)
    assert _words(result, "A") == ["x", "y"]  # z of A has df 1: left out
    assert _score(result, "B", "z").z > 0


def test_three_groups_each_against_the_rest_pooled() -> None:
    result = compare_wording(
        {
            "A": _texts("the regime", seed=1),
            "B": _texts("the government", seed=2),
            "C": _texts("the authorities", seed=3),
        }
    )
    assert _words(result, "A")[:1] == ["regime"]
    assert _words(result, "B")[:1] == ["government"]
    assert _words(result, "C")[:1] == ["authorities"]
    assert list(result.groups) == ["A", "B", "C"]
    government = _score(result, "B", "government")
    assert government.other_count == 0
    assert government.other_per_10k == 0.0


def test_shared_word_with_equal_rates_scores_zero() -> None:
    a = [f"{text} The army moved." for text in _texts("the regime", seed=1)]
    b = [f"{text} The army moved." for text in _texts("the government", seed=1)]
    # Same templates, same seed: every word but the actor has the same count in both groups.
    everything = compare_wording({"A": a, "B": b}, min_z=-math.inf, top=100)
    assert _score(everything, "A", "army").z == pytest.approx(0.0, abs=1e-9)
    assert _score(everything, "B", "army").z == pytest.approx(0.0, abs=1e-9)
    result = compare_wording({"A": a, "B": b}, min_z=0.5)
    assert _words(result, "A") == ["regime"]
    assert _words(result, "B") == ["government"]


def test_min_count_rule() -> None:
    a = _texts("the regime", seed=1)
    a[0] += " The junta spoke."
    a[1] += " The junta spoke."
    groups = {"A": a, "B": _texts("the government", seed=2)}
    # Two uses in two texts: too rare for the default min_count=3, reported at min_count=2.
    assert "junta" not in _words(compare_wording(groups, min_z=0.0, top=100), "A")
    low = compare_wording(groups, min_count=2, min_z=0.0, top=100)
    assert _score(low, "A", "junta").count == 2


def test_document_frequency_rule() -> None:
    assert MIN_TEXTS == 2
    b = _texts("the government", seed=2)
    spread = _texts("the regime", seed=1)
    one_text = list(spread)
    for index in range(15):
        spread[index % 3] += " tyrant"
    one_text[0] += " tyrant" * 15
    # Same counts, hence the same z; only the number of texts differs.
    spread_result = compare_wording({"A": spread, "B": b}, min_z=0.0, top=100)
    assert _score(spread_result, "A", "tyrant").count == 15
    assert "tyrant" not in _words(compare_wording({"A": one_text, "B": b}, min_z=0.0, top=100), "A")
    # A group of a single text can have no distinctive word at all.
    single = compare_wording({"A": [" ".join(_texts("the regime", seed=1))], "B": b}, min_z=0.0)
    assert single.groups["A"] == []
    assert single.texts["A"] == 1


def test_min_z_and_top() -> None:
    groups = {"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)}
    everything = compare_wording(groups, min_z=-math.inf, min_count=1, top=1000)
    zs = [score.z for score in everything.groups["A"]]
    assert zs == sorted(zs, reverse=True)
    assert min(zs) < 0  # with min_z=-inf, words more typical of B are listed too
    assert all(score.z >= 1.96 for score in compare_wording(groups).groups["A"])
    assert len(compare_wording(groups, top=1, min_z=0.0).groups["A"]) == 1
    assert compare_wording(groups, top=0).groups == {"A": [], "B": []}


def test_two_groups_are_mirror_images() -> None:
    groups = {"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)}
    everything = compare_wording(groups, min_z=-math.inf, min_count=1, top=1000)
    a = {score.word: score.z for score in everything.groups["A"]}
    b = {score.word: score.z for score in everything.groups["B"]}
    for word in set(a) & set(b):
        assert a[word] == pytest.approx(-b[word])


def test_russian_and_arabic_outlets() -> None:
    ru_a = [f"Войска режима обстреляли город {city} в {day}." for city in ("Хомс", "Идлиб") for day in DAYS]
    ru_b = [
        f"Войска правительства обстреляли город {city} в {day}." for city in ("Хомс", "Идлиб") for day in DAYS
    ]
    ru = compare_wording({"ria": ru_a * 2, "bbc": ru_b * 2})
    assert _words(ru, "ria")[0] == "режима"
    assert _words(ru, "bbc")[0] == "правительства"
    assert "войска" not in _words(ru, "ria") + _words(ru, "bbc")

    # One outlet writes the vowel marks on some texts: counts must still add up.
    ar_a = [f"قصفت قوات النظام مدينة {city} يوم {day}" for city in ("حمص", "إدلب") for day in DAYS]
    ar_a[0] = ar_a[0].replace("النظام", "النِّظَام")
    ar_b = [f"قصفت قوات الحكومة مدينة {city} يوم {day}" for city in ("حمص", "إدلب") for day in DAYS]
    ar = compare_wording({"A": ar_a * 2, "B": ar_b * 2})
    assert _score(ar, "A", "النظام").count == 16
    assert _words(ar, "B")[0] == "الحكومة"


def test_numbers_never_reported() -> None:
    a = [f"{text} In 2024 there were 150 strikes." for text in _texts("the regime", seed=1)]
    result = compare_wording({"A": a, "B": _texts("the government", seed=2)}, min_z=0.0, top=100)
    assert "2024" not in _words(result, "A")
    assert "150" not in _words(result, "A")
    assert "strikes" in _words(result, "A")


def test_fewer_than_two_groups_and_bad_input() -> None:
    with pytest.raises(ValueError, match="compare at least two outlets"):
        compare_wording({"A": _texts("the regime")})
    with pytest.raises(ValueError, match="compare at least two outlets"):
        compare_wording({})
    with pytest.raises(TypeError):
        compare_wording({"A": "one string, not a list", "B": ["x"]})


def test_empty_texts_and_empty_groups() -> None:
    result = compare_wording({"A": ["", "", "1 2 3"], "B": []})
    assert result.groups == {"A": [], "B": []}
    assert result.words == {"A": 0, "B": 0}
    assert result.texts == {"A": 3, "B": 0}
    # An empty group next to real ones changes nothing for them and gets no words.
    base = compare_wording({"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)})
    with_empty = compare_wording(
        {"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2), "C": ["", ""]}
    )
    assert with_empty.groups["C"] == []
    assert with_empty.groups["A"] == base.groups["A"]
    # Generators are fine: each group is read once.
    lazy = compare_wording({"A": (t for t in _texts("the regime", seed=1)), "B": iter(_texts("x", seed=2))})
    assert _words(lazy, "A")[0] == "regime"


def test_deterministic_order_ties_by_word() -> None:
    a = [f"{text} Zulu alpha mike." for text in _texts("the regime", seed=1)]
    b = _texts("the government", seed=2)
    result = compare_wording({"A": a, "B": b})
    scores = result.groups["A"]
    tied = [score.word for score in scores if score.word in {"zulu", "alpha", "mike"}]
    assert tied == ["alpha", "mike", "zulu"]
    assert len({_score(result, "A", word).z for word in tied}) == 1
    # Same result whatever the order of the texts.
    shuffled = list(a)
    random.Random(5).shuffle(shuffled)
    assert compare_wording({"A": shuffled, "B": list(reversed(b))}) == result


def test_stopwords_hide_words_without_changing_scores() -> None:
    groups = {"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)}
    plain = compare_wording(groups, min_z=-math.inf, min_count=1, top=1000)
    hidden = compare_wording(groups, min_z=-math.inf, min_count=1, top=1000, stopwords=["THE", "Regime"])
    assert "regime" not in _words(hidden, "A") and "the" not in _words(hidden, "A")
    assert hidden.words == plain.words
    assert hidden.groups["A"] == [s for s in plain.groups["A"] if s.word not in {"the", "regime"}]


def test_stopword_lists() -> None:
    assert set(STOPWORDS) == {"en", "sv", "de", "fr", "ru", "es", "ar"}
    for language, words in STOPWORDS.items():
        assert 50 <= len(words) <= 160, language
        assert all(tokens(word) == [word] for word in words), language
    assert "the" in STOPWORDS["en"] and "и" in STOPWORDS["ru"] and "في" in STOPWORDS["ar"]
    assert "dass" in STOPWORDS["de"]  # "daß" casefolds to "dass"
    both = stopwords_for(["en-GB", "RU", "xx"])
    assert both == STOPWORDS["en"] | STOPWORDS["ru"]
    assert stopwords_for([]) == frozenset()
    result = compare_wording(
        {"A": _texts("the regime", seed=1), "B": _texts("the government", seed=2)},
        min_z=-math.inf,
        min_count=1,
        stopwords=stopwords_for(["en"]),
        top=1000,
    )
    assert not {s.word for s in result.groups["A"]} & STOPWORDS["en"]
