"""The workbench: a local web UI and HTTP API over a slant store (docs/WEB.md).

Needs the ``web`` extra (FastAPI, uvicorn, Jinja2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db_url: str, token: str | None = None, **options: Any) -> FastAPI:
    """The workbench app; see :func:`slant.web.app.create_app`."""
    from slant.web.app import create_app as build

    return build(db_url, token, **options)


__all__ = ["create_app"]
