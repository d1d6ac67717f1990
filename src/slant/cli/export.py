"""``slant export``: stored analyses as JSONL, CSV or Parquet, as files for annotation tools, or
as a citation graph for Gephi."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from slant.cli.common import EXIT_USAGE, DbOption, HiddenOption, app, err_console, fail, open_store
from slant.errors import SlantError
from slant.terminal import TerminalWriter, is_terminal, plain


@app.command()
def export(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help=(
                "jsonl (whole documents), csv or parquet (tables), brat or labelstudio (to correct), "
                "graphml or csv-edges (who cites whom, for Gephi)."
            ),
        ),
    ] = "jsonl",
    db: DbOption = "slant.db",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="File to write (default: standard output); for brat, a new folder; "
            "csv-edges also writes its nodes to OUT's name with .nodes.csv.",
        ),
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
    """Export stored analyses as Analysis JSONL, CSV, Parquet, brat for correction, or a citation graph."""
    from slant.store.export import export as run_export

    if fmt in ("brat", "labelstudio"):
        _export_for_annotation(fmt, db, out, layer, doc_id, language, outlet, all_spans)
        return
    if fmt in ("graphml", "csv-edges"):
        _export_citations(fmt, db, out, layer, doc_id, language, outlet, all_spans, hidden, raw_csv)
        return
    store = open_store(db)
    docs = store.iter_documents(
        ids=doc_id or None, layers=set(layer) or None, language=language, outlet=outlet
    )
    target: Any = out
    try:
        if out is not None and fmt != "parquet":
            target = out.open("w", encoding="utf-8", newline="")
        elif out is None:  # a terminal never gets an article's escape sequences
            target = TerminalWriter(sys.stdout) if is_terminal(sys.stdout) else sys.stdout
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
        raise fail(str(exc)) from None
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
        raise fail(f"--format {fmt} writes files: pass --out {what}", EXIT_USAGE)
    if all_spans:
        raise fail(f"--format {fmt} writes the spans the views show; --all-spans does not apply", EXIT_USAGE)
    chosen = layers or list(DEFAULT_LAYERS)
    store = open_store(db)
    try:
        docs = store.iter_documents(ids=ids or None, layers=set(chosen), language=language, outlet=outlet)
        if fmt == "brat":
            result: Any = export_brat(docs, out, chosen)
        else:
            result = export_labelstudio(docs, out, chosen)
    except (SlantError, OSError) as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    err_console.print(
        Text(f"wrote {result.documents:,} documents ({result.spans:,} spans) as {fmt} to ") + plain(out)
    )
    if fmt == "labelstudio":
        err_console.print(Text("labelling config: ") + plain(out.with_suffix(".xml")))
    elif result.skipped:
        err_console.print(f"skipped {result.skipped:,} empty spans brat cannot show")


def _export_citations(
    fmt: str,
    db: str,
    out: Path | None,
    layers: list[str],
    ids: list[str],
    language: str | None,
    outlet: str | None,
    all_spans: bool,
    hidden: bool,
    raw_csv: bool,
) -> None:
    from slant.store.citations import CITED_LAYERS, build, export_graph

    if out is None or out.is_dir():
        what = "FILE.graphml" if fmt == "graphml" else "FILE.csv (nodes go to FILE.nodes.csv)"
        raise fail(f"--format {fmt} writes files: pass --out {what}", EXIT_USAGE)
    if layers and not CITED_LAYERS & set(layers):
        raise fail(f"--format {fmt} counts citations: --layer takes source or quote", EXIT_USAGE)
    store = open_store(db)
    try:
        docs = store.iter_documents(
            ids=ids or None,
            layers={*(CITED_LAYERS & set(layers) or CITED_LAYERS), "entity"},
            language=language,
            outlet=outlet,
        )
        graph = build(docs, layers=layers or None, hidden=hidden, all_spans=all_spans)
        written = export_graph(graph, fmt, out, safe_csv=not raw_csv)
    except (SlantError, OSError) as exc:
        raise fail(str(exc)) from None
    finally:
        store.close()
    err_console.print(
        Text(f"wrote {len(graph.nodes):,} nodes and {len(graph.edges):,} edges to ")
        + Text(" and ").join(plain(path) for path in written)
    )
