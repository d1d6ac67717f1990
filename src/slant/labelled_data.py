"""Find the labelled research data (``../shared/data`` or ``$SLANT_DATA``) that slant trains and evaluates on.

slant never ships this data; training and evaluation read a local copy. Each
task names the sub-folder it needs, so a partial copy still serves the tasks
it has.
"""

from __future__ import annotations

import os
from pathlib import Path

from slant.errors import InputError


def find_root(folder: str) -> Path | None:
    """The data root holding ``folder``: ``$SLANT_DATA``, else ``shared/data`` beside the checkout or cwd."""
    candidates = [os.environ["SLANT_DATA"]] if os.environ.get("SLANT_DATA") else []
    here = Path(__file__).resolve()
    candidates += [str(parent / "shared" / "data") for parent in here.parents[2:4]]
    candidates.append(str(Path.cwd().parent / "shared" / "data"))
    for candidate in candidates:
        if (Path(candidate) / folder).is_dir():
            return Path(candidate)
    return None


def require_root(root: str | Path | None, *folders: str) -> Path:
    """The data root to read ``folders`` from (``root`` if given), or a clear error saying how to give one."""
    path = Path(root) if root else find_root(folders[0]) if folders else None
    missing = [f for f in folders if path is None or not (path / f).is_dir()]
    if path is None or missing:
        where = f"{path}" if path else "../shared/data or $SLANT_DATA"
        wanted = " and ".join(f"{f}/" for f in folders)
        raise InputError(f"labelled data not found in {where}: give --data FOLDER holding {wanted}")
    return path
