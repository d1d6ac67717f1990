"""Apply trained adapters to the base weights: LoRA updates added, tuned LayerNorms replaced."""

from __future__ import annotations

import numpy as np


def merge(base: dict[str, np.ndarray], adapter: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Base arrays with each ``lora.<name>.a/.b`` pair added to ``<name>.w`` and other arrays replaced."""
    out = dict(base)
    for key, value in adapter.items():
        if key.startswith("lora.") and key.endswith(".a"):
            name = key.removeprefix("lora.").removesuffix(".a")
            up = adapter[f"lora.{name}.b"].astype(np.float32)
            out[f"{name}.w"] = base[f"{name}.w"] + up @ value.astype(np.float32)
        elif not key.startswith("lora.") and key in base:
            out[key] = value.astype(np.float32)
    return out
