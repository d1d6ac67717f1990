"""Training pieces: corpus readers, sentence labels, the joint logistic heads, thresholds, model files.

A tiny SemEval-2023-shaped corpus is written here (invented sentences), so the readers and
the whole train -> save -> load -> analyse path run without the research data.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slant.analyze import build
from slant.document import Document
from slant.errors import ConfigError, InputError
from slant.model_files import save
from slant.techniques import thresholds, training_data
from slant.techniques.heads import MultiLabelLogistic
from slant.techniques.model import FORMAT, load
from slant.techniques.taxonomy import NAMES
from slant.techniques.units import Unit, labels, units

LOADED = [
    "The shameful, disgraceful traitors wrecked the harbour again.",
    "These corrupt thugs have betrayed every honest worker.",
    "A vile and cowardly gang ruined the port.",
]
DOUBT = [
    "Can anyone really trust the figures this ministry publishes?",
    "Is it not strange that nobody has seen the contract?",
    "Who can still believe a word of these so-called experts?",
]
NEUTRAL = [
    "The ferry leaves at nine on weekdays.",
    "The council met on Tuesday to discuss the budget.",
    "Cargo volumes rose by four percent in March.",
]


def write_corpus(root: Path, articles: int = 24) -> None:
    """SemEval-2023 layout for en and fr: articles, paragraph labels, span files."""
    for folder in ("en", "fr"):
        base = root / training_data.SEMEVAL2023 / folder
        (base / "train-articles-subtask-3").mkdir(parents=True)
        (base / "train-labels-subtask-3-spans").mkdir(parents=True)
        label_rows, span_rows = [], []
        for n in range(articles):
            article_id = f"{folder}{n:03d}"
            lines = [f"Harbour report {n}", ""]
            spans: list[tuple[str, int, int]] = []
            offset = len(lines[0]) + 2
            for i in range(4):
                kind = (n + i) % 3
                sentence = (LOADED, NEUTRAL, DOUBT)[kind][(n + i) % 3]
                name = ("Loaded_Language", "", "Doubt")[kind]
                lines += [sentence, ""]
                if name:
                    spans.append((name, offset, offset + len(sentence)))
                label_rows.append(f"{article_id}\t{3 + 2 * i}\t{name}")
                offset += len(sentence) + 2
            label_rows.append(f"{article_id}\t1\t")
            text = "\n".join(lines)
            (base / "train-articles-subtask-3" / f"article{article_id}.txt").write_text(
                text, encoding="utf-8"
            )
            (base / "train-labels-subtask-3-spans" / f"article{article_id}-labels-subtask-3.txt").write_text(
                "".join(f"{article_id}\t{name}\t{s}\t{e}\n" for name, s, e in spans), encoding="utf-8"
            )
            span_rows += spans
        (base / "train-labels-subtask-3.txt").write_text("\n".join(label_rows) + "\n", encoding="utf-8")


def test_reader_gives_exact_spans_and_line_labels(tmp_path: Path) -> None:
    write_corpus(tmp_path, articles=3)
    articles = list(training_data.semeval2023(tmp_path, ("en",)))
    assert [a.id for a in articles] == ["en000", "en001", "en002"]
    first = articles[0]
    assert first.language == "en"
    assert all(first.text[s:e] in (LOADED if n == "Loaded_Language" else DOUBT) for n, s, e in first.spans)
    bounds = first.line_bounds()
    assert first.text[slice(*bounds[3])] in LOADED
    assert first.lines[3] == frozenset({"Loaded_Language"}) and first.lines[5] == frozenset()
    assert first.lines[7] == frozenset({"Doubt"})


def test_missing_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="labelled data not found"):
        training_data.require_root(tmp_path / "nowhere")


def test_snap_widens_to_words_and_trims() -> None:
    text = "Les traîtres ont vendu le port."
    assert text[slice(*training_data.snap(text, 6, 12))] == "traîtres"  # type: ignore[misc]
    assert text[slice(*training_data.snap(text, 1, 9))] == "Les traîtres"  # type: ignore[misc]
    assert training_data.snap(text, 3, 4) is None  # only a space


def test_validation_split_is_stable_and_near_its_share() -> None:
    ids = [str(n) for n in range(2000)]
    held = [i for i in ids if training_data.is_validation(i)]
    assert held == [i for i in ids if training_data.is_validation(i)]
    assert 0.15 < len(held) / len(ids) < 0.25


def test_sentence_labels_need_real_cover() -> None:
    unit_list = [Unit(0, 40, 0, 0, 80), Unit(41, 80, 0, 0, 80)]
    spans = [("Doubt", 0, 40), ("Loaded_Language", 38, 44), ("Slogans", 39, 43), ("Unknown_Thing", 0, 10)]
    y = labels(unit_list, spans, NAMES)
    doubt, loaded, slogans = NAMES.index("Doubt"), NAMES.index("Loaded_Language"), NAMES.index("Slogans")
    assert y[0, doubt] and not y[1, doubt]
    assert y[1, loaded] and not y[0, loaded]  # 3 of 6 characters in the second sentence, 2 in the first
    assert not y[:, slogans].any() or y[:, slogans].sum() == 1
    assert y.sum() <= 3


def test_units_follow_sentences_and_paragraphs() -> None:
    doc = build(["paragraphs", "language", "sentences"])(
        Document("d", "First one here. Second one here.\n\nThird paragraph stands alone.", {})
    )
    found = units(doc)
    assert [doc.text[u.start : u.end] for u in found] == [
        "First one here.",
        "Second one here.",
        "Third paragraph stands alone.",
    ]
    assert [u.paragraph for u in found] == [0, 0, 1]


def test_joint_logistic_heads_learn_and_are_deterministic() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 5))
    y = np.stack([x[:, 0] > 0, x[:, 1] + x[:, 2] > 0.5], axis=1)
    first = MultiLabelLogistic.fit(x, y, l2=0.1)
    second = MultiLabelLogistic.fit(x, y, l2=0.1)
    assert np.array_equal(first.coef, second.coef)
    accuracy = ((first.predict(x) >= 0.5) == y).mean(axis=0)
    assert (accuracy > 0.9).all()
    assert first.coef[0, 0] > 1 and abs(first.coef[4, 0]) < first.coef[0, 0] / 5


def test_thresholds_maximise_f1_and_fall_back_on_rare_labels() -> None:
    probability = np.array([[0.9, 0.2], [0.3, 0.1], [0.35, 0.3], [0.1, 0.0]] * 5)
    gold = np.array([[1, 0], [1, 0], [0, 0], [0, 1]] * 5, dtype=bool)
    chosen = thresholds.choose(probability, gold)
    assert 0.1 < chosen[0] <= 0.3
    assert chosen[1] == thresholds.FALLBACK  # 5 positives: too few to tune


def test_model_files_refuse_pickles_corruption_and_other_versions(tmp_path: Path) -> None:
    (tmp_path / "techniques-fast.npz").write_bytes(b"not a zip file")
    with pytest.raises(ConfigError, match="unreadable"):
        load("fast", str(tmp_path))
    save(
        {"coef": np.zeros(1)}, {"format": FORMAT + 1, "labels": list(NAMES)}, tmp_path / "techniques-fast.npz"
    )
    with pytest.raises(ConfigError, match="another version"):
        load("fast", str(tmp_path / ""))
    with pytest.raises(ConfigError, match="not found"):
        load("fast", str(tmp_path / "empty"))
    with pytest.raises(ConfigError, match="no sentence model"):
        load("huge")


@pytest.mark.slow
def test_train_save_load_and_analyse_on_a_tiny_corpus(tmp_path: Path) -> None:
    from slant.techniques.train import train

    write_corpus(tmp_path / "data")
    messages: list[str] = []
    trained = train(tmp_path / "data", tmp_path / "models", None, messages.append)
    assert (tmp_path / "models" / "techniques-fast.npz").exists()
    assert any("fold 4 of 4" in m for m in messages)
    card = trained.fast.card
    assert card["labels"] == list(NAMES) and card["format"] == FORMAT
    json.dumps(card)
    model = load("fast", str(tmp_path / "models"))
    pipeline = build(
        ["paragraphs", "language", "sentences", "techniques"],
        techniques={"tier": "fast", "models": str(tmp_path / "models"), "min_score": 0.5},
    )
    doc = pipeline(
        Document("t", "These shameful traitors wrecked the port.\n\nThe ferry leaves at nine.", {})
    )
    found = doc.layer("technique")
    first = len("These shameful traitors wrecked the port.")
    assert found and all(s.end <= first and s.label == "Loaded_Language" for s in found)
    # Loaded language is a phrase technique: its spans are the words that weighed most.
    assert {"shameful", "traitors"} & {doc.span_text(s) for s in found}
    assert found[0].attrs["scope"] == "phrase" and found[0].score is not None and found[0].score >= 0.5
    assert model.tier == "fast"
    assert trained.fast.span is not None
    ranked = trained.fast.span.classify("Who can still believe these so-called experts?", 0, 46)
    assert ranked[0][0] == "Doubt"


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcé ÅäЖж.,!?\n\t-'", max_size=60), min_size=1, max_size=6))
def test_fast_features_equal_scikit_learns(texts: list[str]) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer

    from slant.features.lexical import Lexical

    lexical = Lexical.fit(["abc жж ab", "abc abc ä", "é abc !", "жж ä ?"] * 3, 50, 20)
    lexical = Lexical.from_arrays(lexical.to_arrays())
    ours = lexical.transform(texts).toarray()
    reference = []
    for vectorizer in (lexical.char, lexical.word):
        copy = TfidfVectorizer(**vectorizer.get_params())
        copy.set_params(vocabulary=vectorizer.vocabulary_)
        copy.fit(["x"])
        copy.idf_ = vectorizer.idf_
        reference.append(copy.transform(texts).toarray())
    assert np.allclose(ours, np.hstack(reference), atol=1e-5)


def test_paragraph_context_from_sentence_counts_equals_reading_the_paragraph() -> None:
    from slant.features.lexical import CONTEXT_WEIGHT, Lexical

    lexical = Lexical.fit(LOADED + NEUTRAL + DOUBT, 400, 50)
    sentences = [LOADED[0], NEUTRAL[1], DOUBT[2]]
    paragraph = " ".join(sentences[:2])
    ours = lexical.transform(sentences, ["p", "p", "q"]).toarray()
    alone = lexical.transform(sentences).toarray()
    context = lexical.transform([paragraph, sentences[2]]).toarray()
    n_char = len(lexical.char.vocabulary_)
    # Character n-grams never cross a word: summing sentence counts is reading the paragraph.
    expected = alone[:, :n_char] + CONTEXT_WEIGHT * context[[0, 0, 1], :n_char]
    assert np.allclose(ours[:, :n_char], expected, atol=1e-5)
    assert np.allclose(ours[2], alone[2] + CONTEXT_WEIGHT * alone[2], atol=1e-5)


def test_micro_thresholds_silence_noisy_rare_columns() -> None:
    rng = np.random.default_rng(1)
    gold = np.zeros((400, 2), dtype=bool)
    gold[:200, 0] = True
    gold[:12, 1] = True
    probability = np.zeros((400, 2))
    probability[:, 0] = np.where(gold[:, 0], 0.7, 0.2) + rng.normal(0, 0.05, 400)
    probability[:, 1] = rng.uniform(0, 0.3, 400)  # a rare column the model knows nothing about
    per_column = thresholds.choose(probability, gold)
    micro = thresholds.choose_micro(probability, gold)
    assert micro[1] > per_column[1] and micro[1] >= 0.3
    assert 0.3 < micro[0] < 0.7
