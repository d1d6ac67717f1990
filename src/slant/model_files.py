"""slant's model files: compressed ``.npz`` archives of arrays plus a JSON card, never pickles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from slant.errors import ConfigError


def save(arrays: dict[str, np.ndarray], card: dict[str, Any], path: Path) -> None:
    """Write a model archive (compressed, card as JSON text) atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.npz")
    contents = {**arrays, "card": np.array(json.dumps(card, sort_keys=True))}
    np.savez_compressed(partial, **contents)  # type: ignore[arg-type]
    partial.replace(path)


def read(path: Path, what: str, retrain: str) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The arrays and card of a model archive; ConfigError naming ``what`` (e.g. "claim model") and the
    command that rebuilds it when the file is missing or unreadable."""
    if not path.is_file():
        raise ConfigError(f"{what} not found: {path} (retrain with: {retrain})")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
        card = json.loads(str(arrays.pop("card")))
    except (OSError, ValueError, KeyError, EOFError) as exc:
        raise ConfigError(f"{what} {path} is unreadable: {exc}") from None
    if not isinstance(card, dict):
        raise ConfigError(f"{what} {path} was written for another version of slant; retrain it")
    return arrays, card
