"""Evaluation of the entity taggers: scorer, corpus readers, documented scores (these need ner/ data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from slant.entities import ner, scoring, tagger, training_data
from slant.entities.evaluate import Result, score_backend
from slant.labelled_data import find_root

DOCUMENTED = Path(tagger.MODELS) / "scores.json"


def test_exact_match_scorer_counts_span_and_type() -> None:
    gold = {("s1", 0, 5, "PER"), ("s1", 10, 15, "LOC"), ("s2", 0, 3, "ORG")}
    pred = {("s1", 0, 5, "PER"), ("s1", 10, 15, "ORG"), ("s2", 0, 4, "ORG")}
    result = scoring.prf(gold, pred)
    assert result["ALL"]["tp"] == 1
    assert result["ALL"]["p"] == pytest.approx(1 / 3, abs=1e-4)
    assert result["PER"]["f1"] == 1.0
    assert result["LOC"]["r"] == 0.0


def test_bio_reading_handles_io_tags_and_stray_inside_tags() -> None:
    tags: list[str] = []
    for raw in ["0", "PER", "PER", "0", "I-LOC", "B-ORG", "I-ORG", "I-PER", "JOB"]:
        tags.append(training_data.normalise_tag(raw, tags[-1] if tags else "O"))
    assert tags == ["O", "B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG", "B-PER", "O"]
    assert training_data.entities(tags) == {(1, 3, "PER"), (4, 5, "LOC"), (5, 7, "ORG"), (7, 8, "PER")}


def test_validation_split_is_stable_and_about_fifteen_percent() -> None:
    held = [training_data.held_out("src", i) for i in range(4000)]
    assert held == [training_data.held_out("src", i) for i in range(4000)]
    assert 0.12 < sum(held) / len(held) < 0.18


def test_result_table_prints_every_set() -> None:
    sentences = [training_data.Sentence("x", 0, ("Anna", "Berg", "sov"), ("B-PER", "I-PER", "O"))]
    backend = ner.tagger_backend("sv")
    if backend is None:
        pytest.skip("no Swedish tagger file")
    result = Result({"sv/tagger/toy": {"sentences": 1, "prf": score_backend(backend, sentences)}})
    assert "sv/tagger/toy" in result.table()


@pytest.mark.slow
@pytest.mark.parametrize(
    "key", ["sv/tagger/validation-split", "de/tagger/wikiann-dev", "it/tagger/kind-wikinews-test"]
)
def test_committed_tagger_reproduces_its_documented_score(key: str) -> None:
    root = find_root("ner")
    if root is None:
        pytest.skip("labelled data ner/ not found (../shared/data or $SLANT_DATA)")
    documented = json.loads(DOCUMENTED.read_text(encoding="utf-8"))[key]
    lang, _, split = key.split("/")
    if split == "validation-split":
        sentences = training_data.split(root, lang)[1]
    elif split == "wikiann-dev":
        sentences = list(training_data.wikiann(root, lang, "dev"))
    else:
        sentences = list(training_data.kind_wikinews(root, "test"))
    backend = ner.tagger_backend(lang)
    assert backend is not None
    result = score_backend(backend, sentences[: documented["sentences"]])
    assert result["ALL"]["f1"] == pytest.approx(documented["f1"], abs=0.002)


HEAD_SCORES = Path(__file__).resolve().parents[1] / "src" / "slant" / "heads" / "models" / "scores.json"


@pytest.mark.slow
@pytest.mark.parametrize("key", ["sv/encoder/validation-split", "uk/encoder/ner-uk-test"])
def test_committed_entity_head_reproduces_its_documented_score(key: str) -> None:
    from slant.heads import model as heads_model

    root = find_root("ner")
    if root is None or not heads_model.available():
        pytest.skip("labelled data ner/ or the entity head not present")
    documented = json.loads(HEAD_SCORES.read_text(encoding="utf-8"))[key]
    lang, _, split = key.split("/")
    if split == "validation-split":
        sentences = training_data.split(root, lang)[1]
    else:
        sentences = list(training_data.ner_uk(root, "test"))
    backend = ner.heads_backend()
    assert backend is not None
    result = score_backend(backend, sentences[: documented["sentences"]])
    assert result["ALL"]["f1"] == pytest.approx(documented["prf"]["ALL"]["f1"], abs=0.005)
