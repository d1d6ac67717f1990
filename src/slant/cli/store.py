"""Commands over the store's contents: ``slant delete``, ``slant stats``, ``slant failures``."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.table import Table

from slant.cli.common import DbOption, app, err_console, fail, open_store, out_console
from slant.errors import Failure, SlantError
from slant.terminal import plain


@app.command()
def delete(
    doc_ids: Annotated[list[str], typer.Argument(help="Ids of the documents to remove.", show_default=False)],
    db: DbOption = "slant.db",
) -> None:
    """Remove documents with their spans and corrections from the store (every view and count)."""
    store = open_store(db)
    try:
        removed = store.delete(doc_ids)
    except SlantError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    gone = set(removed)
    missing = [doc_id for doc_id in dict.fromkeys(doc_ids) if doc_id not in gone]
    for doc_id in removed:
        out_console.print(f"deleted {doc_id}", markup=False, highlight=False)
    for doc_id in missing:
        err_console.print(f"no document {doc_id!r} in {db}", markup=False, highlight=False)
    if missing:
        raise typer.Exit(1)


@app.command()
def stats(
    db: DbOption = "slant.db",
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
    top: Annotated[int, typer.Option("--top", help="How many languages and outlets to list.")] = 20,
) -> None:
    """Counts of stored documents by language, outlet and month, and spans by layer."""
    store = open_store(db)
    try:
        counts = store.stats(top=top)
        failures = len(store.failures()) if counts["runs"] else 0
    finally:
        store.close()
    if as_json:
        out_console.print_json(json.dumps({**counts, "last_run_failures": failures}, default=str))
        return
    print_stats(counts)


STATS_TABLES = (
    ("language", "languages"),
    ("outlet", "outlets"),
    ("month", "months"),
    ("layer", "layers"),
    ("technique", "techniques"),
    ("actor (entity)", "actors"),
    ("speaker (quote)", "speakers"),
    ("cited outlet", "cited"),
)
"""The tables ``slant stats`` prints: a title, and the key of ``Store.stats``'s answer."""


def print_stats(counts: dict[str, Any]) -> None:
    """``Store.stats``'s counts as one table per key that has any, and a line on the last run."""
    out_console.print(f"[bold]{counts['documents']:,}[/bold] documents")
    for title, key in STATS_TABLES:
        if not counts[key]:
            continue
        grid = Table(title, "count", box=None, title_justify="left")
        for value, n in counts[key]:
            grid.add_row(plain(value if value is not None else "(unknown)"), f"{n:,}")
        out_console.print(grid)
    if counts["runs"]:
        run = counts["runs"][0]
        done = ", ".join(f"{k} {v:,}" for k, v in (run["counts"] or {}).items())
        out_console.print(f"last run {run['id']}: {run['status']} {done}")


@app.command()
def failures(
    db: DbOption = "slant.db",
    run: Annotated[int | None, typer.Option("--run", help="Run id (default: the latest run).")] = None,
) -> None:
    """List the inputs that failed in a run, with the reason, one per line."""
    store = open_store(db)
    try:
        found: list[Failure] = store.failures(run)
    finally:
        store.close()
    for failure in found:
        out_console.print(plain(failure), soft_wrap=True)
    err_console.print(f"{len(found):,} failed")
