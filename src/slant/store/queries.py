"""The read side of the store: paged document lists with filters and full-text substring
search, and span search (with the sentence around each hit). ``Store.documents`` and
``Store.spans`` run them; the workbench's API and pages use them too.

Every value reaches SQL as a bound parameter; ``LIKE`` patterns have their
wildcards escaped, so ``q=50%`` finds "50%" and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from slant.store import schema

if TYPE_CHECKING:
    from slant.store.database import Store

CONTEXT_CHARS = 160
"""Characters read before and after a span for the sentence around it."""
SNIPPET_CHARS = 300


def like_pattern(value: str) -> str:
    """A ``LIKE`` pattern matching ``value`` anywhere, with ``\\``, ``%`` and ``_`` escaped."""
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass
class DocumentFilter:
    """Filters of the document list (all optional, combined with AND)."""

    outlet: str | None = None
    language: str | None = None
    published_from: str | None = None
    published_to: str | None = None
    q: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        docs = schema.documents
        found: list[ColumnElement[bool]] = []
        if self.outlet:
            found.append(docs.c.outlet == self.outlet)
        if self.language:
            found.append(docs.c.language == self.language)
        if self.published_from:
            found.append(docs.c.published >= self.published_from)
        if self.published_to:
            # "2026-10" includes every date in October: compare the prefix.
            found.append(func.substr(docs.c.published, 1, len(self.published_to)) <= self.published_to)
        if self.q:
            pattern = like_pattern(self.q)
            found.append(docs.c.text.ilike(pattern, escape="\\") | docs.c.title.ilike(pattern, escape="\\"))
        return found


def list_documents(store: Store, filters: DocumentFilter, limit: int, offset: int) -> dict[str, Any]:
    """One page of documents (newest published first, then id) and the total that match."""
    docs = schema.documents
    where = and_(true(), *filters.conditions())
    query = (
        select(
            docs.c.id,
            docs.c.title,
            docs.c.outlet,
            docs.c.language,
            docs.c.published,
            docs.c.url,
            func.length(docs.c.text).label("chars"),
        )
        .where(where)
        .order_by(docs.c.published.desc().nulls_last(), docs.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(docs).where(where)).scalar() or 0
        rows = [dict(row._mapping) for row in connection.execute(query)]
    return {"total": int(total), "limit": limit, "offset": offset, "items": rows}


@dataclass
class SpanFilter:
    """Filters of the span search (all optional, combined with AND)."""

    layer: str | None = None
    label: str | None = None
    outlet: str | None = None
    language: str | None = None
    actor: str | None = None
    text: str | None = None
    min_score: float | None = None
    document: str | None = None
    #: Also spans a model kept below its display threshold.
    hidden: bool = False


def span_snippet(store: Store, spans: Any, limit: int = SNIPPET_CHARS) -> Any:
    """SQL for a span's text (``spans`` joined to ``documents``), at most ``limit`` characters:
    SQLite's two-argument ``min``, PostgreSQL's ``least``."""
    shorter = func.min if store.dialect == "sqlite" else func.least
    return func.substr(
        schema.documents.c.text, spans.c.start + 1, shorter(spans.c.end - spans.c.start, limit)
    )


def hit_columns(store: Store) -> list[Any]:
    """What a span search shows of each hit (spans joined to documents): where it is, its label
    and score, its text and the rest of its sentence, its document's title, outlet and date."""
    spans, docs = schema.spans, schema.documents
    return [
        spans.c.document_id,
        spans.c.layer,
        spans.c.start,
        spans.c.end,
        spans.c.label,
        spans.c.score,
        span_snippet(store, spans).label("text"),
        *context_columns(store, spans),
        docs.c.title,
        docs.c.outlet,
        docs.c.published,
    ]


def context_columns(store: Store, spans: Any) -> tuple[Any, Any]:
    """SQL for up to CONTEXT_CHARS of the document before and after a span, labelled before/after."""
    larger = func.max if store.dialect == "sqlite" else func.greatest
    first = larger(spans.c.start - CONTEXT_CHARS, 0)
    text = schema.documents.c.text
    return (
        func.substr(text, first + 1, spans.c.start - first).label("before"),
        func.substr(text, spans.c.end + 1, CONTEXT_CHARS).label("after"),
    )


_SENTENCE_END = re.compile(r"[.!?。؟…]['\"”»’)]*\s+|\n")


def sentence_context(before: str | None, after: str | None) -> tuple[str, str]:
    """The rest of the sentence around a span, from the text just before and after it: cut at the
    nearest sentence end (or a line break), else at a word with an ellipsis."""
    before, after = before or "", after or ""
    ends = list(_SENTENCE_END.finditer(before))
    if ends:
        before = before[ends[-1].end() :]
    elif len(before) >= CONTEXT_CHARS:
        before = "…" + before[before.find(" ") + 1 :] if " " in before else "…" + before
    found = _SENTENCE_END.search(after)
    if found:
        after = after[: found.start() + 1].rstrip()
    elif len(after) >= CONTEXT_CHARS:
        after = (after[: after.rfind(" ")] if " " in after else after) + "…"
    return before, after


def search_spans(store: Store, filters: SpanFilter, limit: int, offset: int) -> dict[str, Any]:
    """One page of spans with their document's id, offsets and text (at most SNIPPET_CHARS)."""
    spans = schema.spans
    docs = schema.documents
    span_text = func.substr(docs.c.text, spans.c.start + 1, spans.c.end - spans.c.start)
    conditions = DocumentFilter(filters.outlet, filters.language).conditions()
    conditions.append(store.shown(spans, filters.hidden))  # human corrections replace reviewed machine spans
    if filters.layer:
        conditions.append(spans.c.layer == filters.layer)
    if filters.label:
        conditions.append(spans.c.label == filters.label)
    if filters.document:
        conditions.append(spans.c.document_id == filters.document)
    if filters.min_score is not None:
        conditions.append(spans.c.score >= filters.min_score)
    if filters.text:
        conditions.append(span_text.ilike(like_pattern(filters.text), escape="\\"))
    if filters.actor:
        mention = schema.spans.alias("mention")
        conditions.append(
            exists().where(
                (mention.c.document_id == spans.c.document_id)
                & (mention.c.layer == "entity")
                & (mention.c.attrs["canonical"].as_string() == filters.actor)
                & store.shown(mention)
            )
        )
    where = and_(true(), *conditions)
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    query = (
        select(*hit_columns(store), spans.c.attrs, spans.c.model)
        .select_from(joined)
        .where(where)
        .order_by(spans.c.document_id, spans.c.start, spans.c.end, spans.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as connection:
        total = connection.execute(select(func.count()).select_from(joined).where(where)).scalar() or 0
        rows = []
        for row in connection.execute(query):
            item = dict(row._mapping)
            item["attrs"] = dict(item["attrs"] or {})
            item["before"], item["after"] = sentence_context(item.pop("before"), item.pop("after"))
            rows.append(item)
    return {"total": int(total), "limit": limit, "offset": offset, "items": rows}


def facets(store: Store) -> dict[str, list[str]]:
    """Outlets and languages present, for the index page's filters."""
    docs = schema.documents
    with store.engine.connect() as connection:
        outlets = connection.execute(
            select(docs.c.outlet)
            .where(docs.c.outlet.is_not(None))
            .group_by(docs.c.outlet)
            .order_by(docs.c.outlet)
            .limit(500)
        ).scalars()
        outlet_list = [str(o) for o in outlets]
        languages = connection.execute(
            select(docs.c.language)
            .where(docs.c.language.is_not(None))
            .group_by(docs.c.language)
            .order_by(docs.c.language)
        ).scalars()
        return {"outlets": outlet_list, "languages": [str(x) for x in languages]}
