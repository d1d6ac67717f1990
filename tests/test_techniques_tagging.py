"""Token targets of the technique tagger and the spans decoded back from token scores."""

from __future__ import annotations

import numpy as np

from slant.encoder.windows import Window
from slant.techniques.tagging import BEGIN, CHANNELS, INSIDE, runs, snap, token_targets
from slant.techniques.taxonomy import NAMES

TEXT = "They are corrupt cowards and liars, said the mayor."


def window_of(text: str) -> Window:
    words = [(i, i + len(w)) for i, w in ((text.index(w), w) for w in text.replace(",", "").split())]
    starts = np.array([a for a, _ in words])
    ends = np.array([b for _, b in words])
    return Window(np.arange(len(words)), starts, ends, 0)


def test_targets_mark_inside_begin_and_technique() -> None:
    window = window_of(TEXT)
    start = TEXT.index("corrupt")
    end = TEXT.index(" and")
    liars = TEXT.index("liars")
    y, gold = token_targets(
        window,
        [
            ("Name_Calling-Labeling", start, end),
            ("Loaded_Language", start, end),
            ("Name_Calling-Labeling", liars, liars + 5),
        ],
    )
    assert y.shape == (len(window), CHANNELS)
    assert y[:, INSIDE].tolist() == [0, 0, 1, 1, 0, 1, 0, 0, 0]
    assert y[:, BEGIN].tolist() == [0, 0, 1, 0, 0, 1, 0, 0, 0]
    name_calling = 2 + NAMES.index("Name_Calling-Labeling")
    loaded = 2 + NAMES.index("Loaded_Language")
    assert y[:, name_calling].tolist() == [0, 0, 1, 1, 0, 1, 0, 0, 0]
    assert y[:, loaded].tolist() == [0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert [(g.first, g.last, sorted(g.labels)) for g in gold] == [
        (2, 3, ["Loaded_Language", "Name_Calling-Labeling"]),
        (5, 5, ["Name_Calling-Labeling"]),
    ]


def test_spans_outside_the_window_or_unknown_are_ignored() -> None:
    window = window_of(TEXT)
    y, gold = token_targets(window, [("Loaded_Language", 500, 510), ("Not_A_Technique", 0, 4)])
    assert y.sum() == 0 and gold == []


def test_a_span_that_starts_in_an_earlier_window_has_no_begin_here() -> None:
    window = window_of(TEXT)
    y, _ = token_targets(window, [("Doubt", -20, 8)])
    assert y[:2, INSIDE].tolist() == [1, 1] and y[:, BEGIN].sum() == 0


def test_runs_split_at_begin_tokens() -> None:
    inside = np.array([0, 1, 1, 1, 0, 1, 1], dtype=bool)
    begin = np.array([0, 1, 0, 1, 0, 0, 0], dtype=bool)
    assert runs(inside, begin) == [(1, 2), (3, 3), (5, 6)]
    assert runs(np.zeros(3, dtype=bool), np.zeros(3, dtype=bool)) == []


def test_snap_widens_to_words_and_trims() -> None:
    text = "the traitors, they said"
    assert snap(text, 6, 11) == (4, 12)  # "aitor" -> "traitors"
    assert text[slice(*snap(text, 3, 14))] == "traitors"


def test_snap_keeps_hyphenated_and_elided_words_whole() -> None:
    text = "une bande d'agitateurs porte-biche, dit-il"
    start = text.index("biche")
    assert text[slice(*snap(text, start, start + 5))] == "porte-biche"
    start = text.index("agitateurs")
    assert text[slice(*snap(text, start + 2, start + 6))] == "d'agitateurs"
    assert text[slice(*snap(text, start - 3, start + 4))] == "d'agitateurs"
    assert snap("a -- b", 2, 4) == (4, 4)
