"""The ``slant`` command: thin wrappers over functions Python users call too.

One module per command group (``analyze``, ``show``, ``export``, ``store``, ``info``, ``train``,
``evaluate``, ``importing``, ``serve``), sharing :mod:`slant.cli.common`. Each command parses and
checks its options, calls a typed function that does the work and prints the result; the heavy
imports stay inside the commands, so ``slant --help`` starts fast.

Exit codes: 0 everything worked; 1 the run finished but some inputs failed
(each is listed and stored); 2 the command line is wrong; 3 slant could not
start the work (database unreachable, bad config, missing package); 130 the
run was interrupted (what was finished is kept; run again to resume).
"""

from __future__ import annotations

# Importing a module registers its commands on ``app``: this order is the order of ``slant --help``.
# isort: off
from slant.cli import analyze, show, export, store, info  # noqa: F401
from slant.cli import load, train, evaluate, importing, serve, match  # noqa: F401

# isort: on
from slant.cli.common import EXIT_FAILURES, EXIT_FATAL, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, app

__all__ = ["EXIT_FAILURES", "EXIT_FATAL", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "app", "main"]


def main() -> None:
    """Entry point of the ``slant`` console script."""
    app()
