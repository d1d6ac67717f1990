"""Training and evaluating the claim models through the real code path, on a tiny invented dataset."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from slant.claims import calibrate, dataset
from slant.claims import model as model_module
from slant.claims.analyzer import accurate_available
from slant.claims.evaluate import evaluate
from slant.claims.model import ANY_LANGUAGE, FastModel, load
from slant.claims.train import train
from slant.errors import ConfigError, InputError

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

# Invented debate-style sentences: checkable statements of fact (numbers, actors, records)
# against opinions, thanks and exhortations.
FACTS_EN = [
    f"{who} {what} by {n} percent {when}."
    for who, what, n, when in [
        ("Unemployment", "rose", 7, "last year"),
        ("The deficit", "fell", 12, "since 2019"),
        ("Crime in our cities", "went up", 9, "last year"),
        ("Taxes on families", "rose", 4, "since 2019"),
        ("The senator's budget", "cut schools", 20, "in 2016"),
        ("Exports to China", "fell", 15, "last year"),
        ("Wages", "went up", 3, "since 2019"),
        ("The governor", "cut the police budget", 11, "in 2016"),
        ("Gas prices", "rose", 30, "last year"),
        ("Hospital waiting times", "went up", 18, "since 2019"),
        ("The number of jobs", "fell", 6, "in 2016"),
        ("Military spending", "rose", 8, "last year"),
    ]
]
OPINIONS_EN = [
    "Thank you all so much for being here tonight.",
    "I think we can do better than this, I really do.",
    "Let me tell you, my friends, what I believe in.",
    "We have to come together as one nation again.",
    "I want to thank my wonderful family for their support.",
    "I love this country and I believe in its people.",
    "We will fight for you every single day, believe me.",
    "That is a great question and I thank you for it.",
    "Our best days are still ahead of us, I believe.",
    "I think we all want the same thing for our children.",
    "Let me just say how happy I am to be here with you.",
    "We can do this together, my friends, I know we can.",
]
FACTS_AR = [
    f"{who} {what} بنسبة {n} في المئة {when}."
    for who, what, n, when in [
        ("البطالة", "ارتفعت", 7, "العام الماضي"),
        ("العجز", "انخفض", 12, "منذ 2019"),
        ("الأسعار", "ارتفعت", 9, "العام الماضي"),
        ("الضرائب", "ارتفعت", 4, "منذ 2019"),
        ("الصادرات", "انخفضت", 15, "العام الماضي"),
        ("الأجور", "ارتفعت", 3, "منذ 2019"),
        ("ميزانية الصحة", "انخفضت", 11, "في 2016"),
        ("أسعار الوقود", "ارتفعت", 30, "العام الماضي"),
        ("عدد الوظائف", "انخفض", 6, "في 2016"),
        ("الإنفاق العسكري", "ارتفع", 8, "العام الماضي"),
    ]
]
OPINIONS_AR = [
    "شكرا لكم جميعا على حضوركم الليلة.",
    "أعتقد أننا نستطيع أن نفعل أفضل من هذا.",
    "نحن نحب هذا البلد ونؤمن بشعبه.",
    "أريد أن أشكر عائلتي الرائعة على دعمها.",
    "سنعمل معا من أجل مستقبل أفضل لأطفالنا.",
    "أعتقد أننا جميعا نريد الشيء نفسه لأطفالنا.",
    "أيامنا الأفضل ما زالت أمامنا يا أصدقائي.",
    "شكرا لكم على هذا السؤال الجميل.",
    "نحن نؤمن بأن الخير قادم لهذا البلد.",
    "سنعمل معا كل يوم من أجلكم يا أصدقائي.",
]


def _write_en(path: Path, rows: list[tuple[str, bool]], start: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["Sentence_id\tText\tclass_label"]
    lines += [f"{start + i}\t{text}\t{'Yes' if yes else 'No'}" for i, (text, yes) in enumerate(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_tweets(path: Path, rows: list[tuple[str, bool]], start: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["tweet_id\ttweet_url\ttweet_text\tclass_label"]
    lines += [
        f"{start + i}\thttps://twitter.com/x/status/{start + i}\t{text} https://t.co/x{i}\t"
        + ("Yes" if yes else "No")
        for i, (text, yes) in enumerate(rows)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _split(facts: list[str], opinions: list[str]) -> tuple[list[tuple[str, bool]], ...]:
    """Train on most, dev and dev-test on two facts and two opinions each (dev-test repeats one train row)."""
    rows = [(t, True) for t in facts] + [(t, False) for t in opinions]
    dev = [(facts[-2], True), (opinions[-2], False), (facts[-4], True), (opinions[-4], False)]
    test = [(facts[-1], True), (opinions[-1], False), (facts[-3], True), (opinions[-3], False)]
    held = {t for t, _ in dev + test}
    train = [r for r in rows if r[0] not in held] + [test[0]]  # a leak the de-duplication must drop
    return train, dev, test


@pytest.fixture(scope="module")
def data_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    base = root / dataset.FOLDER
    train, dev, test = _split(FACTS_EN, OPINIONS_EN)
    for name, rows in (("train", train), ("dev", dev), ("dev-test", test)):
        _write_en(base / "english" / f"CT24_checkworthy_english_{name}.tsv", rows, 100)
    train, dev, test = _split(FACTS_AR, OPINIONS_AR)
    for name, rows in (("train", train), ("dev", dev), ("dev-test", test)):
        _write_tweets(base / "arabic" / f"{name}.tsv", rows, 5000)
    spanish = [("El paro subió un 7 por ciento el año pasado.", True), ("Gracias a todos por venir.", False)]
    for name in ("dev", "dev-test"):
        _write_tweets(base / "spanish" / f"{name}.tsv", spanish, 900)
    return root


@pytest.fixture(scope="module")
def trained(data_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("models")
    tiers = ("fast", "accurate") if accurate_available() else ("fast",)
    timings = train(data_root, out, tiers, lambda _: None)
    assert timings["total"] > 0
    return out


def test_reading_keeps_quotes_and_drops_leaks(data_root: Path) -> None:
    split = dataset.load(data_root, "en", "train")
    assert len(split) == len(split.labels) == len(split.ids)
    test = dataset.load(data_root, "en", "dev-test")
    kept, dropped = dataset.without(split, [test])
    assert dropped == 1 and test.texts[0] not in kept.texts
    tweets = dataset.load(data_root, "ar", "dev")
    assert all("https://t.co" in t and "https://t.co" not in dataset.clean(t) for t in tweets.texts)


def test_read_rejects_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text('Sentence_id\tText\tclass_label\n1\t"He said ""no"""\tMaybe\n', encoding="utf-8")
    with pytest.raises(InputError, match="neither Yes nor No"):
        dataset.read(path, "en", "dev")
    path.write_text('Sentence_id\tText\tclass_label\n1\t"He said ""no"""\tYes\n', encoding="utf-8")
    assert dataset.read(path, "en", "dev").texts == ['"He said ""no"""']  # quotes kept verbatim
    with pytest.raises(InputError, match="not found"):
        dataset.read(tmp_path / "missing.tsv", "en", "dev")


def test_trained_fast_model_separates_facts_from_opinions(
    trained: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load("fast", str(trained))
    assert isinstance(model, FastModel)
    assert model.card["task"] == "claims" and "dropped" in model.card["data"]
    assert set(model.calibration.languages) == {"en", "ar", ANY_LANGUAGE}
    fact = "Unemployment rose by 5 percent in 2016."
    opinion = "I think we all love this wonderful country."
    fact_p, opinion_p = model.calibration.probability(model.logits([fact, opinion]), "en")
    assert fact_p > opinion_p
    assert model.cues(fact) == []  # every word of the tiny data is too common to be a cue
    monkeypatch.setattr(model_module, "CUE_MIN_IDF", 0.0)
    assert "percent" in " ".join(model.cues(fact))
    assert not any(c in ("i", "think") for c in model.cues(opinion))
    ar = model.calibration.probability(
        model.logits(["الأسعار ارتفعت بنسبة 5 في المئة في 2016.", OPINIONS_AR[0]]), "ar"
    )
    assert ar[0] > ar[1]


@pytest.mark.skipif(not accurate_available(), reason="needs slant[accurate] and the entity/claim heads")
def test_trained_accurate_model_scores(trained: Path) -> None:
    model = load("accurate", str(trained))
    p = model.calibration.probability(
        model.logits(["Wages fell by 9 percent in 2016.", OPINIONS_EN[1]]), "en"
    )
    assert p[0] > p[1]
    assert model.card["heads"] == "entities-claims-heads"


def test_training_is_deterministic(data_root: Path, trained: Path, tmp_path: Path) -> None:
    train(data_root, tmp_path, ("fast",), lambda _: None)
    with np.load(trained / "claims-fast.npz") as a, np.load(tmp_path / "claims-fast.npz") as b:
        for name in ("coef", "bias", "cal_platt", "cal_thresholds", "word_terms"):
            assert np.array_equal(a[name], b[name]), name


@pytest.mark.skipif(not SCORER.is_file(), reason="needs the workspace's score.py")
def test_evaluate_writes_files_and_scores(data_root: Path, trained: Path, tmp_path: Path) -> None:
    result = evaluate(data_root, SCORER, tmp_path, "fast", lambda _: None, models=str(trained))
    assert set(result.scores) == {f"{a}:{b}" for a in ("en", "ar", "es") for b in ("dev", "dev-test")}
    for key, value in result.scores.items():
        assert 0.0 <= value["f1"] <= 1.0 and 0.0 <= value["baseline"]["f1"] <= 1.0, key
    gold = (tmp_path / "fast" / "en" / "dev-test" / "gold.tsv").read_text(encoding="utf-8").splitlines()
    pred = (tmp_path / "fast" / "en" / "dev-test" / "pred.tsv").read_text(encoding="utf-8").splitlines()
    assert [g.split("\t")[0] for g in gold] == [p.split("\t")[0] for p in pred]
    assert {p.split("\t")[1] for p in pred} <= {"Yes", "No"}
    assert "| fast | en | dev-test |" in result.table()


def test_model_file_errors_are_clear(tmp_path: Path, trained: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load("fast", str(tmp_path))
    (tmp_path / "claims-fast.npz").write_bytes(b"not a zip file")
    with pytest.raises(ConfigError, match="unreadable"):
        load("fast", str(tmp_path))
    other = tmp_path / "other"
    other.mkdir()
    np.savez(other / "claims-fast.npz", card=np.array(json.dumps({"format": 99, "task": "claims"})))
    with pytest.raises(ConfigError, match="another version"):
        load("fast", str(other))
    with pytest.raises(ConfigError, match="unknown claim tier"):
        load("huge", str(trained))


def test_threshold_and_platt() -> None:
    y = np.array([0, 0, 0, 1, 1, 1])
    logits = np.array([-3.0, -2.0, -1.0, 1.0, 2.0, 3.0])
    a, _ = calibrate.platt(logits, y)
    assert a > 0
    calibration = calibrate.fit({"en": (logits, y)})
    p = calibration.probability(logits, "en")
    assert np.all(np.diff(p) > 0)
    assert calibration.threshold("sv") == calibration.threshold(ANY_LANGUAGE)
    predicted = p >= calibration.threshold("en")
    assert predicted.tolist() == y.astype(bool).tolist()
