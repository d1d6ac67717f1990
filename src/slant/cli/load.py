"""``slant load``: store the partitions a Dask run wrote (``analyze --engine dask --no-load``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from slant.cli.analyze import _print_summary, _progress
from slant.cli.common import (
    EXIT_FAILURES,
    EXIT_OK,
    DbOption,
    app,
    err_console,
    fail,
    guarded_run,
    open_store,
)
from slant.errors import SlantError

if TYPE_CHECKING:
    from slant.run.engine import RunSummary


@app.command()
def load(
    folder: Annotated[Path, typer.Argument(help="The --out folder of slant analyze --engine dask.")],
    db: DbOption = "slant.db",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, only the summary.")] = False,
) -> None:
    """Store the finished partitions of a Dask run in a database.

    Loading again, or after an interrupted load, stores each document once: documents already
    stored with the same text are left as they are. Exit code 1: some documents failed (listed).
    """
    from slant.run import parts
    from slant.run.dask_engine import load as load_parts

    try:
        description = parts.read_run(folder)
        store = open_store(db)
    except SlantError as exc:
        raise fail(str(exc)) from None
    done = parts.partition_names(folder)
    missing = int(description.get("partitions") or 0) - len(done)
    progress, task = _progress(None, quiet)

    def advance(summary: RunSummary) -> None:
        progress.update(task, completed=summary.seen, failed=summary.failed)

    resume = "interrupted: what was loaded is stored; run the same command again to resume"
    with guarded_run(store, resume, progress):
        summary = load_parts(folder, store, progress=advance)
    _print_summary(summary, None)
    if missing > 0:
        err_console.print(
            f"note: {missing:,} of {description['partitions']:,} partitions are not finished; "
            "rerun the analysis with the same --out to finish them, then load again"
        )
    raise typer.Exit(EXIT_FAILURES if summary.failed or missing > 0 else EXIT_OK)
