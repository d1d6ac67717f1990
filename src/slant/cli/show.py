"""``slant show``: one stored document in the terminal, its spans highlighted."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from slant.cli.common import DbOption, HiddenOption, app, fail, open_store, out_console
from slant.document import Document, Span
from slant.span_details import ANALYSIS_LAYERS, TEXT_STYLES, detail
from slant.summary import Item, Summary, summarize
from slant.terminal import plain, style_for, visible

_DETAILED = frozenset({"quote", "entity", "source", "date", "claim", "role", "narrative"})
FRAMING_LAYERS = ("role", "genre", "frame", "narrative")
"""Counted in the summary's "shown" line; roles are marked in the text too (frames and narratives
mark whole paragraphs: the summary lists them)."""


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
    store = open_store(db)
    try:
        doc = store.get(doc_id)
    finally:
        store.close()
    if doc is None:
        raise fail(
            f"no document with id {doc_id!r} in {db}; slant export --format csv --table documents lists them",
            1,
        )
    from slant.annotate.precedence import effective

    # Human corrections hide the machine spans of the layers they reviewed; spans below their
    # model's display threshold are stored but shown only on request.
    everything = effective(doc, True)
    doc = effective(doc, hidden)
    if as_json:
        out_console.print_json(doc.to_json())
        return
    present = doc.layers()
    layers = layer or ([name for name in (*ANALYSIS_LAYERS, "role") if name in present] or ["sentence"])
    print_document(doc, layers, explain, summarize(everything))


def print_document(doc: Document, layers: list[str], explain: bool, summary: Summary | None = None) -> None:
    """The document's id, metadata and span counts, its summary, its text with the spans of ``layers``
    marked, and a legend of its labelled spans (with their explanations when ``explain``)."""
    out_console.print(Text(visible(doc.id), style="bold underline"))
    out_console.print(_header(doc, layers))
    out_console.print()
    if summary is not None:
        out_console.print(_glance(doc, summary))
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
    ranked = _ranked_claims(doc)
    if ranked is not None:
        out_console.print()
        out_console.print(ranked)
    labelled = [s for s in chosen if s.label or s.layer in _DETAILED]
    if labelled:
        out_console.print()
        out_console.print(_legend(doc, labelled, colours))
        if explain:
            for span in labelled:
                if span.attrs.get("explanation"):
                    out_console.print(
                        Text.assemble(
                            (f"{span.layer} {span.start}-{span.end} ", "dim"),
                            plain(str(span.attrs["explanation"])),
                        )
                    )


def _ranked_claims(doc: Document) -> Table | None:
    """Every claim of the document, the most check-worthy first (a fact-checker's triage list)."""
    claims = sorted(
        (c for c in doc.spans if c.layer == "claim" and 0 <= c.start < c.end <= len(doc.text)),
        key=lambda c: (-(c.score or 0.0), c.start),
    )
    if not claims:
        return None
    table = Table(title="claims, most check-worthy first", title_justify="left", show_edge=False)
    for name in ("#", "score", "offsets", "type", "sentence"):
        table.add_column(name, justify="right" if name in ("#", "score") else "left")
    for rank, claim in enumerate(claims, start=1):
        flag = " (below display threshold)" if claim.attrs.get("hidden") else ""
        table.add_row(
            str(rank),
            f"{claim.score or 0:.2f}",
            f"{claim.start}-{claim.end}",
            plain(str(claim.attrs.get("claim_type") or "")),
            plain(doc.text[claim.start : claim.end][:200] + flag),
        )
    return table


def _glance(doc: Document, summary: Summary) -> Table:
    """The summary: each item with the offsets of its span, to find it in the text below."""
    table = Table.grid(padding=(0, 2))
    table.add_row(Text("at a glance", style="bold"), Text(""))
    if summary.genre:
        table.add_row(Text("genre"), plain(f"{summary.genre} ({summary.genre_reason})"))

    def items(found: list[Item], with_count: bool) -> Text:
        if not found:
            return Text("none", style="dim")
        lines = []
        for item in found:
            count = f" ×{item.count}" if with_count else ""
            lines.append(f"{item.name}{count}  {item.detail}  [{item.span.start}-{item.span.end}]")
        return plain("\n".join(lines))

    techniques = items(summary.techniques, True)
    below = summary.below.get("technique", 0)
    if not summary.techniques and below:
        techniques = Text(f"none clears its display threshold ({below} below: slant show --hidden)", "dim")
    table.add_row(Text("main techniques"), techniques)
    table.add_row(Text("check-worthy claims"), items(summary.claims, False))
    table.add_row(Text("quoted"), items(summary.quoted, True))
    table.add_row(Text("cited"), items(summary.cited, True))
    table.add_row(Text("actors named most"), items(summary.actors, True))
    if summary.cast:
        table.add_row(Text("cast as"), items(summary.cast, False))
    if summary.narratives:
        table.add_row(Text("narratives"), items(summary.narratives, False))
    if summary.frames:
        table.add_row(Text("frames"), items(summary.frames, False))
    shown = ", ".join(
        f"{layer} {n}" + (f" ({summary.below[layer]} below threshold)" if summary.below.get(layer) else "")
        for layer, n in sorted(summary.shown.items())
        if layer in ANALYSIS_LAYERS or layer in FRAMING_LAYERS
    )
    if shown:
        table.add_row(Text("shown"), Text(shown))
    return table


def _header(doc: Document, layers: list[str]) -> Table:
    from slant.annotate.precedence import reviewed_layers

    header = Table.grid(padding=(0, 2))
    for key in ("title", "outlet", "published", "language", "url", "source", "encoding"):
        if doc.meta.get(key):
            header.add_row(Text(key, style="bold"), plain(doc.meta[key]))
    counts = ", ".join(
        f"{name}: {sum(1 for s in doc.spans if s.layer == name)}" for name in sorted(doc.layers())
    )
    header.add_row(Text("spans", style="bold"), Text(counts))
    if reviewed_layers(doc.meta):
        header.add_row(Text("reviewed", style="bold"), plain(", ".join(sorted(reviewed_layers(doc.meta)))))
    marks = ", ".join(f"{name}: {TEXT_STYLES[name]}" for name in layers if name in TEXT_STYLES)
    if marks:
        header.add_row(Text("marked", style="bold"), Text(marks + "; techniques: background colour"))
    return header


def _legend(doc: Document, labelled: list[Span], colours: dict[str, str]) -> Table:
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
    return legend
