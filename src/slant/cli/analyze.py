"""``slant analyze``: read inputs, run the pipeline, store the results, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from slant.cli.common import (
    EXIT_FAILURES,
    EXIT_OK,
    DbOption,
    app,
    err_console,
    fail,
    guarded_run,
    open_store,
    parse_fields,
    parse_size,
)
from slant.errors import ConfigError, SlantError
from slant.terminal import plain

if TYPE_CHECKING:
    from slant.analyze.pipeline import PipelineConfig
    from slant.ingest import ReadOptions
    from slant.ingest.sidecar import Metadata
    from slant.run.engine import RunSummary

FAILURES_SHOWN = 20
TIERED_ANALYZERS = ("techniques", "claims")
"""Analyzers with a fast and an accurate model, both set by ``analyze --tier``."""


class _RateColumn(ProgressColumn):
    """Documents per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = task.completed / elapsed if elapsed else 0.0
        return Text(f"{rate:,.1f} docs/s", style="cyan")


def with_tier(config: PipelineConfig, tier: str) -> PipelineConfig:
    """``config`` with ``tier`` set on each analyzer of :data:`TIERED_ANALYZERS` it runs."""
    tiered = [name for name in TIERED_ANALYZERS if name in config.analyzers]
    if not tiered:
        raise typer.BadParameter("--tier needs the techniques or claims analyzer in the pipeline")
    for name in tiered:
        config = config.with_options(name, tier=tier)
    return config


def _progress(total: int | None, quiet: bool) -> tuple[Progress, TaskID]:
    columns = [
        SpinnerColumn(),
        TextColumn("analysing"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("{task.fields[failed]} failed", style="red"),
    ]
    progress = Progress(*columns, console=err_console, disable=quiet, transient=False)
    return progress, progress.add_task("analyse", total=total, failed=0)


def _print_summary(summary: RunSummary, out: Path | None) -> None:
    table = Table.grid(padding=(0, 2))
    rate = (summary.analysed + summary.updated) / summary.seconds if summary.seconds else 0.0
    table.add_row("analysed", f"{summary.analysed:,}", f"new documents ({rate:,.1f} docs/s)")
    if summary.updated:
        table.add_row("updated", f"{summary.updated:,}", "text changed since last analysed")
    table.add_row("unchanged", f"{summary.unchanged:,}", "already in the database")
    table.add_row("failed", f"{summary.failed:,}", "see below" if summary.failed else "")
    err_console.print(table)
    for failure in summary.failures[:FAILURES_SHOWN]:
        err_console.print(Text("  ✗ ", style="red") + plain(failure), soft_wrap=True)
    more = summary.failed - min(FAILURES_SHOWN, len(summary.failures))
    if more > 0:
        err_console.print(f"  … and {more:,} more: slant failures --run {summary.run_id}")
    if out:
        err_console.print(Text("wrote ") + plain(out), soft_wrap=True)
    err_console.print(f"run {summary.run_id} {summary.status} in {summary.seconds:.1f} s")


@app.command()
def analyze(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH",
            help="Files or folders to analyse (.txt, .html, .jsonl, .warc[.gz]); - reads standard input.",
        ),
    ],
    db: DbOption = "slant.db",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Also write Analysis JSONL of every input document here."),
    ] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Analysis processes.")] = 1,
    config: Annotated[
        Path | None,
        typer.Option("--config", help="Pipeline config (TOML or JSON): analyzers and their options."),
    ] = None,
    include: Annotated[
        list[str],
        typer.Option("--include", help="Only files matching this glob inside folders (repeatable)."),
    ] = [],  # noqa: B006 - Typer reads list defaults
    exclude: Annotated[
        list[str],
        typer.Option("--exclude", help="Skip files matching this glob inside folders (repeatable)."),
    ] = [],  # noqa: B006
    field: Annotated[
        list[str],
        typer.Option(
            "--field", help="JSONL field mapping NAME=FIELD, e.g. text=body or published=date (repeatable)."
        ),
    ] = [],  # noqa: B006
    id_from: Annotated[
        str,
        typer.Option(
            "--id-from", help="Document ids for files: 'stem' (file name) or 'path' (relative path)."
        ),
    ] = "stem",
    max_bytes: Annotated[str, typer.Option("--max-bytes", help="Largest single document.")] = "16MB",
    encoding: Annotated[
        str | None, typer.Option("--encoding", help="Text encoding of all inputs (default: detect).")
    ] = None,
    encoding_errors: Annotated[
        str,
        typer.Option("--encoding-errors", help="'strict': invalid bytes fail the file; 'replace': keep it."),
    ] = "strict",
    tier: Annotated[
        str | None,
        typer.Option(
            "--tier",
            help="Technique and claim models: 'fast' (bulk), 'accurate' (needs slant[accurate]) or 'auto' "
            "(accurate when installed). Default: the config's, else auto.",
        ),
    ] = None,
    metadata: Annotated[
        Path | None,
        typer.Option(
            "--metadata",
            help="CSV or JSONL table of metadata by document id (outlet, published, title, url, authors, "
            "language, more), for inputs that carry none, e.g. plain-text files.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar, only the summary.")] = False,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="'local': this machine (--workers processes); 'dask': a Dask cluster analyses partitions "
            "of the input into the --out folder, then they are stored (needs slant[dask]).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="Dask scheduler address (tcp://host:8786); without it --engine dask starts a local "
            "cluster of --workers processes. Workers must see the inputs and --out at the same paths.",
        ),
    ] = None,
    partition_size: Annotated[
        int, typer.Option("--partition-size", min=1, help="Documents (JSONL lines, files) per Dask task.")
    ] = 1000,
    out_format: Annotated[
        str, typer.Option("--out-format", help="Format of the Dask partitions: jsonl or parquet.")
    ] = "jsonl",
    no_load: Annotated[
        bool,
        typer.Option("--no-load", help="Dask: only write the partitions; store them later with slant load."),
    ] = False,
) -> None:
    """Read documents, run the analyzers, store the results.

    Analysing the same input again adds nothing; a run that was stopped
    resumes where it was. Exit code 1 means some inputs failed (listed).
    """
    from slant.analyze.pipeline import PipelineConfig
    from slant.ingest import ReadOptions, read_sources
    from slant.ingest.estimate import estimate_total
    from slant.ingest.sidecar import read_metadata
    from slant.run.engine import RunEngine

    try:
        options = ReadOptions(
            include=tuple(include),
            exclude=tuple(exclude),
            fields=parse_fields(field),
            max_bytes=parse_size(max_bytes),
            encoding=encoding,
            encoding_errors=encoding_errors,
            id_from=id_from,
        )
        table = read_metadata(metadata) if metadata else None
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        pipeline_config = PipelineConfig.from_file(config) if config else PipelineConfig()
        if tier is not None:
            pipeline_config = with_tier(pipeline_config, tier)
        if engine == "local" and scheduler is None:
            store = open_store(db)
            runner = RunEngine(store, pipeline_config, workers, metadata=table)
    except SlantError as exc:
        raise fail(str(exc)) from None
    if scheduler is not None:
        engine = "dask"
    if engine not in ("local", "dask"):
        raise typer.BadParameter(f"--engine must be local or dask, not {engine!r}")
    if engine == "dask":
        _analyze_dask(
            paths, db, out, pipeline_config, options, table, scheduler, workers,
            partition_size, out_format, no_load, quiet,
        )  # fmt: skip
        return
    total = None if "-" in paths else estimate_total(paths, options)
    progress, task = _progress(total, quiet)

    def advance(summary: RunSummary) -> None:
        progress.update(task, completed=summary.seen, failed=summary.failed)

    items = read_sources(paths, options, stdin=sys.stdin.buffer if "-" in paths else None)
    if table:
        items = table.apply(items)
    resume = "interrupted: what was analysed is stored; run the same command again to resume"
    with guarded_run(store, resume, progress):
        summary = runner.run(items, inputs=paths, command="analyze", out=out, progress=advance)
        progress.update(task, total=summary.seen)
    _print_summary(summary, out)
    if table:
        _print_unused(table)
    raise typer.Exit(EXIT_FAILURES if summary.failed else EXIT_OK)


def _print_unused(table: Metadata) -> None:
    if unused := table.unused():
        shown = ", ".join(unused[:5]) + (", ..." if len(unused) > 5 else "")
        err_console.print(
            f"note: {len(unused)} id(s) of {table.path} matched no document read: {shown}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # a path broken over lines cannot be copied
        )


def _analyze_dask(
    paths: list[str],
    db: str,
    out: Path | None,
    config: PipelineConfig,
    options: ReadOptions,
    table: Metadata | None,
    scheduler: str | None,
    workers: int,
    partition_size: int,
    out_format: str,
    no_load: bool,
    quiet: bool,
) -> None:
    """``analyze --engine dask``: partitions analysed on a Dask cluster into ``out``, then stored."""
    from slant.ingest.estimate import estimate_total
    from slant.run.dask_engine import DaskRun, run_dask

    if out is None:
        raise typer.BadParameter("--engine dask writes partitions to a folder: give --out FOLDER")
    if "-" in paths:
        raise typer.BadParameter("--engine dask reads files, not standard input: save it to a file first")
    if table is not None:
        raise typer.BadParameter(
            "--metadata is not supported with --engine dask: put the fields in JSONL inputs"
        )
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"--out {out} is a file; --engine dask needs a folder")
    try:
        store = None if no_load else open_store(db)
    except SlantError as exc:
        raise fail(str(exc)) from None
    progress, task = _progress(estimate_total(paths, options), quiet)

    def advance(job: DaskRun, summary: RunSummary | None) -> None:
        if summary is not None:
            progress.update(task, completed=summary.seen, failed=summary.failed)
        else:
            progress.update(task, completed=job.documents, failed=len(job.lost))

    resume = "interrupted: finished partitions are kept; run the same command again to resume"
    with guarded_run(store, resume, progress):
        job = run_dask(
            paths, out, config, options, store=store, scheduler=scheduler, workers=workers,
            partition_size=partition_size, fmt=out_format, progress=advance,
        )  # fmt: skip
    err_console.print(
        f"{job.partitions:,} partitions: {job.partitions - job.skipped - len(job.lost):,} analysed, "
        f"{job.skipped:,} already done, {len(job.lost):,} lost"
    )
    err_console.print(Text("partitions in ") + plain(out), soft_wrap=True)
    if job.summary is None:
        err_console.print(Text("store them with: slant load ") + plain(out) + Text(" --db DATABASE"))
        raise typer.Exit(EXIT_FAILURES if job.lost else EXIT_OK)
    _print_summary(job.summary, None)
    raise typer.Exit(EXIT_FAILURES if job.summary.failed else EXIT_OK)
