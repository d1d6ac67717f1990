"""Schema changes as registered, transactional migrations recorded in a table.

Add a migration by appending a function decorated with ``@migration(N, name)``;
never edit one that has shipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Connection, inspect, select, text

from slant.annotate.precedence import HUMAN_LAYERS_KEY, reviewed_layers
from slant.store import schema

Migration = Callable[[Connection], None]
MIGRATIONS: dict[int, tuple[str, Migration]] = {}


def migration(version: int, name: str) -> Callable[[Migration], Migration]:
    """Register a migration under a version number (a decorator)."""

    def decorate(function: Migration) -> Migration:
        if version in MIGRATIONS:
            raise ValueError(f"migration {version} is registered twice")
        MIGRATIONS[version] = (name, function)
        return function

    return decorate


@migration(1, "documents, spans, runs, failures")
def _initial(connection: Connection) -> None:
    tables = [schema.runs, schema.documents, schema.spans, schema.failures]
    schema.METADATA.create_all(connection, tables=tables)


@migration(2, "reviews: the layers a human reviewed, per document")
def _reviews(connection: Connection) -> None:
    schema.METADATA.create_all(connection, tables=[schema.reviews])
    docs = schema.documents
    reviewed = docs.c.meta[HUMAN_LAYERS_KEY].as_string()
    rows = [
        {"document_id": doc_id, "layer": layer}
        for doc_id, meta in connection.execute(select(docs.c.id, docs.c.meta).where(reviewed.is_not(None)))
        for layer in sorted(reviewed_layers(meta))
    ]
    if rows:
        connection.execute(schema.reviews.insert(), rows)


@migration(3, "documents: a covering index of id, outlet, published and language")
def _corpus_index(connection: Connection) -> None:
    schema.CORPUS_INDEX.create(connection, checkfirst=True)  # new stores have it from migration 1


@migration(4, "spans: a hidden flag for spans kept below their display threshold")
def _hidden(connection: Connection) -> None:
    columns = {c["name"] for c in inspect(connection).get_columns("spans")}
    if "hidden" not in columns:  # new stores have it from migration 1
        connection.execute(text("ALTER TABLE spans ADD COLUMN hidden BOOLEAN NOT NULL DEFAULT FALSE"))


@migration(5, "runs: the host and process id of the process running each run")
def _run_owner(connection: Connection) -> None:
    columns = {c["name"] for c in inspect(connection).get_columns("runs")}
    if "host" not in columns:  # new stores have them from migration 1
        connection.execute(text("ALTER TABLE runs ADD COLUMN host VARCHAR(255)"))
        connection.execute(text("ALTER TABLE runs ADD COLUMN pid INTEGER"))


def applied(connection: Connection) -> set[int]:
    """Versions already applied to this database."""
    schema.METADATA.create_all(connection, tables=[schema.schema_migrations])
    return set(connection.scalars(select(schema.schema_migrations.c.version)))


def migrate(connection: Connection) -> list[int]:
    """Apply pending migrations in order, each recorded; returns the versions applied."""
    done = applied(connection)
    new = []
    for version in sorted(MIGRATIONS):
        if version in done:
            continue
        name, function = MIGRATIONS[version]
        function(connection)
        connection.execute(
            schema.schema_migrations.insert().values(
                version=version, name=name, applied_at=dt.datetime.now(dt.UTC)
            )
        )
        new.append(version)
    return new
