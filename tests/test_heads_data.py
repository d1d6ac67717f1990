"""The entity/claim heads' training windows and their run-time decoding (no model needed)."""

from __future__ import annotations

import random

import numpy as np

from slant.entities.training_data import Sentence
from slant.heads import data
from slant.heads.model import spans_of, whole_words


def sentence(index: int, pairs: list[tuple[str, str]]) -> Sentence:
    return Sentence("test", index, tuple(t for t, _ in pairs), tuple(g for _, g in pairs))


def test_sentences_join_into_one_text_with_character_entities() -> None:
    first = sentence(
        0, [("Olof", "B-PER"), ("Palme", "I-PER"), ("talade", "O"), ("i", "O"), ("Umeå", "B-LOC")]
    )
    second = sentence(1, [("Nato", "B-ORG"), ("svarade", "O"), ("Saab", "B-MISC")])
    text, units, found = data.joined([first, second])
    assert [text[a:b] for a, b, _ in found] == ["Olof Palme", "Umeå", "Nato"]  # MISC is not tagged
    assert [k for _, _, k in found] == ["PER", "LOC", "ORG"]
    assert [text[a:b] for a, b in units] == ["Olof Palme talade i Umeå", "Nato svarade Saab"]


def test_every_piece_of_an_entity_gets_its_tag() -> None:
    starts = np.array([0, 3, 6, 12, 15])
    ends = np.array([3, 5, 11, 14, 20])  # "Wal" "ly" ... pieces of two names and a word
    tags = data.tag_pieces(starts, ends, [(0, 11, "PER"), (15, 20, "LOC")])
    assert [data.TAGS[t] for t in tags] == ["B-PER", "I-PER", "I-PER", "O", "B-LOC"]


def test_passages_group_one_to_four_consecutive_sentences_and_keep_their_split() -> None:
    sentences = [sentence(i, [(f"w{i}", "O"), ("Oslo", "B-LOC")]) for i in range(20)]
    passages = list(data.grouped(sentences, "no", data.VALIDATION, random.Random(1)))
    assert sum(p.text.count("Oslo") for p in passages) == 20
    assert all(len(p.entities) == p.text.count("Oslo") <= 4 for p in passages)
    assert {p.split for p in passages} == {data.VALIDATION}


def test_piece_runs_decode_into_typed_spans() -> None:
    o, bp, ip, bo, _io, bl, il = range(7)
    assert spans_of([o, bp, ip, o, ip, ip, bo, o, bl, il]) == [
        (1, 3, "PER"),
        (4, 6, "PER"),  # an I- without its B- still starts a name
        (6, 7, "ORG"),
        (8, 10, "LOC"),
    ]
    assert spans_of([]) == [] and spans_of([o, o]) == []
    assert spans_of([bl, il, il]) == [(0, 3, "LOC")]  # a name running to the window's end


def test_spans_widen_to_whole_words_but_not_across_apostrophes_or_hyphens() -> None:
    text = "Putin's envoy met Zelenskyj-aides in Kyiv"
    assert whole_words(text, 0, 3) == (0, 5)  # "Put" -> "Putin"
    assert text[slice(*whole_words(text, 2, 5))] == "Putin"
    assert text[slice(*whole_words(text, 18, 22))] == "Zelenskyj"
    assert whole_words(text, 37, 41) == (37, 41)


def test_every_committed_model_file_together_stays_under_25_mb() -> None:
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "src" / "slant"
    files = [p for p in package.glob("*/models/*") if p.suffix in (".npz", ".json")]
    assert any(p.parent.parent.name == "heads" for p in files) or not (package / "heads" / "models").exists()
    assert sum(p.stat().st_size for p in files) <= 25 * 1024 * 1024
