"""Request parameters and checks shared by the API, the pages and the dashboard."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import HTTPException, Query, Request
from fastapi import Path as PathParam

DATE = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]{0,20})?)?)?$"
"""A year, month, day or timestamp prefix as ISO 8601 writes it ("2016", "2016-09", "2016-09-25T10:00")."""

DATE_OR_EMPTY = r"^(\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]{0,20})?)?)?)?$"
"""The same, or empty: an HTML form sends its empty date fields as ``from=&to=``."""


MAX_ID = 512
"""Longest document id the API and the pages take."""
PAGE_MAX = 200
_LAYER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,31}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

DocId = Annotated[str, PathParam(min_length=1, max_length=MAX_ID, description="Document id (url-quoted)")]
Limit = Annotated[int, Query(ge=1, le=PAGE_MAX, description="Page size")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items to skip")]
Short = Annotated[str | None, Query(max_length=200)]
Hidden = Annotated[bool, Query(description="Also spans kept below their display threshold")]


def layer_names(value: str | None) -> set[str] | None:
    """The ``layers`` parameter: None for all, else the set of names (422 when malformed)."""
    if value is None or value == "":
        return None
    names = {v.strip() for v in value.split(",") if v.strip()}
    if len(names) > 20 or not all(_LAYER.match(n) for n in names):
        raise HTTPException(422, "layers: a comma-separated list of layer names (letters, digits, _ and -)")
    return names


def checked_id(doc_id: str) -> str:
    """A document id from a request, or 422."""
    if not doc_id or len(doc_id) > MAX_ID or _CONTROL.search(doc_id):
        raise HTTPException(422, "invalid document id")
    return doc_id


def same_origin(request: Request) -> None:
    """Refuse a request a browser says comes from another site (403)."""
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
        raise HTTPException(403, "cross-origin requests are refused")


def same_origin_json(request: Request) -> None:
    """Refuse cross-site posts: a JSON content type (forms cannot send it without a CORS
    preflight, which this server never grants) and, when the browser says, the same origin."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != "application/json":
        raise HTTPException(415, "send the body as application/json")
    same_origin(request)
