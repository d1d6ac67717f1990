"""Fine-tune the encoder's second branch (LoRA on layers 6-11) with the entity and claim heads.

One model, two tasks in the same batches: piece tags (softmax over :data:`data.TAGS`)
on NER windows, one check-worthiness logit per CheckThat! row (mean and max of its
pieces, a small MLP). The loop, its checkpoints and the frozen layers' cache are
:mod:`slant.encoder.finetune`'s. Needs ``slant[train]`` (torch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.encoder import finetune
from slant.heads import data as heads_data
from slant.heads.data import CLAIMS, IGNORE, NER, TAGS, TRAIN, VALIDATION, Data
from slant.techniques import tagger_data

Report = Callable[[str], None]
RETRAIN = "slant train entities --data ../shared/data"


@dataclass(frozen=True)
class Settings(finetune.Settings):
    """The shared loop's settings and the claim head's."""

    claim_hidden: int = 256
    claim_weight: float = 1.0


_torch = finetune.torch_model


def prepare(root: Path, cache: Path, report: Report) -> Data:
    """The training windows, read from the cache or cut from the corpora."""
    path = cache / f"windows-v{heads_data.VERSION}.npz"
    data: Data = tagger_data.load_or_build(path, Data, heads_data.build, root, report)
    return data


def make_heads(hidden: int, claim_hidden: int) -> Any:
    nn = _torch().nn
    return nn.ModuleDict(
        {
            "token": nn.Linear(hidden, len(TAGS)),
            "claim1": nn.Linear(2 * hidden, claim_hidden),
            "claim2": nn.Linear(claim_hidden, 1),
        }
    )


def claim_logits(torch: Any, heads: Any, hidden: Any, loss_rows: Any, rows: list[int]) -> Any:
    """Check-worthiness logits of whole windows ``rows`` (mean and max over their pieces)."""
    chosen = hidden[rows]
    weight = loss_rows[rows][..., None]
    mean = (chosen * weight).sum(1) / weight.sum(1).clamp(min=1)
    peak = chosen.masked_fill(weight <= 0, -1e4).amax(1)
    inner = torch.nn.functional.gelu(heads["claim1"](torch.cat([mean, peak], dim=-1)))
    return heads["claim2"](inner).squeeze(-1)


def _batch(data: Data, states: np.ndarray, group: np.ndarray) -> tuple[Any, Any, Any, Any]:
    torch = _torch().torch
    x, mask, pieces = finetune.padded_states(data, states, group)
    y = np.full(mask.shape, IGNORE, dtype=np.int64)
    for i, w in enumerate(group):
        r = data.rows(int(w))
        y[i, : r.stop - r.start] = data.tags[r]
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(y), torch.from_numpy(pieces)


def train(
    root: Path, cache: Path, out: Path, settings: Settings, resume: bool, report: Report
) -> dict[str, Any]:
    """Train; write ``heads.npz`` and ``adapter.npz`` into the folder ``out``."""
    cache.mkdir(parents=True, exist_ok=True)
    data = prepare(root, cache, report)
    states = finetune.lower_states(data, cache, settings.first_tuned, report)
    stack, weights = finetune.tuned_stack(settings)
    heads = make_heads(weights.config.hidden, settings.claim_hidden)
    train_windows = np.flatnonzero(data.split == TRAIN)
    per_epoch = [
        finetune.batches(data, train_windows, settings.batch_tokens, settings.seed + e)
        for e in range(settings.epochs)
    ]
    task = _Task(data, states, heads, settings)
    history = finetune.fit(
        stack, heads, per_epoch, settings, cache / "heads-checkpoint.pt", resume, task, report
    )
    return write(out, stack, heads, settings, weights, history)


class _Task:
    """Entities and claims for :func:`finetune.fit`: token cross-entropy plus the claim BCE."""

    def __init__(self, data: Data, states: np.ndarray, heads: Any, settings: Settings) -> None:
        self.data, self.states, self.heads, self.settings = data, states, heads, settings
        self.claim_label = {int(w): float(y) for w, y in data.claims}

    def batch(self, group: np.ndarray) -> tuple[Any, ...]:
        return _batch(self.data, self.states, group)

    def loss(self, hidden: Any, batch: tuple[Any, ...], group: np.ndarray) -> Any:
        torch = _torch().torch
        _, _, y, pieces = batch
        loss = torch.zeros(())
        if bool((y >= 0).any()):
            loss = loss + torch.nn.functional.cross_entropy(
                self.heads["token"](hidden).reshape(-1, len(TAGS)), y.reshape(-1), ignore_index=IGNORE
            )
        rows = [i for i, w in enumerate(group) if self.data.task[int(w)] == CLAIMS]
        if rows:
            target = torch.tensor([self.claim_label[int(group[i])] for i in rows])
            logits = claim_logits(torch, self.heads, hidden, pieces, rows)
            loss = loss + self.settings.claim_weight * torch.nn.functional.binary_cross_entropy_with_logits(
                logits, target
            )
        return loss

    def validate(self, stack: Any) -> dict[str, Any]:
        return validate(self.data, self.states, stack, self.heads, self.claim_label)


def validate(
    data: Data, states: np.ndarray, stack: Any, heads: Any, claim_label: dict[int, float]
) -> dict[str, Any]:
    """Quick figures on the validation windows: piece-tag entity F1 per language, claim F1 at 0.5."""
    from slant.heads.model import spans_of

    torch = _torch().torch
    counts: dict[str, list[int]] = {}
    claim = [0, 0, 0]
    with torch.inference_mode():
        for group in finetune.batches(data, np.flatnonzero(data.split == VALIDATION), 4096, 0):
            x, mask, y, pieces = _batch(data, states, group)
            hidden = stack(x, mask)
            predicted = heads["token"](hidden).argmax(-1).numpy()
            for i, w in enumerate(group):
                if data.task[int(w)] != NER:
                    continue
                n = data.rows(int(w)).stop - data.rows(int(w)).start
                gold = set(spans_of(y[i, 1 : n - 1].numpy()))
                pred = set(spans_of(predicted[i, 1 : n - 1]))
                c = counts.setdefault(str(data.language[int(w)]), [0, 0, 0])
                c[0] += len(gold & pred)
                c[1] += len(pred - gold)
                c[2] += len(gold - pred)
            rows = [i for i, w in enumerate(group) if data.task[int(w)] == CLAIMS]
            if rows:
                p = claim_logits(torch, heads, hidden, pieces, rows).numpy() > 0
                g = np.array([claim_label[int(group[i])] for i in rows]) > 0.5
                claim[0] += int((p & g).sum())
                claim[1] += int((p & ~g).sum())
                claim[2] += int((~p & g).sum())

    def f1(c: list[int]) -> float:
        return round(2 * c[0] / max(1, 2 * c[0] + c[1] + c[2]), 4)

    return {"entities_f1": {k: f1(v) for k, v in sorted(counts.items())}, "claims_f1_at_0.5": f1(claim)}


def write(
    out: Path, stack: Any, heads: Any, settings: Settings, weights: Any, history: list[Any]
) -> dict[str, Any]:
    """The committed files: the branch's adapter (LoRA factors as float16, LayerNorms) and the heads."""
    out.mkdir(parents=True, exist_ok=True)
    card = {"name": "entities-claims", "version": 1, "settings": asdict(settings), "retrain": RETRAIN}
    base = finetune.write_adapter(stack, weights, card, out / "adapter.npz")
    card = {
        "name": "entities-claims-heads",
        "version": 1,
        "base": base,
        "settings": asdict(settings),
        "history": history,
        "tags": list(TAGS),
        "retrain": RETRAIN,
    }
    model_files.save(finetune.head_arrays(heads), card, out / "heads.npz")
    return card


def main() -> None:  # pragma: no cover - the CLI's `slant train entities` is the documented entry
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "slant-heads")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=Settings.epochs)
    parser.add_argument("--resume", action="store_true")
    args = parser.parse_args()
    train(
        args.data,
        args.cache,
        args.out,
        Settings(epochs=args.epochs),
        args.resume,
        lambda m: print(m, flush=True),
    )


if __name__ == "__main__":
    main()
