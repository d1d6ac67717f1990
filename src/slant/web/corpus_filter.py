"""The corpus views' common ground: the dashboard's filters (``CorpusFilter``, read from the
query string), and their answers as escaped JSON or formula-guarded CSV."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from slant.store import schema
from slant.store.database import Store
from slant.store.export import _spreadsheet_safe
from slant.store.queries import DocumentFilter, like_pattern
from slant.web.params import DATE

Short = Annotated[str | None, Query(max_length=200)]


@dataclass
class CorpusFilter:
    """The dashboard's filters (all optional, combined with AND)."""

    outlet: str | None = None
    language: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    technique: str | None = None
    actor: str | None = None
    #: Spans under this score are left out of every count (spans without a score, human
    #: corrections, always count); documents are not filtered by it.
    min_score: float | None = None

    def spans_where(self, spans: Any) -> ColumnElement[bool]:
        """The condition on counted spans: at or above ``min_score`` when one is set."""
        if self.min_score is None:
            return true()
        return or_(spans.c.score.is_(None), spans.c.score >= self.min_score)

    def params(self) -> dict[str, str]:
        """The filters as query parameters (empty ones left out)."""
        named = {
            "outlet": self.outlet,
            "language": self.language,
            "from": self.published_from,
            "to": self.published_to,
            "technique": self.technique,
            "actor": self.actor,
            "min_score": None if self.min_score is None else f"{self.min_score:g}",
        }
        return {k: v for k, v in named.items() if v}

    def conditions(self, store: Store) -> list[ColumnElement[bool]]:
        """Conditions on ``documents``: its columns, and spans it must contain (spans as the
        views show them: see :meth:`Store.shown`)."""
        docs = schema.documents
        found = DocumentFilter(
            self.outlet, self.language, self.published_from, self.published_to
        ).conditions()
        if self.technique:
            marked = schema.spans.alias("marked")
            found.append(
                docs.c.id.in_(
                    _documents_with(
                        marked, "technique", (marked.c.label == self.technique) & store.shown(marked)
                    )
                )
            )
        if self.actor:
            named = schema.spans.alias("named")
            canonical = named.c.attrs["canonical"].as_string()
            ids = actor_ids(store, self.actor)
            found.append(
                docs.c.id.in_(_documents_with(named, "entity", canonical.in_(ids) & store.shown(named)))
            )
        return found

    def where(self, store: Store) -> ColumnElement[bool]:
        return and_(true(), *self.conditions(store))


ACTOR_MATCHES = 50
"""At most this many actors match a name typed in the actor filter."""


def actor_ids(store: Store, actor: str) -> list[str]:
    """The canonical ids an actor filter means: the value itself when it is an id, else the ids of
    actors whose name contains it, case-insensitively ("Sallin" finds ``per:petr-sallin``)."""
    spans, docs = schema.spans, schema.documents
    canonical = spans.c.attrs["canonical"].as_string()
    with store.engine.connect() as connection:
        exact = connection.execute(
            select(canonical).where((spans.c.layer == "entity") & (canonical == actor)).limit(1)
        ).first()
        if exact is not None:
            return [actor]
        surface = func.substr(docs.c.text, spans.c.start + 1, spans.c.end - spans.c.start)
        query = (
            select(canonical)
            .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
            .where((spans.c.layer == "entity") & canonical.is_not(None))
            .where(surface.ilike(like_pattern(actor), escape="\\"))
            .group_by(canonical)
            .limit(ACTOR_MATCHES)
        )
        return [str(value) for value in connection.execute(query).scalars()] or [actor]


def _documents_with(spans: Any, layer: str, condition: ColumnElement[bool]) -> Any:
    """The ids of documents with a span of ``layer`` meeting ``condition`` (an uncorrelated
    subquery: computed once, where a correlated EXISTS could scan the label index per row)."""
    return select(spans.c.document_id).where((spans.c.layer == layer) & condition)


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


def counted(filters: CorpusFilter) -> str:
    """Which spans a view counts, as its caption and its CSV's ``counted`` column say."""
    said = "spans shown by default (each model's display threshold)"
    if filters.min_score is not None:
        said += f", scored at least {filters.min_score:g}"
    return said


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
    as CSV, where a ``counted`` column says the same on every row."""
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
            headers={"content-disposition": f'attachment; filename="slant-{name}.csv"'},
        )
    return SafeJSONResponse({"filters": filters.params(), **extra, "rows": rows})
