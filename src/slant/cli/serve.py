"""``slant serve``: the web workbench over a store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from slant.cli.common import DbOption, app, fail
from slant.errors import ConfigError, SlantError


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
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Pipeline config (TOML/JSON, as for slant analyze) for texts analysed or uploaded here.",
        ),
    ] = None,
) -> None:
    """Start the workbench: article view, search and HTTP API over the store (docs/WEB.md)."""
    from slant.web.serve import check_binding
    from slant.web.serve import serve as run_server

    try:
        check_binding(host, token)
    except ConfigError as exc:
        raise typer.BadParameter(str(exc)) from None
    from slant.analyze.pipeline import Pipeline, PipelineConfig

    try:
        pipeline = PipelineConfig.from_file(config) if config else None
        if pipeline is not None:  # a bad config (unknown analyzer, broken taxonomy) fails now
            Pipeline(pipeline)
        run_server(db, host, port, token, pipeline)
    except SlantError as exc:
        raise fail(str(exc)) from None
