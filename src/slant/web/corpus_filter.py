"""The corpus views over HTTP: the dashboard's filters read from the query string (into a
:class:`slant.corpus.filters.CorpusFilter`), and the answers as escaped JSON or formula-guarded CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import Response

from slant.corpus.filters import CorpusFilter, counted, csv_name
from slant.store.database import Store
from slant.store.export import _spreadsheet_safe
from slant.web.params import DATE

Short = Annotated[str | None, Query(max_length=200)]


def corpus_filter(
    outlet: Short = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    published_from: Annotated[str | None, Query(alias="from", max_length=40)] = None,
    published_to: Annotated[str | None, Query(alias="to", max_length=40)] = None,
    technique: Short = None,
    actor: Short = None,
    min_score: Annotated[
        str | None, Query(max_length=16, description="0 to 1: count spans at or above it")
    ] = None,
) -> CorpusFilter:
    """The filters from the query string; empty values mean no filter (as the page's form sends them)."""
    for name, value in (("from", published_from), ("to", published_to)):
        if value and not re.match(DATE, value):
            raise HTTPException(422, f"{name}: an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
    return CorpusFilter(
        outlet or None,
        language or None,
        published_from or None,
        published_to or None,
        technique or None,
        actor or None,
        score_parameter(min_score),
    )


def score_parameter(value: str | None) -> float | None:
    """``min_score`` from a form or query: empty means none; otherwise a number from 0 to 1, or 422."""
    if value is None or not value.strip():
        return None
    try:
        number = float(value)
    except ValueError:
        raise HTTPException(422, f"min_score must be a number from 0 to 1, not {value!r}") from None
    if not 0.0 <= number <= 1.0:
        raise HTTPException(422, f"min_score must be from 0 to 1, not {value}")
    return number


Filters = Annotated[CorpusFilter, Depends(corpus_filter)]
Format = Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")]


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


class SafeJSONResponse(Response):
    """JSON with ``<``, ``>`` and ``&`` escaped, so no value can read as markup anywhere."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        text = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return text.encode("utf-8")


def _cell(value: Any) -> Any:
    """A CSV cell: lists and objects as JSON."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def answer(
    name: str,
    rows: list[dict[str, Any]],
    filters: CorpusFilter,
    format: str,
    *,
    spans: bool = True,
    **extra: Any,
) -> Response:
    """A view's rows as escaped JSON (with its filters and, when it counts ``spans``, which ones) or
    as CSV, where a ``counted`` column says the same on every row and the file name carries the
    minimum confidence (:func:`~slant.corpus.filters.csv_name`)."""
    if spans:
        extra["counted"] = counted(filters)
    if format == "csv":
        if spans:
            rows = [{**row, "counted": extra["counted"]} for row in rows]
        columns = list(rows[0]) if rows else []
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_spreadsheet_safe(_cell(row[c])) for c in columns])
        return Response(
            out.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="{csv_name(name, filters)}"'},
        )
    return SafeJSONResponse({"filters": filters.params(), **extra, "rows": rows})
