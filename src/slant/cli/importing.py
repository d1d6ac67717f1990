"""``slant import``: corrections made in annotation tools, stored as human spans."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from slant.cli.common import EXIT_FAILURES, DbOption, app, err_console, fail, open_store, out_console
from slant.errors import SlantError
from slant.terminal import plain

if TYPE_CHECKING:
    from slant.annotate.brat import ImportReport

    Importer = Callable[..., ImportReport]

import_app = typer.Typer(
    help="Import corrections made in annotation tools as human spans.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


def _print_import(report: ImportReport) -> None:
    for item in report.imported:
        out_console.print(
            Text("imported ")
            + plain(item.id)
            + Text(f": {item.spans:,} human spans, reviewed {', '.join(item.layers)}"),
            soft_wrap=True,
        )
    for failure in report.refused:
        err_console.print(Text("refused ") + plain(failure), style="red", soft_wrap=True)
    err_console.print(f"{len(report.imported):,} imported, {len(report.refused):,} refused")
    if report.refused:
        raise typer.Exit(EXIT_FAILURES)


AnnotatorOption = Annotated[
    str | None, typer.Option("--annotator", help="Name recorded on each imported span.")
]


def _import(run_import: Importer, path: Path, db: str, annotator: str | None) -> None:
    """Run ``import_brat`` or ``import_labelstudio`` into the store at ``db``; print its report."""
    store = open_store(db)
    try:
        report = run_import(path, store, annotator=annotator)
    except SlantError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    _print_import(report)


@import_app.command("labelstudio")
def import_labelstudio(
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="Label Studio's JSON export of tasks slant exported.")
    ],
    db: DbOption = "slant.db",
    annotator: AnnotatorOption = None,
) -> None:
    """Store Label Studio annotations as human spans that take precedence over the machine's."""
    from slant.annotate.labelstudio import import_labelstudio as run_import

    _import(run_import, file, db, annotator)


@import_app.command("brat")
def import_brat(
    folder: Annotated[
        Path, typer.Argument(metavar="FOLDER", help="A folder written by slant export --format brat.")
    ],
    db: DbOption = "slant.db",
    annotator: AnnotatorOption = None,
) -> None:
    """Store a corrected brat folder as human spans that take precedence over the machine's."""
    from slant.annotate.brat import import_brat as run_import

    _import(run_import, folder, db, annotator)
