"""The corpus views' filters: outlet, language, date range, technique, actor and a minimum
score, combined with AND, as SQL conditions (the dashboard reads them from the query string,
``Store.corpus`` from keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.sql.elements import ColumnElement

from slant.store import schema
from slant.store.database import Store
from slant.store.queries import DocumentFilter, like_pattern


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
    #: The actor filter's matches once looked up: every view of a request builds its conditions
    #: more than once, and the name lookup scans the entity spans.
    _matches: list[str] | None = field(default=None, init=False, repr=False, compare=False)

    def actor_matches(self, store: Store) -> list[str]:
        """The canonical ids the actor filter names (:func:`actor_matches`), looked up once."""
        if self._matches is None:
            self._matches = actor_matches(store, self.actor) if self.actor else []
        return self._matches

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
            ids = self.actor_matches(store) or [self.actor]  # no match: the filter finds nothing
            found.append(
                docs.c.id.in_(_documents_with(named, "entity", canonical.in_(ids) & store.shown(named)))
            )
        return found

    def where(self, store: Store) -> ColumnElement[bool]:
        return and_(true(), *self.conditions(store))


ACTOR_MATCHES = 50
"""At most this many actors match a name typed in the actor filter."""


def actor_matches(store: Store, actor: str) -> list[str]:
    """The canonical ids an actor filter means: the value itself when it is an id, else the ids of
    actors whose name contains it, case-insensitively ("Sallin" finds ``per:petr-sallin``); none
    when it names no actor."""
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
        return [str(value) for value in connection.execute(query).scalars()]


def _documents_with(spans: Any, layer: str, condition: ColumnElement[bool]) -> Any:
    """The ids of documents with a span of ``layer`` meeting ``condition`` (an uncorrelated
    subquery: computed once, where a correlated EXISTS could scan the label index per row)."""
    return select(spans.c.document_id).where((spans.c.layer == layer) & condition)


def counted(filters: CorpusFilter) -> str:
    """Which spans a view counts, as its caption and its CSV's ``counted`` column say."""
    said = "spans shown by default (each model's display threshold)"
    if filters.min_score is not None:
        said += f", minimum confidence {filters.min_score:g}"
    return said


def csv_name(view: str, filters: CorpusFilter) -> str:
    """A CSV download's file name: the view, and the minimum confidence when one is set
    (``slant-techniques-min0.50.csv``), so a saved file still says which spans it counts."""
    threshold = "" if filters.min_score is None else f"-min{filters.min_score:.2f}"
    return f"slant-{view}{threshold}.csv"
