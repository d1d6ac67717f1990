"""``slant match``: the store's claims matched against a table of known claims (fact-checks,
debunked narratives) across languages."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.table import Table
from rich.text import Text

from slant.cli.common import (
    EXIT_USAGE,
    DbOption,
    HiddenOption,
    app,
    err_console,
    fail,
    open_store,
    out_console,
)
from slant.errors import SlantError
from slant.terminal import plain

FORMATS = ("table", "jsonl", "csv")


@app.command()
def match(
    known: Annotated[
        Path,
        typer.Option(
            "--known",
            "-k",
            help="Known claims: CSV or JSONL with columns id, text, language, verdict, url "
            "(or the EUvsDisinfo posts.csv with --known-format euvsdisinfo).",
        ),
    ],
    known_format: Annotated[
        str, typer.Option("--known-format", help="auto (by suffix), csv, jsonl or euvsdisinfo.")
    ] = "auto",
    db: DbOption = "slant.db",
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: standard output).")
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Only claims of documents from this outlet.")
    ] = None,
    language: Annotated[
        str | None, typer.Option("--language", help="Only claims of documents in this language.")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only documents published on or after this date (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only documents published up to this date (a prefix: 2026-10)."),
    ] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold", help="Minimum cosine of the sentence vectors (default: the calibrated one)."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="At most this many known claims per store claim.")] = 1,
    hidden: HiddenOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Match stored claims against known claims (fact-checks, debunked narratives) in any language.

    Shows each store claim whose sentence vector is close to a known claim's, with the known
    claim's id, verdict and url as the table gives them: a match says the sentences say much the
    same thing, not that slant judged the claim."""
    from slant.claims.known import read_known
    from slant.claims.matching import MATCH_COSINE, KnownIndex, count_store_claims
    from slant.corpus.filters import CorpusFilter

    if fmt not in FORMATS:
        raise fail(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}", EXIT_USAGE)
    if top < 1:
        raise fail("--top must be at least 1", EXIT_USAGE)
    cosine = MATCH_COSINE if threshold is None else threshold
    if not -1.0 <= cosine <= 1.0:
        raise fail(f"--threshold is a cosine between -1 and 1, not {cosine}", EXIT_USAGE)
    try:
        table = read_known(known, known_format)
    except SlantError as exc:
        raise fail(str(exc)) from None
    store = open_store(db)
    filters = CorpusFilter(outlet=outlet, language=language, published_from=since, published_to=until)
    try:
        index = KnownIndex(table)
        total = count_store_claims(store, filters, hidden=hidden)
        rows = _run(store, filters, hidden, index, cosine, top, total, quiet)
    except SlantError as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    try:
        _write(rows, fmt, out)
    except OSError as exc:
        raise fail(f"cannot write {out}: {exc.strerror or exc}") from None
    summary = f"{len(rows):,} matches for {total:,} claims against {len(table):,} known claims"
    err_console.print(Text(f"{summary} (cosine ≥ {cosine:g})"))


def _run(
    store: Any,
    filters: Any,
    hidden: bool,
    index: Any,
    cosine: float,
    top: int,
    total: int,
    quiet: bool,
) -> list[dict[str, Any]]:
    """Every match as a row, with a progress bar on standard error."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from slant.claims.matching import match_claims, store_claims

    columns = (TextColumn("matching claims"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err_console, disable=quiet, transient=True) as progress:
        task = progress.add_task("match", total=total)
        found = match_claims(
            store_claims(store, filters, hidden=hidden),
            index,
            threshold=cosine,
            top=top,
            progress=lambda n: progress.advance(task, n),
        )
        return [found_match.row() for found_match in found]


def _write(rows: list[dict[str, Any]], fmt: str, out: Path | None) -> None:
    """Print the matches as a Rich table, or write them as JSONL or CSV."""
    if fmt == "table":
        if out is not None:
            raise fail(
                "--format table prints to the terminal; use --format csv or jsonl with --out", EXIT_USAGE
            )
        _print_table(rows)
        return
    target: TextIO = sys.stdout if out is None else out.open("w", encoding="utf-8", newline="")
    try:
        if fmt == "jsonl":
            for row in rows:
                target.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            writer = csv.DictWriter(target, fieldnames=list(_COLUMNS))
            writer.writeheader()
            writer.writerows({k: _safe(v) for k, v in row.items()} for row in rows)
    finally:
        if target is not sys.stdout:
            target.close()


_COLUMNS = (
    "document_id",
    "start",
    "end",
    "claim",
    "language",
    "outlet",
    "published",
    "known_id",
    "known_text",
    "known_language",
    "verdict",
    "url",
    "similarity",
    "rank",
)


def _safe(value: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (texts come from articles)."""
    if isinstance(value, str) and value.startswith(("=", "+", "-", "@", "\t", "\r")):
        return "'" + value
    return value


def _print_table(rows: list[dict[str, Any]]) -> None:
    """The matches as a Rich table (untrusted texts printed as plain text)."""
    if not rows:
        out_console.print("no matches")
        return
    table = Table("document", "offsets", "claim", "known", "verdict (theirs)", "cosine", "languages")
    for row in rows:
        table.add_row(
            plain(row["document_id"]),
            f"{row['start']}-{row['end']}",
            plain(row["claim"]),
            plain(f"{row['known_id']}: {row['known_text']}" + (f"\n{row['url']}" if row["url"] else "")),
            plain(row["verdict"] or ""),
            f"{row['similarity']:.3f}",
            f"{row['language'] or '?'} → {row['known_language'] or '?'}",
        )
    out_console.print(table)
