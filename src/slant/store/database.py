"""The store: analysed documents, their spans, runs and failures in SQL.

SQLite (a file, WAL mode) by default; PostgreSQL when given a
``postgresql://`` URL. Every document is written with its spans in one
transaction, so a killed run leaves whole documents or none.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import socket
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    create_engine,
    delete,
    event,
    exists,
    false,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.sql.elements import ColumnElement

from slant import __version__
from slant.annotate.precedence import HUMAN_LAYERS_KEY, HUMAN_MODEL, is_hidden, reviewed_layers
from slant.document import Document, Span, merge_meta
from slant.errors import Failure, StoreError, StoreUnavailable
from slant.processes import alive
from slant.store import schema
from slant.store.migrations import migrate

LOGGER = logging.getLogger(__name__)

DEFAULT_DB = "slant.db"
PAGE_SIZE = 500
"""Documents fetched per query when streaming; spans come with them in one more query."""


def database_url(value: str) -> str:
    """Turn a path or URL into a SQLAlchemy URL slant accepts.

    A bare path means an SQLite file; ``postgresql://`` and ``postgres://`` use
    the psycopg driver. Any other scheme is refused.
    """
    if "://" not in value:
        path = Path(value).expanduser()
        if not path.parent.is_dir():
            raise StoreError(f"cannot create database {value}: folder {path.parent} does not exist")
        return f"sqlite:///{path}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme in ("sqlite", "postgresql+psycopg"):
        return value
    raise StoreError(
        f"unsupported database URL scheme {scheme!r}: use a file path, sqlite:///PATH "
        "or postgresql://USER:PASSWORD@HOST/NAME"
    )


def masked(url: str) -> str:
    """The URL with its password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r":[^:@/]*@", ":***@", url)


def _first_line(error: BaseException) -> str:
    original = getattr(error, "orig", None) or error
    return (str(original).strip().splitlines() or [type(original).__name__])[0]


def _refusal(error: BaseException) -> str:
    if isinstance(error, UnicodeEncodeError):  # never quote the surrogate: it cannot be stored either
        return (
            f"it holds a lone surrogate (\\u{ord(error.object[error.start]):04x}), which is not a character"
        )
    return _first_line(error)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    # Corpus views scan spans joined to documents; reading the file through memory maps and a
    # 64 MiB page cache instead of SQLite's 2 MiB default halves their system time on 100k documents.
    cursor.execute("PRAGMA mmap_size=1073741824")
    cursor.execute("PRAGMA cache_size=-65536")
    cursor.close()


@dataclass
class WriteResult:
    """What happened to each document handed to :meth:`Store.write`."""

    analysed: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def extend(self, other: WriteResult) -> None:
        """Add another result's outcomes to this one."""
        self.analysed += other.analysed
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.failures += other.failures


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _document_row(doc: Document, run_id: int | None) -> dict[str, Any]:
    meta = doc.meta
    published = meta.get("published")
    return {
        "id": doc.id,
        "sha256": doc.sha256,
        "text": doc.text,
        "meta": meta,
        "language": meta.get("language"),
        "outlet": meta.get("outlet"),
        "published": str(published)[:40] if published else None,
        "title": meta.get("title"),
        "url": meta.get("url"),
        "source": meta.get("source"),
        "run_id": run_id,
        "analyzed_at": _now(),
    }


def _span_rows(doc: Document) -> list[dict[str, Any]]:
    return [
        {
            "document_id": doc.id,
            "layer": s.layer,
            "start": s.start,
            "end": s.end,
            "label": s.label,
            "score": s.score,
            "attrs": s.attrs or None,
            "model": s.model,
            "hidden": is_hidden(s),
        }
        for s in doc.spans
    ]


CONFIDENT_SPEAKERS = ("named", "pronoun")
"""``speaker_confidence`` values counted as sure attributions in speaker rankings: a speaker
named in the attribution or a resolved pronoun, not one carried over from an earlier quote."""


def confident_speaker(spans: Any) -> Any:
    """Quotes whose speaker is sure (spans stored before speaker_confidence existed count as sure)."""
    value = spans.c.attrs["speaker_confidence"].as_string()
    return or_(value.is_(None), value.in_(CONFIDENT_SPEAKERS))


def citing(spans: Any) -> Any:
    """Source spans that the text relies on or links to: picture credits are left out."""
    role = spans.c.attrs["role"].as_string()
    return or_(role.is_(None), role != "credit")


class Store:
    """A database of analysed documents.

    Args:
        url: a file path (SQLite) or a database URL.

    Raises:
        StoreError: the database cannot be reached, opened or migrated.
    """

    def __init__(self, url: str = DEFAULT_DB) -> None:
        self.url = database_url(url)
        try:
            kwargs: dict[str, Any] = {}
            if self.url.startswith("postgresql"):
                kwargs["connect_args"] = {"connect_timeout": 10}
                kwargs["pool_pre_ping"] = True
            self.engine: Engine = create_engine(self.url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            hint = " (pip install 'slant[postgres]')" if isinstance(exc, ImportError) else ""
            raise StoreError(f"cannot use database {masked(self.url)}: {exc}{hint}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            with self.engine.begin() as connection:
                migrate(connection)
        except SQLAlchemyError as exc:
            self.engine.dispose()
            raise StoreError(
                f"cannot open database {masked(self.url)}: {_first_line(exc)}; "
                "check that the server is running and the URL, user and password are right"
            ) from None

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- runs and failures --------------------------------------------------

    def start_run(self, command: str, inputs: Sequence[str], pipeline: dict[str, Any]) -> int:
        """Record the start of a run (first marking this host's killed runs interrupted); returns
        its id."""
        self.mark_interrupted()
        with self.engine.begin() as connection:
            result = connection.execute(
                schema.runs.insert().values(
                    started_at=_now(),
                    status="running",
                    command=command,
                    inputs=list(inputs),
                    pipeline=pipeline,
                    slant_version=__version__,
                    host=socket.gethostname()[:255],
                    pid=os.getpid(),
                )
            )
            key = result.inserted_primary_key
            assert key is not None
            return int(key[0])

    def mark_interrupted(self) -> list[int]:
        """Mark "running" runs of this host whose process is gone as interrupted (a run killed
        with SIGKILL never records its end); returns their ids. Runs of other hosts, and runs
        stored before runs recorded their process, are left as they are: nothing here can tell
        whether they still run."""
        runs = schema.runs
        host = socket.gethostname()[:255]
        with self.engine.connect() as connection:
            candidates = connection.execute(
                select(runs.c.id, runs.c.pid).where(
                    (runs.c.status == "running") & (runs.c.host == host) & runs.c.pid.is_not(None)
                )
            ).all()
        gone = [int(run_id) for run_id, pid in candidates if not alive(int(pid))]
        if gone:
            with self.engine.begin() as connection:
                connection.execute(
                    update(runs)
                    .where(runs.c.id.in_(gone) & (runs.c.status == "running"))
                    .values(status="interrupted", finished_at=_now())
                )
        return gone

    def finish_run(self, run_id: int, status: str, counts: dict[str, int]) -> None:
        """Record how a run ended."""
        with self.engine.begin() as connection:
            connection.execute(
                update(schema.runs)
                .where(schema.runs.c.id == run_id)
                .values(finished_at=_now(), status=status, counts=counts)
            )

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first."""
        query = select(schema.runs).order_by(schema.runs.c.id.desc()).limit(limit)
        with self.engine.connect() as connection:
            return [dict(row._mapping) for row in connection.execute(query)]

    def add_failures(self, run_id: int | None, failures: Iterable[Failure]) -> None:
        """Store failures of a run."""
        rows = [
            {
                "run_id": run_id,
                "source": f.source,
                "location": f.location,
                "document_id": f.document_id,
                "reason": f.reason,
                "created_at": _now(),
            }
            for f in failures
        ]
        if rows:
            with self.engine.begin() as connection:
                connection.execute(schema.failures.insert(), rows)

    def failures(self, run_id: int | None = None) -> list[Failure]:
        """Failures of one run (default: the latest run)."""
        if run_id is None:
            run_id = self._scalar(select(func.max(schema.runs.c.id)))
        query = select(schema.failures).where(schema.failures.c.run_id == run_id)
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(schema.failures.c.id))
            return [
                Failure(source=r.source, reason=r.reason, location=r.location, document_id=r.document_id)
                for r in rows
            ]

    # -- documents ------------------------------------------------------------

    def known(self, ids: Sequence[str]) -> dict[str, tuple[str, str | None]]:
        """Stored ``(sha256, source)`` of those of ``ids`` that are in the store."""
        if not ids:
            return {}
        table = schema.documents
        query = select(table.c.id, table.c.sha256, table.c.source).where(table.c.id.in_(list(set(ids))))
        with self.engine.connect() as connection:
            return {row.id: (row.sha256, row.source) for row in connection.execute(query)}

    def write(self, run_id: int | None, docs: Sequence[Document]) -> WriteResult:
        """Store analysed documents with their spans.

        A document already stored with the same text is left as it is
        (``unchanged``); one from the same source with a new text replaces it
        (``updated``); one whose id is taken by a different source's text is a
        failure, never an overwrite. If the database refuses the batch, each
        document is tried alone so that one bad document fails alone.
        """
        try:
            with self.engine.begin() as connection:
                return self._write(connection, run_id, docs)
        except (DBAPIError, UnicodeEncodeError) as exc:  # a lone surrogate: not UTF-8, not storable
            if isinstance(exc, DBAPIError) and (exc.connection_invalidated or not self.reachable()):
                # The server went away, not the document: trying each alone would fail them all.
                raise StoreUnavailable(f"lost the database {masked(self.url)}: {_first_line(exc)}") from exc
            if len(docs) == 1:
                return WriteResult(
                    failures=[
                        Failure(
                            source=str(docs[0].meta.get("source") or docs[0].id),
                            reason=f"the database refused the document: {_refusal(exc)}",
                            document_id=docs[0].id,
                        )
                    ]
                )
            result = WriteResult()
            for doc in docs:
                result.extend(self.write(run_id, [doc]))
            return result

    def reachable(self) -> bool:
        """Whether the database answers now."""
        try:
            with self.engine.connect() as connection:
                connection.execute(select(1))
        except SQLAlchemyError:
            return False
        return True

    def _write(self, connection: Connection, run_id: int | None, docs: Sequence[Document]) -> WriteResult:
        table = schema.documents
        result = WriteResult()
        ids = [d.id for d in docs]
        stored = {
            row.id: (row.sha256, row.source)
            for row in connection.execute(
                select(table.c.id, table.c.sha256, table.c.source).where(table.c.id.in_(ids))
            )
        }
        inserts: list[Document] = []
        for doc in docs:
            source = doc.meta.get("source")
            if doc.id not in stored:
                inserts.append(doc)
                stored[doc.id] = (doc.sha256, source)
                result.analysed.append(doc.id)
                continue
            sha, old_source = stored[doc.id]
            if sha == doc.sha256:
                result.unchanged.append(doc.id)
            elif old_source is None or old_source == source:
                # A new text: the old spans, human corrections included, no longer point at it.
                connection.execute(delete(schema.spans).where(schema.spans.c.document_id == doc.id))
                connection.execute(delete(schema.reviews).where(schema.reviews.c.document_id == doc.id))
                connection.execute(
                    update(table).where(table.c.id == doc.id).values(**_document_row(doc, run_id))
                )
                spans = _span_rows(doc)
                if spans:
                    connection.execute(schema.spans.insert(), spans)
                stored[doc.id] = (doc.sha256, source)
                result.updated.append(doc.id)
            else:
                result.failures.append(
                    Failure(
                        source=str(source or doc.id),
                        document_id=doc.id,
                        reason=(
                            f"id {doc.id!r} is already used by a different text from {old_source}; "
                            "give the documents distinct ids (for folders: --id-from path)"
                        ),
                    )
                )
        if inserts:
            connection.execute(table.insert(), [_document_row(d, run_id) for d in inserts])
            spans = [row for d in inserts for row in _span_rows(d)]
            if spans:
                connection.execute(schema.spans.insert(), spans)
        return result

    def replace_human_spans(
        self, doc_id: str, layers: Iterable[str], spans: Sequence[Span], *, sha256: str | None = None
    ) -> int:
        """Replace a document's human spans of ``layers`` with ``spans``, in one transaction.

        The spans are stored with ``model == "human"``; the layers are added to the document's
        ``meta["human_layers"]``, so views show only human spans for them (an empty ``spans``
        for a layer means the analyst rejected every machine span of it). Machine spans stay
        stored. Returns the number of spans written.

        Raises:
            StoreError: no such document, its text changed (``sha256`` given and different),
                or a span is of a layer not in ``layers`` or outside the text.
        """
        reviewed = sorted(set(layers))
        docs, table = schema.documents, schema.spans
        with self.engine.begin() as connection:
            row = connection.execute(
                select(docs.c.sha256, docs.c.meta, docs.c.text).where(docs.c.id == doc_id).with_for_update()
            ).first()
            if row is None:
                raise StoreError(f"no document with id {doc_id!r} in the store")
            if sha256 is not None and row.sha256 != sha256:
                raise StoreError(f"the text of document {doc_id!r} changed since it was exported")
            for span in spans:
                if span.layer not in reviewed:
                    raise StoreError(f"span of layer {span.layer!r} is not among the layers {reviewed}")
                if not 0 <= span.start < span.end <= len(row.text):
                    raise StoreError(f"span [{span.start}, {span.end}) is outside the text of {doc_id!r}")
            connection.execute(
                delete(table).where(
                    (table.c.document_id == doc_id)
                    & table.c.layer.in_(reviewed)
                    & (table.c.model == HUMAN_MODEL)
                )
            )
            rows = _span_rows(Document(doc_id, "", {"sha256": row.sha256}, list(spans)))
            for span_row in rows:
                span_row["model"] = HUMAN_MODEL
            if rows:
                connection.execute(table.insert(), rows)
            meta = dict(row.meta)
            meta[HUMAN_LAYERS_KEY] = sorted(reviewed_layers(meta) | set(reviewed))
            connection.execute(update(docs).where(docs.c.id == doc_id).values(meta=meta))
            reviews = schema.reviews
            connection.execute(
                delete(reviews).where((reviews.c.document_id == doc_id) & reviews.c.layer.in_(reviewed))
            )
            connection.execute(reviews.insert(), [{"document_id": doc_id, "layer": x} for x in reviewed])
            return len(rows)

    def merge_metadata(self, updates: Mapping[str, Mapping[str, Any]]) -> int:
        """Merge metadata into stored documents (id → values), in one transaction, refreshing
        the outlet, date, title and url columns; returns how many documents changed.

        For ``analyze --metadata`` on documents already stored with the same text: their
        analysis stands, only what the table says about them is new.
        """
        docs = schema.documents
        changed = 0
        with self.engine.begin() as connection:
            rows = connection.execute(select(docs.c.id, docs.c.meta).where(docs.c.id.in_(list(updates))))
            for doc_id, meta in rows.all():
                merged = merge_meta(meta or {}, updates[doc_id])
                if merged == meta:
                    continue
                row = _document_row(Document(doc_id, "", merged), None)
                columns = {k: row[k] for k in ("meta", "outlet", "published", "title", "url")}
                connection.execute(update(docs).where(docs.c.id == doc_id).values(**columns))
                changed += 1
        return changed

    def delete(self, doc_ids: Sequence[str]) -> list[str]:
        """Remove documents with their spans and corrections, in one transaction; returns the ids
        that were there (the others are ignored). Every view and count stops showing them."""
        docs = schema.documents
        wanted = list(dict.fromkeys(doc_ids))
        if not wanted:
            return []
        with self.engine.begin() as connection:
            found = [row[0] for row in connection.execute(select(docs.c.id).where(docs.c.id.in_(wanted)))]
            if found:
                connection.execute(delete(schema.spans).where(schema.spans.c.document_id.in_(found)))
                connection.execute(delete(schema.reviews).where(schema.reviews.c.document_id.in_(found)))
                connection.execute(delete(docs).where(docs.c.id.in_(found)))
        present = set(found)
        return [doc_id for doc_id in wanted if doc_id in present]

    def documents(
        self,
        *,
        outlet: str | None = None,
        language: str | None = None,
        published_from: str | None = None,
        published_to: str | None = None,
        q: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """A page of documents, newest published first, as ``GET /api/documents`` gives it:
        ``total``, ``limit``, ``offset`` and ``items`` (metadata, no text). ``q``: a substring of
        the text or title, case-insensitive."""
        from slant.store.queries import DocumentFilter, list_documents

        found = DocumentFilter(outlet, language, published_from, published_to, q)
        return list_documents(self, found, limit, offset)

    def spans(
        self,
        *,
        layer: str | None = None,
        label: str | None = None,
        outlet: str | None = None,
        language: str | None = None,
        actor: str | None = None,
        text: str | None = None,
        min_score: float | None = None,
        document: str | None = None,
        hidden: bool = False,
        limit: int = 50,
        offset: int = 0,
    ) -> dict[str, Any]:
        """A page of spans, as ``GET /api/spans`` gives it: each with its document's id, offsets,
        label, score, attrs, text and the rest of its sentence (``before``, ``after``). ``actor``:
        an entity's canonical id named in the same document; ``hidden``: also spans below their
        display threshold."""
        from slant.store.queries import SpanFilter, search_spans

        if min_score is not None and not 0.0 <= min_score <= 1.0:
            raise ValueError(f"min_score must be between 0 and 1, not {min_score!r}")
        found = SpanFilter(layer, label, outlet, language, actor, text, min_score, document, hidden)
        return search_spans(self, found, limit, offset)

    def corpus(self, view: str, **options: Any) -> Any:
        """A corpus view by name, as the dashboard draws it (``/api/corpus/<view>``): ``overview``,
        ``techniques``, ``actors``, ``speakers``, ``citations``, ``claims``, ``timeline``,
        ``quote-clusters``, ``claim-clusters``, ``wording``. Options: the dashboard's filters
        (``outlet``, ``language``, ``published_from``, ``published_to``, ``technique``, ``actor``,
        ``min_score``), ``bucket`` for the timeline, ``limit``, ``outlets`` for the wording."""
        from slant.corpus.views import corpus_view

        return corpus_view(self, view, **options)

    def get(self, doc_id: str, layers: set[str] | None = None) -> Document | None:
        """One document with its spans, or None."""
        docs = list(self.iter_documents(ids=[doc_id], layers=layers))
        return docs[0] if docs else None

    def iter_documents(
        self,
        *,
        ids: Sequence[str] | None = None,
        layers: set[str] | None = None,
        language: str | None = None,
        outlet: str | None = None,
        page_size: int = PAGE_SIZE,
    ) -> Iterator[Document]:
        """Stream documents with their spans, in id order, a page at a time."""
        table = schema.documents
        last: str | None = None
        while True:
            query = select(table.c.id, table.c.text, table.c.meta).order_by(table.c.id).limit(page_size)
            if ids is not None:
                query = query.where(table.c.id.in_(list(ids)))
            if language:
                query = query.where(table.c.language == language)
            if outlet:
                query = query.where(table.c.outlet == outlet)
            if last is not None:
                query = query.where(table.c.id > last)
            with self.engine.connect() as connection:
                rows = connection.execute(query).all()
                if not rows:
                    return
                spans = self._spans(connection, [r.id for r in rows], layers)
            for row in rows:
                yield Document(id=row.id, text=row.text, meta=dict(row.meta), spans=spans.get(row.id, []))
            last = rows[-1].id

    def _spans(
        self, connection: Connection, ids: list[str], layers: set[str] | None
    ) -> dict[str, list[Span]]:
        table = schema.spans
        query = select(table).where(table.c.document_id.in_(ids))
        if layers is not None:
            query = query.where(table.c.layer.in_(sorted(layers)))
        found: dict[str, list[Span]] = {}
        for r in connection.execute(
            query.order_by(table.c.document_id, table.c.start, table.c.end, table.c.id)
        ):
            span = Span(r.layer, r.start, r.end, r.label, r.score, dict(r.attrs or {}), r.model)
            found.setdefault(r.document_id, []).append(span)
        return found

    # -- counts -------------------------------------------------------------

    def _scalar(self, query: Any) -> Any:
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def shown(self, spans: Any, hidden: bool = False) -> ColumnElement[bool]:
        """The SQL form of :func:`slant.annotate.precedence.effective_spans` for the spans table
        (or an alias of it): a human span, or a span of a layer nobody reviewed in its document;
        spans kept below their display threshold only when ``hidden`` is true.

        Asked once per query: with no reviews stored (the usual case) the review part is simply
        true, so corpus queries pay nothing for that rule until an analyst imports corrections.
        """
        visible = true() if hidden else spans.c.hidden == false()
        reviews = schema.reviews
        with self.engine.connect() as connection:
            if connection.execute(select(reviews.c.layer).limit(1)).first() is None:
                return visible
        reviewed = exists().where(
            (reviews.c.document_id == spans.c.document_id) & (reviews.c.layer == spans.c.layer)
        )
        return visible & ((spans.c.model == HUMAN_MODEL) | ~reviewed)

    def count(self) -> int:
        """How many documents are stored."""
        return int(self._scalar(select(func.count()).select_from(schema.documents)) or 0)

    def _grouped(self, column: Any, limit: int | None = None, where: Any = None) -> list[tuple[Any, int]]:
        n = func.count().label("n")
        query = select(column.label("key"), n).group_by(column).order_by(n.desc(), column)
        if where is not None:
            query = query.where(where)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [(row.key, int(row.n)) for row in connection.execute(query)]

    def _grouped_attr(self, layer: str, key: str, limit: int, shown: Any) -> list[tuple[Any, int]]:
        """Shown spans of ``layer`` counted by one attribute (SQLite json_extract, PostgreSQL ->>)."""
        spans = schema.spans
        value = spans.c.attrs[key].as_string()
        return self._grouped(value, limit, (spans.c.layer == layer) & value.is_not(None) & shown)

    def stats(self, top: int = 20) -> dict[str, Any]:
        """Counts by language, outlet, month published; spans by layer, technique spans by label,
        and the actors, speakers and cited outlets named most often (as every view shows them:
        human corrections replace the machine spans of reviewed layers). Speakers count only
        confident attributions and cited outlets leave picture credits out (see :func:`confident_speaker`)."""
        docs = schema.documents
        month = func.substr(docs.c.published, 1, 7)
        by_month = sorted(self._grouped(month), key=lambda kv: (kv[0] is None, kv[0] or ""))
        shown = self.shown(schema.spans)  # human corrections replace reviewed machine spans
        return {
            "documents": self.count(),
            "languages": self._grouped(docs.c.language, top),
            "outlets": self._grouped(docs.c.outlet, top),
            "months": by_month,
            "layers": self._grouped(schema.spans.c.layer, where=shown),
            "techniques": self._grouped(
                schema.spans.c.label, top, (schema.spans.c.layer == "technique") & shown
            ),
            "actors": self._grouped_attr("entity", "canonical", top, shown),
            "speakers": self._grouped_attr("quote", "speaker", top, shown & confident_speaker(schema.spans)),
            "cited": self._grouped_attr("source", "outlet", top, shown & citing(schema.spans)),
            "runs": self.runs(limit=1),
        }
