"""The ``slant`` command: thin wrappers over functions Python users call too.

Exit codes: 0 everything worked; 1 the run finished but some inputs failed
(each is listed and stored); 2 the command line is wrong; 3 slant could not
start the work (database unreachable, bad config, missing package); 130 the
run was interrupted (what was finished is kept; run again to resume).
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from slant import __version__
from slant.errors import ConfigError, Failure, SlantError
from slant.span_details import ANALYSIS_LAYERS, TEXT_STYLES, detail
from slant.terminal import plain, stderr_console, style_for, visible

EXIT_OK, EXIT_FAILURES, EXIT_USAGE, EXIT_FATAL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
FAILURES_SHOWN = 20

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


def _fail(message: str, code: int = EXIT_FATAL) -> typer.Exit:
    err_console.print(Text("slant: error: ") + plain(message), style="red", soft_wrap=True)
    return typer.Exit(code)


def _open_store(db: str) -> Any:
    from slant.store import Store

    try:
        return Store(db)
    except SlantError as exc:
        raise _fail(str(exc)) from None


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


class _RateColumn(ProgressColumn):
    """Documents per second since the start."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = task.completed / elapsed if elapsed else 0.0
        return Text(f"{rate:,.1f} docs/s", style="cyan")


def _parse_fields(values: list[str]) -> dict[str, str]:
    fields = {}
    for value in values:
        name, sep, source = value.partition("=")
        if not sep or not name or not source:
            raise typer.BadParameter(f"{value!r} is not NAME=FIELD (e.g. text=body)", param_hint="--field")
        fields[name.strip()] = source.strip()
    return fields


def _parse_size(value: str) -> int:
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


def _print_summary(summary: Any, out: Path | None) -> None:
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
) -> None:
    """Read documents, run the analyzers, store the results.

    Analysing the same input again adds nothing; a run that was stopped
    resumes where it was. Exit code 1 means some inputs failed (listed).
    """
    from slant.analyze.pipeline import PipelineConfig
    from slant.ingest import ReadOptions, read_sources
    from slant.ingest.estimate import estimate_total
    from slant.ingest.sidecar import read_metadata
    from slant.run.local import LocalRunner

    try:
        options = ReadOptions(
            include=tuple(include),
            exclude=tuple(exclude),
            fields=_parse_fields(field),
            max_bytes=_parse_size(max_bytes),
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
            tiered = [name for name in TIERED_ANALYZERS if name in pipeline_config.analyzers]
            if not tiered:
                raise typer.BadParameter("--tier needs the techniques or claims analyzer in the pipeline")
            for name in tiered:
                pipeline_config = pipeline_config.with_options(name, tier=tier)
        store = _open_store(db)
        runner = LocalRunner(store, pipeline_config, workers=workers, metadata=table)
    except SlantError as exc:
        raise _fail(str(exc)) from None
    total = None if "-" in paths else estimate_total(paths, options)
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
    task = progress.add_task("analyse", total=total, failed=0)

    def advance(summary: Any) -> None:
        progress.update(task, completed=summary.seen, failed=summary.failed)

    items = read_sources(paths, options, stdin=sys.stdin.buffer if "-" in paths else None)
    if table:
        items = table.apply(items)
    try:
        with progress:
            summary = runner.run(items, inputs=paths, command="analyze", out=out, progress=advance)
            progress.update(task, total=summary.seen)
    except KeyboardInterrupt:
        err_console.print("interrupted: what was analysed is stored; run the same command again to resume")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except SlantError as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    _print_summary(summary, out)
    if table and (unused := table.unused()):
        shown = ", ".join(unused[:5]) + (", ..." if len(unused) > 5 else "")
        err_console.print(
            f"note: {len(unused)} id(s) of {table.path} matched no document read: {shown}",
            markup=False,
            highlight=False,
            soft_wrap=True,  # a path broken over lines cannot be copied
        )
    raise typer.Exit(EXIT_FAILURES if summary.failed else EXIT_OK)


TIERED_ANALYZERS = ("techniques", "claims")
"""Analyzers with a fast and an accurate model, both set by ``analyze --tier``."""

_DETAILED = frozenset({"quote", "entity", "source", "date", "claim"})


@app.command()
def show(
    doc_id: Annotated[str, typer.Argument(metavar="ID", help="The document's id.")],
    db: DbOption = "slant.db",
    layer: Annotated[
        list[str],
        typer.Option(
            "--layer",
            "-l",
            help="Layers to highlight (repeatable); default: every analysis layer present, else sentence.",
        ),
    ] = [],  # noqa: B006
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the document as Analysis JSON instead.")
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Also print each labelled span's explanation (cue, definition).")
    ] = False,
    hidden: HiddenOption = False,
) -> None:
    """Show one document with its spans highlighted."""
    store = _open_store(db)
    try:
        doc = store.get(doc_id)
    finally:
        store.close()
    if doc is None:
        raise _fail(
            f"no document with id {doc_id!r} in {db}; slant export --format csv --table documents lists them",
            1,
        )
    from slant.annotate.precedence import effective, reviewed_layers

    # Human corrections hide the machine spans of the layers they reviewed; spans below their
    # model's display threshold are stored but shown only on request.
    doc = effective(doc, hidden)
    if as_json:
        out_console.print_json(doc.to_json())
        return
    present = doc.layers()
    layers = layer or ([name for name in ANALYSIS_LAYERS if name in present] or ["sentence"])
    header = Table.grid(padding=(0, 2))
    for key in ("title", "outlet", "published", "language", "url", "source", "encoding"):
        if doc.meta.get(key):
            header.add_row(Text(key, style="bold"), plain(doc.meta[key]))
    counts = ", ".join(f"{name}: {sum(1 for s in doc.spans if s.layer == name)}" for name in sorted(present))
    header.add_row(Text("spans", style="bold"), Text(counts))
    if reviewed_layers(doc.meta):
        header.add_row(Text("reviewed", style="bold"), plain(", ".join(sorted(reviewed_layers(doc.meta)))))
    marks = ", ".join(f"{name}: {TEXT_STYLES[name]}" for name in layers if name in TEXT_STYLES)
    if marks:
        header.add_row(Text("marked", style="bold"), Text(marks + "; techniques: background colour"))
    out_console.print(Text(visible(doc.id), style="bold underline"))
    out_console.print(header)
    out_console.print()
    text = plain(doc.text)
    colours: dict[str, str] = {}
    chosen = sorted((s for s in doc.spans if s.layer in layers), key=lambda s: (s.start, s.end))
    for i, span in enumerate(chosen):
        if span.layer in TEXT_STYLES:
            style = TEXT_STYLES[span.layer]
        else:
            style = style_for(f"{span.layer}:{span.label if span.layer != 'sentence' else i % 2}", colours)
        text.stylize(style, span.start, span.end)
    out_console.print(text)
    labelled = [s for s in chosen if s.label or s.layer in _DETAILED]
    if labelled:
        legend = Table("layer", "label", "start", "end", "score", "text", "detail", box=None)
        for span in labelled:
            snippet = doc.span_text(span)
            snippet = snippet if len(snippet) <= 60 else snippet[:57] + "…"
            score = "" if span.score is None else f"{span.score:.2f}"
            label_style = TEXT_STYLES.get(span.layer) or style_for(f"{span.layer}:{span.label}", colours)
            if span.attrs.get("hidden"):
                score, label_style = f"{score} (below threshold)", "dim"
            legend.add_row(
                span.layer,
                Text(visible(span.label or ""), style=label_style),
                str(span.start),
                str(span.end),
                score,
                plain(snippet),
                plain(detail(doc, span)),
            )
        out_console.print()
        out_console.print(legend)
        if explain:
            for span in labelled:
                if span.attrs.get("explanation"):
                    out_console.print(
                        Text.assemble(
                            (f"{span.layer} {span.start}-{span.end} ", "dim"),
                            plain(str(span.attrs["explanation"])),
                        )
                    )


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (whole documents), csv or parquet (tables), brat or labelstudio (to correct).",
        ),
    ] = "jsonl",
    db: DbOption = "slant.db",
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="File to write (default: standard output); for brat, a new folder."),
    ] = None,
    layer: Annotated[
        list[str], typer.Option("--layer", "-l", help="Only spans of these layers (repeatable).")
    ] = [],  # noqa: B006
    table: Annotated[
        str, typer.Option("--table", help="For csv/parquet: one row per 'spans' or 'documents'.")
    ] = "spans",
    language: Annotated[
        str | None, typer.Option("--language", help="Only documents in this language.")
    ] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="Only documents from this outlet.")] = None,
    doc_id: Annotated[
        list[str], typer.Option("--id", help="Only the document with this id (repeatable).")
    ] = [],  # noqa: B006
    all_spans: Annotated[
        bool,
        typer.Option(
            "--all-spans",
            help="Every stored span: also those a human reviewed away or a model kept below its threshold.",
        ),
    ] = False,
    hidden: HiddenOption = False,
    raw_csv: Annotated[
        bool,
        typer.Option(
            "--raw-csv", help="Do not guard CSV cells that start with = + - @ against spreadsheets."
        ),
    ] = False,
) -> None:
    """Export stored analyses as Analysis JSONL, CSV, Parquet, or brat for correction."""
    from slant.store.export import export as run_export

    if fmt in ("brat", "labelstudio"):
        _export_for_annotation(fmt, db, out, layer, doc_id, language, outlet, all_spans)
        return
    store = _open_store(db)
    docs = store.iter_documents(
        ids=doc_id or None, layers=set(layer) or None, language=language, outlet=outlet
    )
    target: Any = out
    try:
        if out is not None and fmt != "parquet":
            target = out.open("w", encoding="utf-8", newline="")
        elif out is None:
            target = sys.stdout
        n = run_export(
            docs,
            fmt,
            target,
            table=table,
            layers=set(layer) or None,
            safe_csv=not raw_csv,
            all_spans=all_spans,
            hidden=hidden,
        )
    except (SlantError, OSError) as exc:
        raise _fail(str(exc)) from None
    finally:
        if out is not None and target is not out and hasattr(target, "close"):
            target.close()
        store.close()
    if out is not None:
        err_console.print(Text(f"wrote {n:,} {'documents' if fmt == 'jsonl' else 'rows'} to ") + plain(out))


def _export_for_annotation(
    fmt: str,
    db: str,
    out: Path | None,
    layers: list[str],
    ids: list[str],
    language: str | None,
    outlet: str | None,
    all_spans: bool,
) -> None:
    from slant.annotate.brat import DEFAULT_LAYERS, export_brat
    from slant.annotate.labelstudio import export_labelstudio

    if out is None:
        what = "FOLDER" if fmt == "brat" else "FILE.json"
        raise _fail(f"--format {fmt} writes files: pass --out {what}", EXIT_USAGE)
    if all_spans:
        raise _fail(f"--format {fmt} writes the spans the views show; --all-spans does not apply", EXIT_USAGE)
    chosen = layers or list(DEFAULT_LAYERS)
    store = _open_store(db)
    try:
        docs = store.iter_documents(ids=ids or None, layers=set(chosen), language=language, outlet=outlet)
        if fmt == "brat":
            result: Any = export_brat(docs, out, chosen)
        else:
            result = export_labelstudio(docs, out, chosen)
    except (SlantError, OSError) as exc:
        raise _fail(str(exc)) from None
    finally:
        store.close()
    err_console.print(
        Text(f"wrote {result.documents:,} documents ({result.spans:,} spans) as {fmt} to ") + plain(out)
    )
    if fmt == "labelstudio":
        err_console.print(Text("labelling config: ") + plain(out.with_suffix(".xml")))
    elif result.skipped:
        err_console.print(f"skipped {result.skipped:,} empty spans brat cannot show")


@app.command()
def delete(
    doc_ids: Annotated[list[str], typer.Argument(help="Ids of the documents to remove.", show_default=False)],
    db: DbOption = "slant.db",
) -> None:
    """Remove documents with their spans and corrections from the store (every view and count)."""
    store = _open_store(db)
    try:
        removed = store.delete(doc_ids)
    except SlantError as exc:
        raise _fail(str(exc)) from None
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
    store = _open_store(db)
    try:
        counts = store.stats(top=top)
        failures = len(store.failures()) if counts["runs"] else 0
    finally:
        store.close()
    if as_json:
        out_console.print_json(json.dumps({**counts, "last_run_failures": failures}, default=str))
        return
    out_console.print(f"[bold]{counts['documents']:,}[/bold] documents")
    for title, key in (
        ("language", "languages"),
        ("outlet", "outlets"),
        ("month", "months"),
        ("layer", "layers"),
        ("technique", "techniques"),
        ("actor (entity)", "actors"),
        ("speaker (quote)", "speakers"),
        ("cited outlet", "cited"),
    ):
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
    store = _open_store(db)
    try:
        found: list[Failure] = store.failures(run)
    finally:
        store.close()
    for failure in found:
        out_console.print(plain(failure), soft_wrap=True)
    err_console.print(f"{len(found):,} failed")


@app.command()
def analyzers() -> None:
    """List the analyzers that can go in a pipeline, with what they need and add."""
    from slant.analyze import registry

    grid = Table("analyzer", "requires", "assigns", "options", box=None)
    for name in registry.names():
        spec = registry.get(name)
        options = ", ".join(f"{k}={v}" for k, v in spec.default_config.items())
        grid.add_row(name, ", ".join(spec.requires), ", ".join(spec.assigns), options)
    out_console.print(grid)


@app.command()
def techniques(
    name: Annotated[
        str | None, typer.Argument(metavar="[NAME]", help="One technique (e.g. Doubt); default: all.")
    ] = None,
) -> None:
    """The 23 persuasion techniques slant labels: category, plain-language definition, example."""
    from slant.techniques.taxonomy import BY_NAME, CATEGORIES, TECHNIQUES

    if name is not None and name not in BY_NAME:
        raise typer.BadParameter(f"unknown technique {name!r}; run 'slant techniques' for the list")
    for technique in [BY_NAME[name]] if name else TECHNIQUES:
        out_console.print(
            Text.assemble((technique.name, "bold"), f"  {technique.title} · {CATEGORIES[technique.category]}")
        )
        out_console.print(Text(f"  {technique.definition}"))
        out_console.print(Text(f"  Example: {technique.example}", style="dim"))
        out_console.print()


train_app = typer.Typer(
    help="Retrain slant's models from labelled data (../shared/data or --data).", no_args_is_help=True
)
eval_app = typer.Typer(
    help="Score slant's models on validation splits with the shared tasks' scorer.", no_args_is_help=True
)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
import_app = typer.Typer(
    help="Import corrections made in annotation tools as human spans.", no_args_is_help=True
)
app.add_typer(import_app, name="import")


def _print_import(report: Any) -> None:
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


def _import(run_import: Any, path: Path, db: str, annotator: str | None) -> None:
    store = _open_store(db)
    try:
        report = run_import(path, store, annotator=annotator)
    except SlantError as exc:
        raise _fail(str(exc)) from None
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


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", envvar="SLANT_DATA", help="Folder holding semeval2023-task3/ and ptc-semeval2020-task11/."
    ),
]


def _tiers_to_train(tier: str) -> tuple[str, ...]:
    """The tiers ``--tier`` asks to train: accurate models build on the fast ones, so both."""
    if tier not in ("fast", "accurate"):
        raise typer.BadParameter(f"--tier must be fast or accurate, not {tier!r}")
    return ("fast", "accurate") if tier == "accurate" else ("fast",)


def _require_encoder_for(tiers: tuple[str, ...]) -> None:
    if "accurate" in tiers:
        from slant.encoder.vectors import require_available

        require_available()


def _print_trained(
    task: str, timings: dict[str, float], tiers: tuple[str, ...], folder: Path, moved: bool
) -> None:
    for step, seconds in timings.items():
        err_console.print(f"  {step}: {seconds:.1f} s")
    out_console.print(f"wrote {', '.join(f'{task}-{t}.npz' for t in tiers)} to {folder}")
    out_console.print(f"score them with: slant eval {task}" + (f" --models {folder}" if moved else ""))


TrainTierOption = Annotated[
    str, typer.Option("--tier", help="'fast', or 'accurate' (trains fast too: it builds on it).")
]
ModelsOutOption = Annotated[
    Path | None,
    typer.Option("--out", help="Folder for the model files (default: the ones slant ships, replaced)."),
]


@train_app.command("techniques")
def train_techniques(
    tier: TrainTierOption = "accurate",
    data: DataOption = None,
    out: ModelsOutOption = None,
    cache: Annotated[
        Path | None,
        typer.Option(
            "--cache",
            help="Folder for cached encoder states and checkpoints (default: ~/.cache/slant/train).",
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Continue the accurate tier's fine-tuning from its last checkpoint."),
    ] = False,
    epochs: Annotated[int, typer.Option("--epochs", min=1, max=50, help="Fine-tuning epochs.")] = 4,
) -> None:
    """Retrain the technique models: the fast tier (~5 minutes on 2 cores), then for ``accurate``
    the encoder's adapter and the token tagger (~40 minutes; needs slant[train] and slant[accurate])."""
    from slant.encoder.runtime import adapter_path, cache_folder
    from slant.techniques import training_data
    from slant.techniques.model import bundled_path
    from slant.techniques.train import train

    tiers = _tiers_to_train(tier)
    try:
        root = training_data.require_root(data)
        if "accurate" in tiers:
            from slant.errors import require

            require("torch", "train")
            require("onnxruntime", "accurate")
    except SlantError as exc:
        raise _fail(str(exc)) from None
    folder = out or bundled_path("fast").parent
    work = cache or cache_folder() / "train" / "techniques"
    report = _timed_reporter()
    trained = train(root, folder, work, report)
    timings = dict(trained.timings)
    if "accurate" in tiers:
        import time

        from slant.techniques import tagger_train, tagger_tune

        started = time.perf_counter()
        heads = folder / "techniques-tagger.npz"
        adapter = (out / "adapter.npz") if out else adapter_path()
        settings = tagger_train.Settings(epochs=epochs)
        tagger_train.train(root, work, heads, settings, resume, report, adapter)
        timings["fine-tuning"] = time.perf_counter() - started
        started = time.perf_counter()
        tuned = tagger_tune.tune(heads, root, report, str(adapter) if out else None)
        timings["thresholds on the tune split"] = time.perf_counter() - started
        report(f"tune split ({tuned['tune_articles']} articles): span F1 {tuned['tune_span_f1']}")
    for step, seconds in timings.items():
        err_console.print(f"  {step}: {seconds:.1f} s")
    names = ["techniques-fast.npz"] + (
        ["techniques-tagger.npz", "adapter.npz"] if "accurate" in tiers else []
    )
    out_console.print(f"wrote {', '.join(names)}" + (f" to {out}" if out else " (the files slant ships)"))
    out_console.print("score them with: slant eval techniques" + (f" --models {out}" if out else ""))


@eval_app.command("techniques")
def eval_techniques(
    tier: Annotated[str, typer.Option("--tier", help="'fast' or 'accurate'.")] = "accurate",
    data: DataOption = None,
    models: Annotated[
        Path | None, typer.Option("--models", help="Folder of model files (default: the ones slant ships).")
    ] = None,
    scorer: Annotated[
        Path | None, typer.Option("--scorer", help="score.py (default: eval/score.py beside --data).")
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the gold, prediction and baseline files.")
    ] = Path("eval-techniques"),
    language: Annotated[
        list[str],
        typer.Option("--language", help="SemEval-2023 folder: en fr ge it po ru (repeatable; default: all)."),
    ] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print every score as JSON.")] = False,
) -> None:
    """Write validation predictions in the SemEval formats and score them with score.py."""
    from slant.scorer import scorer_path
    from slant.techniques import training_data
    from slant.techniques.analyzer import resolve_tier
    from slant.techniques.evaluate import Labeller, SentenceLabeller, TaggerLabeller, evaluate
    from slant.techniques.model import load, load_classifier

    unknown = [name for name in language if name not in training_data.LANGUAGES]
    if unknown:
        raise typer.BadParameter(
            f"unknown language folder {unknown[0]!r}; use: {', '.join(training_data.LANGUAGES)}"
        )
    try:
        root = training_data.require_root(data)
        path = scorer_path(root, str(scorer) if scorer else None)
        folder = str(models) if models else None
        labeller: Labeller
        if resolve_tier(tier) == "accurate":
            labeller = TaggerLabeller(folder)
        else:
            labeller = SentenceLabeller(load("fast", folder), load_classifier(folder))
    except SlantError as exc:
        raise _fail(str(exc)) from None
    result = evaluate(
        labeller, root, path, out, tuple(language or training_data.LANGUAGES), err_console.print
    )
    if as_json:
        out_console.print_json(json.dumps(result.scores))
    else:
        out_console.print(result.table(), markup=False)
    out_console.print(f"files in {out}/")


AnyDataOption = Annotated[
    Path | None,
    typer.Option("--data", envvar="SLANT_DATA", help="The labelled data folder (default: ../shared/data)."),
]
ScorerOption = Annotated[
    Path | None, typer.Option("--scorer", help="score.py (default: eval/score.py beside --data).")
]
AsJsonOption = Annotated[bool, typer.Option("--json", help="Print every score as JSON.")]


def _timed_reporter() -> Any:
    import time

    started = time.perf_counter()

    def report(message: str) -> None:
        err_console.print(
            f"[{time.perf_counter() - started:7.1f} s] {message}", markup=False, highlight=False
        )

    return report


def _print_result(result: Any, as_json: bool, out: Path | None) -> None:
    if as_json:
        out_console.print_json(json.dumps(result.scores, default=str))
    else:
        out_console.print(result.table(), markup=False)
    if out is not None:
        out_console.print(f"files in {out}/")


def _bundled_models(package: str) -> Path:
    import importlib

    module = importlib.import_module(f"slant.{package}")
    return Path(next(iter(module.__path__))) / "models"


@train_app.command("entities")
def train_entities(
    data: AnyDataOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for the tagger files (default: the ones slant ships, replaced)."),
    ] = None,
    language: Annotated[
        list[str], typer.Option("--language", help="Train only these languages' taggers (repeatable).")
    ] = [],  # noqa: B006
) -> None:
    """Retrain the per-language entity taggers (CRF; deterministic; ~5 minutes on one core)."""
    from slant.entities import training_data as ner_data
    from slant.entities.train import train
    from slant.errors import require

    known = (*ner_data.TAGGER_LANGS, "xx")
    unknown = [name for name in language if name not in known]
    if unknown:
        raise typer.BadParameter(f"no tagger data for {unknown[0]!r}; use: {', '.join(known)}")
    try:
        require("pycrfsuite", "train")
        folder = out or _bundled_models("entities")
        scores = train(data, folder, _timed_reporter(), tuple(language) or known)
    except SlantError as exc:
        raise _fail(str(exc)) from None
    for lang, figures in scores.items():
        out_console.print(f"{lang}: " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
    out_console.print(f"wrote the taggers to {folder}; score them with: slant eval entities")


@eval_app.command("entities")
def eval_entities(
    data: AnyDataOption = None,
    scorer: ScorerOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the score files.")] = Path("eval-entities"),
    language: Annotated[
        list[str], typer.Option("--language", help="Only these languages (repeatable; default: all).")
    ] = [],  # noqa: B006
    as_json: AsJsonOption = False,
) -> None:
    """Score the entity backends on held-out NER data (exact span and type, and score.py flc)."""
    from slant import labelled_data
    from slant.entities.evaluate import evaluate
    from slant.scorer import scorer_path

    try:
        root = labelled_data.require_root(data, "ner")
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(root, path, out, tuple(language), _timed_reporter())
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_result(result, as_json, out)


@train_app.command("quotes")
def train_quotes(
    data: AnyDataOption = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder for cue_table.json (default: the one slant ships, replaced)."),
    ] = None,
) -> None:
    """Relearn the quote cue table and its regression from PolNeAR train (deterministic; ~5 minutes)."""
    from slant.quotes.train import train

    folder = out or _bundled_models("quotes")
    try:
        train(data, folder, _timed_reporter())
    except SlantError as exc:
        raise _fail(str(exc)) from None
    out_console.print(f"wrote {folder / 'cue_table.json'}; score it with: slant eval quotes")


CheckSetOption = Annotated[
    Path | None, typer.Option("--gold", help="A check set (JSONL) of your own instead of the bundled one.")
]


@eval_app.command("quotes")
def eval_quotes(
    data: AnyDataOption = None,
    split: Annotated[
        str, typer.Option("--split", help="PolNeAR split: dev (never trained on) or train.")
    ] = "dev",
    scorer: ScorerOption = None,
    out: Annotated[Path, typer.Option("--out", help="Folder for the si files.")] = Path("eval-quotes"),
    as_json: AsJsonOption = False,
    check_set: Annotated[
        bool,
        typer.Option(
            "--check-set", help="Score slant's hand-written commentary check set (en sv ru de fr ar) instead."
        ),
    ] = False,
    gold: CheckSetOption = None,
    errors: Annotated[bool, typer.Option("--errors", help="With --check-set: list every miss.")] = False,
) -> None:
    """Score quotes and speakers on PolNeAR (content/source exact and overlap F1, speaker accuracy),
    or with ``--check-set`` on slant's own commentary and link-post check set."""
    from slant import labelled_data
    from slant.quotes.evaluate import evaluate
    from slant.quotes.training_data import FOLDER
    from slant.scorer import scorer_path

    if check_set or gold:
        from slant.quotes import check_set as quote_checks

        try:
            checked = quote_checks.evaluate(gold)
        except SlantError as exc:
            raise _fail(str(exc)) from None
        _print_check_set(checked, as_json, errors)
        return
    if split not in ("dev", "train"):
        raise typer.BadParameter(f"--split must be dev or train, not {split!r}")
    try:
        root = labelled_data.require_root(data, FOLDER)
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(root, out, split, _timed_reporter(), str(path))
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_result(result, as_json, out)


@train_app.command("claims")
def train_claims(
    tier: TrainTierOption = "accurate",
    data: AnyDataOption = None,
    out: ModelsOutOption = None,
    cache: Annotated[
        Path, typer.Option("--cache", help="Folder caching encoder vectors between runs.")
    ] = Path(".cache/claims"),
) -> None:
    """Retrain the check-worthiness models on CheckThat! 2024 (deterministic; ~2 min with cached vectors)."""
    from slant import labelled_data
    from slant.claims import dataset
    from slant.claims.model import bundled_path
    from slant.claims.train import train

    tiers = _tiers_to_train(tier)
    folder = out or bundled_path("fast").parent
    try:
        root = labelled_data.require_root(data, dataset.FOLDER)
        _require_encoder_for(tiers)
        timings = train(root, folder, tiers, cache, _timed_reporter())
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_trained("claims", timings, tiers, folder, out is not None)


@eval_app.command("claims")
def eval_claims(
    tier: Annotated[str, typer.Option("--tier", help="'fast' or 'accurate'.")] = "accurate",
    data: AnyDataOption = None,
    models: Annotated[
        Path | None, typer.Option("--models", help="Folder of model files (default: the ones slant ships).")
    ] = None,
    scorer: ScorerOption = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the gold, prediction and baseline files.")
    ] = Path("eval-claims"),
    cache: Annotated[
        Path, typer.Option("--cache", help="Folder caching encoder vectors between runs.")
    ] = Path(".cache/claims"),
    as_json: AsJsonOption = False,
    check_set: Annotated[
        bool,
        typer.Option(
            "--check-set",
            help="Score slant's written ru/sv/en/de check set (claims and claim types) with the pipeline's "
            "'auto' tier ('--tier fast' for fast) instead.",
        ),
    ] = False,
    gold: CheckSetOption = None,
    errors: Annotated[bool, typer.Option("--errors", help="With --check-set: list every miss.")] = False,
) -> None:
    """Score check-worthiness on CheckThat! 2024 dev and dev-test (en, ar; es unseen) with score.py binary,
    or with ``--check-set`` on slant's own written set."""
    from slant import labelled_data
    from slant.claims import dataset
    from slant.claims.evaluate import evaluate
    from slant.scorer import scorer_path

    if check_set or gold:
        from slant.claims import check_set as claim_checks

        try:
            checked = claim_checks.evaluate(gold, "fast" if tier == "fast" else "auto")
        except SlantError as exc:
            raise _fail(str(exc)) from None
        _print_check_set(checked, as_json, errors)
        return

    if tier not in ("fast", "accurate"):
        raise typer.BadParameter(f"--tier must be fast or accurate, not {tier!r}")
    try:
        root = labelled_data.require_root(data, dataset.FOLDER)
        path = scorer_path(root, str(scorer) if scorer else None)
        result = evaluate(root, path, out, tier, _timed_reporter(), str(models) if models else None, cache)
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_result(result, as_json, out)


def _print_check_set(result: Any, as_json: bool, errors: bool) -> None:
    if as_json:
        out_console.print_json(json.dumps({"scores": result.scores, "errors": result.errors}))
        return
    out_console.print(result.table(), markup=False)
    if errors and result.errors:
        out_console.print()
        for line in result.errors:
            out_console.print(plain(line))
    elif result.errors:
        out_console.print(f"{len(result.errors)} misses; --errors lists them")


@eval_app.command("dates")
def eval_dates(
    gold: CheckSetOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every missed or wrong date.")] = False,
) -> None:
    """Score the date rules on slant's hand-labelled check set (not an independent benchmark)."""
    from slant.dates.evaluate import evaluate

    try:
        result = evaluate(gold)
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_check_set(result, as_json, errors)


@eval_app.command("sources")
def eval_sources(
    gold: CheckSetOption = None,
    outlets: Annotated[
        Path | None, typer.Option("--outlets", help="An outlet file (TOML/JSON) extending the bundled table.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    errors: Annotated[bool, typer.Option("--errors", help="List every missed or wrong source.")] = False,
) -> None:
    """Score the cited-source rules on slant's hand-labelled check set (not an independent benchmark)."""
    from slant.sources.evaluate import evaluate

    try:
        result = evaluate(gold, str(outlets) if outlets else None)
    except SlantError as exc:
        raise _fail(str(exc)) from None
    _print_check_set(result, as_json, errors)


@app.command()
def serve(
    db: DbOption = "slant.db",
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on; anything but loopback needs --token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option("--token", envvar="SLANT_TOKEN", help="Required on every request (header or cookie)."),
    ] = None,
) -> None:
    """Start the workbench: article view, search and HTTP API over the store (docs/WEB.md)."""
    from slant.web.serve import check_binding
    from slant.web.serve import serve as run_server

    try:
        check_binding(host, token)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from None
    try:
        run_server(db, host, port, token)
    except SlantError as exc:
        raise _fail(str(exc)) from None


def main() -> None:
    """Entry point of the ``slant`` console script."""
    app()
