"""The database schema: documents, spans, runs, failures (SQLAlchemy Core)."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
)
from sqlalchemy.dialects.postgresql import JSONB

METADATA = MetaData()

# JSONB on PostgreSQL (indexable, compact), JSON text elsewhere.
JSONType = JSON().with_variant(JSONB(), "postgresql")
# SQLite only autoincrements an INTEGER PRIMARY KEY; PostgreSQL needs 64 bits for spans.
BigId = BigInteger().with_variant(Integer(), "sqlite")

runs = Table(
    "runs",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted | failed
    Column("command", Text),
    Column("inputs", JSONType),
    Column("pipeline", JSONType),
    Column("counts", JSONType),
    Column("slant_version", String(32)),
    # Which process runs it: a run still "running" whose process is gone from this host was
    # killed (SIGKILL, power loss) and is marked interrupted when the next run starts.
    Column("host", String(255)),
    Column("pid", Integer),
)

documents = Table(
    "documents",
    METADATA,
    Column("id", Text, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("meta", JSONType, nullable=False),
    # Copied out of meta so that stats and filters need no JSON functions.
    Column("language", String(16), index=True),
    Column("outlet", Text, index=True),
    Column("published", String(40), index=True),
    Column("title", Text),
    Column("url", Text),
    Column("source", Text),
    Column("run_id", Integer, ForeignKey("runs.id")),
    Column("analyzed_at", DateTime(timezone=True), nullable=False),
)

# The columns corpus queries join on, in one index: SQLite keeps a row's columns in order, and
# outlet and published come after the text, so reading them from the table walks the text's
# overflow pages. From the index, joining 1.5 M spans to their documents' outlet and date costs
# 20-40 % less (benchmarks/dashboard_bench.py).
CORPUS_INDEX = Index(
    "ix_documents_corpus", documents.c.id, documents.c.outlet, documents.c.published, documents.c.language
)

spans = Table(
    "spans",
    METADATA,
    Column("id", BigId, primary_key=True, autoincrement=True),
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("layer", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("label", Text),
    Column("score", Float),
    Column("attrs", JSONType),
    Column("model", Text),
    # A model kept the span below its display threshold (attrs.hidden): stored, shown on request.
    Column("hidden", Boolean, nullable=False, default=False, server_default=false()),
)
Index("ix_spans_document_layer", spans.c.document_id, spans.c.layer)
Index("ix_spans_layer_label", spans.c.layer, spans.c.label)

reviews = Table(
    "reviews",
    METADATA,
    # The layers a human reviewed, per document: their machine spans are hidden in every view
    # (see slant.annotate.precedence). A table, not only meta["human_layers"], so that corpus
    # queries can apply the rule in SQL on SQLite and PostgreSQL alike.
    Column("document_id", Text, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("layer", String(32), primary_key=True),
)

failures = Table(
    "failures",
    METADATA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id"), index=True),
    Column("source", Text, nullable=False),
    Column("location", Text),
    Column("document_id", Text),
    Column("reason", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

schema_migrations = Table(
    "schema_migrations",
    METADATA,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
