"""What slant offers: ``slant analyzers`` and ``slant techniques``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from slant.cli.common import app, out_console


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
