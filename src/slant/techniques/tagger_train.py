"""Fine-tune the encoder's top layers (LoRA) with the technique heads, on CPU, resumably.

The loop, its checkpoints and the frozen layers' cache are :mod:`slant.encoder.finetune`'s;
this module adds the technique windows, the heads, their loss and validation figures.
Needs ``slant[train]`` (torch).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.encoder import finetune
from slant.techniques import tagger_data
from slant.techniques.tagger_data import TRAIN, VALIDATION, Data
from slant.techniques.tagging import BEGIN, CHANNELS, INSIDE
from slant.techniques.taxonomy import NAMES

Report = Callable[[str], None]


@dataclass(frozen=True)
class Settings(finetune.Settings):
    """The shared loop's settings and the technique heads'."""

    epochs: int = 4
    span_hidden: int = 256
    #: Loss weight of the "inside" and "begin" channels against one technique channel: span
    #: identification is what every shown span rests on, and 23 technique channels would drown it.
    inside_weight: float = 8.0
    begin_weight: float = 4.0
    #: Languages (ISO codes) left out of training and tuning, to measure transfer to a language
    #: the model never saw (benchmarks/techniques_unseen_languages.py); empty for shipped models.
    held_out: tuple[str, ...] = ()


_torch = finetune.torch_model


def windows_path(cache: Path) -> Path:
    return cache / f"windows-v{tagger_data.VERSION}.npz"


def prepare(root: Path, cache: Path, report: Report) -> Data:
    """The training windows, read from the cache or built from the corpora."""
    data: Data = tagger_data.load_or_build(windows_path(cache), Data, tagger_data.build, root, report)
    return data


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
    cache.mkdir(parents=True, exist_ok=True)
    data = prepare(root, cache, report)
    states = finetune.lower_states(data, cache, settings.first_tuned, report)
    stack, weights = finetune.tuned_stack(settings)
    heads = Heads.make(weights.config.hidden, settings.span_hidden)
    train_windows = np.flatnonzero((data.split == TRAIN) & ~np.isin(data.language, settings.held_out))
    per_epoch = [
        finetune.batches(data, train_windows, settings.batch_tokens, settings.seed + e)
        for e in range(settings.epochs)
    ]
    checkpoint = cache / "".join(["tagger-checkpoint", *(f"-without-{x}" for x in settings.held_out), ".pt"])
    task = _Task(data, states, heads, settings)
    history = finetune.fit(stack, heads, per_epoch, settings, checkpoint, resume, task, report)
    return write(out, adapter_out or out.parent / "adapter.npz", stack, heads, settings, weights, history)


class _Task:
    """Technique tagging for :func:`finetune.fit`: weighted token channels plus the span head."""

    def __init__(self, data: Data, states: np.ndarray, heads: Any, settings: Settings) -> None:
        torch = _torch().torch
        self.data, self.states, self.heads = data, states, heads
        weight = torch.ones(CHANNELS)
        weight[INSIDE], weight[BEGIN] = settings.inside_weight, settings.begin_weight
        self.channel_weight = weight / weight.sum()

    def batch(self, group: np.ndarray) -> tuple[Any, ...]:
        return _batch(self.data, self.states, group)

    def loss(self, hidden: Any, batch: tuple[Any, ...], group: np.ndarray) -> Any:
        torch = _torch().torch
        bce = torch.nn.functional.binary_cross_entropy_with_logits
        _, _, y, loss_mask = batch
        logits = self.heads["token"](hidden)
        token_loss = ((bce(logits, y, reduction="none") * self.channel_weight).sum(-1) * loss_mask).sum()
        loss = token_loss / loss_mask.sum()
        places, span_y = _span_rows(self.data, group)
        if len(places):
            features = span_features(torch, hidden, loss_mask, places)
            span_logits = self.heads["span2"](torch.nn.functional.gelu(self.heads["span1"](features)))
            loss = loss + bce(span_logits, torch.from_numpy(span_y))
        return loss

    def validate(self, stack: Any) -> dict[str, Any]:
        return validate(self.data, self.states, stack, self.heads)


def _batch(data: Data, states: np.ndarray, group: np.ndarray) -> tuple[Any, Any, Any, Any]:
    torch = _torch().torch
    x, mask, loss_mask = finetune.padded_states(data, states, group)
    y = np.zeros((len(group), x.shape[1], CHANNELS), dtype=np.float32)
    for i, w in enumerate(group):
        r = data.rows(int(w))
        y[i, : r.stop - r.start] = data.targets[r]
    return torch.from_numpy(x), torch.from_numpy(mask), torch.from_numpy(y), torch.from_numpy(loss_mask)


def validate(data: Data, states: np.ndarray, stack: Any, heads: Any) -> dict[str, float]:
    """Quick figures on the validation windows: token F1 of "inside", span-head micro-F1 on gold spans."""
    torch = _torch().torch
    windows = np.flatnonzero(data.split == VALIDATION)
    grid = (0.2, 0.3, 0.4, 0.5)
    tp, fp, fn = np.zeros(len(grid)), np.zeros(len(grid)), np.zeros(len(grid))
    s_tp = s_fp = s_fn = 0
    with torch.inference_mode():
        for group in finetune.batches(data, windows, 4096, 0):
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
    f1 = 2 * tp / np.maximum(1, 2 * tp + fp + fn)
    return {
        **{f"token_inside_f1@{t}": round(float(v), 4) for t, v in zip(grid, f1, strict=True)},
        "span_top1_precision": round(s_tp / max(1, s_tp + s_fp), 4),
    }


def write(
    out: Path, adapter_out: Path, stack: Any, heads: Any, settings: Settings, weights: Any, history: list[Any]
) -> dict[str, Any]:
    """The committed files: the encoder adapter (LoRA factors as float16, LayerNorms) and the heads."""
    from slant import model_files

    retrain = "slant train techniques --data ../shared/data"
    card = {"name": "techniques", "version": 1, "settings": asdict(settings), "retrain": retrain}
    base = finetune.write_adapter(stack, weights, card, adapter_out)
    card = {
        "name": "techniques-tagger",
        "version": 1,
        "base": base,
        "settings": asdict(settings),
        "history": history,
        "techniques": list(NAMES),
        "retrain": retrain,
    }
    model_files.save(finetune.head_arrays(heads), card, out)
    return card
