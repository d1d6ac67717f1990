"""The shared tasks' ``score.py``: where it is, and running it on gold and prediction files.

Every research evaluation (techniques, entities, quotes, claims) writes the tasks' own file
formats and lets the workspace's ``score.py`` score them, so slant's figures are the tasks'.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from slant.errors import InputError


def scorer_path(root: Path, given: str | None) -> Path:
    """``score.py``: as given, or ``eval/score.py`` beside the data folder."""
    path = Path(given) if given else root.parent / "eval" / "score.py"
    if not path.is_file():
        raise InputError(f"scorer not found: {path} (give --scorer PATH/score.py)")
    return path


def run_scorer(scorer: Path, mode: str, gold: Path, pred: Path) -> dict[str, Any]:
    """Run ``score.py MODE GOLD PRED`` and return its JSON."""
    done = subprocess.run(
        [sys.executable, str(scorer), mode, str(gold), str(pred)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise InputError(f"score.py {mode} failed: {done.stderr.strip() or done.stdout.strip()}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result
