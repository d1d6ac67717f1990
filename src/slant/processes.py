"""Whether a process still runs: how a killed run or a dead server's leftovers are recognised."""

from __future__ import annotations

import os


def alive(pid: int) -> bool:
    """Whether a process with this id runs on this host (one of another user counts as alive)."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OverflowError:  # not a process id at all
        return False
    return True
