"""The workbench's page templates (Jinja2, autoescaped) and the addresses they link to, for every router."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from slant import __version__


def doc_href(doc_id: str) -> str:
    """The article view's address of a document: the id url-quoted as one path segment."""
    if doc_id in (".", ".."):
        return "/doc?" + urlencode({"id": doc_id})
    return "/doc/" + quote(doc_id, safe="")


def span_href(doc_id: str, layer: str, start: int, end: int) -> str:
    """The article view at one span: the page reveals and outlines it (``#at-layer-start-end``)."""
    from slant.web.render import STRUCTURE_LAYERS, layer_key

    if layer in STRUCTURE_LAYERS:  # not highlighted on the page: the article itself
        return doc_href(doc_id)
    return f"{doc_href(doc_id)}#at-{layer_key(layer)}-{int(start)}-{int(end)}"


def api_href(doc_id: str) -> str:
    """The API address of a document, the id url-quoted as one path segment."""
    return "/api/documents/" + quote(doc_id, safe="")


_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(default=True)
)
_env.globals.update(doc_href=doc_href, span_href=span_href, api_href=api_href, version=__version__)
templates = Jinja2Templates(env=_env)


def page(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
    """A template rendered for a request, with ``context``."""
    return templates.TemplateResponse(request, name, context, status_code=code)
