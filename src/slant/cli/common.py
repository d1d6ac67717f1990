"""What the ``slant`` commands share: the Typer app and its global options, the consoles, exit
codes, common options, reporting an error, opening the store and parsing option values."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from slant import __version__
from slant.errors import SlantError
from slant.terminal import plain, stderr_console

if TYPE_CHECKING:
    from rich.progress import Progress

    from slant.store import Store

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130

app = typer.Typer(
    name="slant",
    help=(
        "Show how news and opinion texts tilt, with every finding pointing at exact "
        "character offsets in the original text.\n\n"
        "Start with: slant analyze demo/   then: slant stats, slant show ID, slant export."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
out_console = Console(highlight=False)
err_console = stderr_console()

HiddenOption = Annotated[
    bool,
    typer.Option("--hidden", help="Also spans kept below their model's display threshold (attrs.hidden)."),
]
DbOption = Annotated[
    str,
    typer.Option(
        "--db",
        envvar="SLANT_DB",
        help="Database: an SQLite file path or a postgresql://USER:PASSWORD@HOST/NAME URL.",
        show_envvar=True,
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", envvar="SLANT_DATA", help="Folder holding semeval2023-task3/ and ptc-semeval2020-task11/."
    ),
]
"""``--data`` of the technique commands (SemEval-2023 and PTC)."""
AnyDataOption = Annotated[
    Path | None,
    typer.Option("--data", envvar="SLANT_DATA", help="The labelled data folder (default: ../shared/data)."),
]
"""``--data`` of the other train and eval commands."""


def fail(message: str, code: int = EXIT_FATAL) -> typer.Exit:
    """Print ``slant: error: MESSAGE`` on standard error; the caller raises the returned exit."""
    err_console.print(Text("slant: error: ") + plain(message), style="red", soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def guarded_run(store: Store | None, interrupted: str, progress: Progress | None = None) -> Iterator[None]:
    """Around a run (and its progress bar): Ctrl-C says ``interrupted`` and exits 130, a SlantError
    is its one-line exit 3, and the store is closed whatever happens."""
    try:
        with progress or nullcontext():
            yield
    except KeyboardInterrupt:
        err_console.print(interrupted)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except SlantError as exc:
        raise fail(str(exc)) from None
    finally:
        if store is not None:
            store.close()


def open_store(db: str) -> Store:
    """The store at ``db``, or exit with the reason it cannot be opened."""
    from slant.store import Store

    try:
        return Store(db)
    except SlantError as exc:
        raise fail(str(exc)) from None


def _version(value: bool) -> None:
    if value:
        out_console.print(f"slant {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what slant does.")] = False,
) -> None:
    """Global options."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def parse_fields(values: list[str]) -> dict[str, str]:
    """``--field NAME=FIELD`` values as a mapping."""
    fields = {}
    for value in values:
        name, sep, source = value.partition("=")
        if not sep or not name or not source:
            raise typer.BadParameter(f"{value!r} is not NAME=FIELD (e.g. text=body)", param_hint="--field")
        fields[name.strip()] = source.strip()
    return fields


def parse_size(value: str) -> int:
    """``--max-bytes`` such as 16MB, 512K or 1.5G, in bytes."""
    units = {"": 1, "B": 1, "K": 1024, "KB": 1024, "M": 1024**2, "MB": 1024**2, "G": 1024**3, "GB": 1024**3}
    text = value.strip().upper()
    number = text.rstrip("KMGB")
    try:
        size = int(float(number) * units[text[len(number) :]])
    except (ValueError, KeyError):
        raise typer.BadParameter(f"{value!r} is not a size such as 16MB", param_hint="--max-bytes") from None
    if size <= 0:
        raise typer.BadParameter("must be positive", param_hint="--max-bytes")
    return size


def timed_reporter() -> Callable[[str], None]:
    """A progress reporter for long jobs: each message on standard error with the seconds since now."""
    import time

    started = time.perf_counter()

    def report(message: str) -> None:
        err_console.print(
            f"[{time.perf_counter() - started:7.1f} s] {message}", markup=False, highlight=False
        )

    return report
