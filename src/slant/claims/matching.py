"""Match a store's claim spans against a table of known claims (fact-checks, debunked
narratives) across languages, by the cosine of their sentence vectors.

Both sides are embedded with the multilingual encoder (:func:`slant.encoder.vectors.embed`,
``slant[accurate]``); a store claim matches a known claim when their cosine reaches
:data:`MATCH_COSINE`. Store claims are streamed from the database in batches, and each batch is
compared with the known claims by chunked matrix products, so memory stays bounded whatever the
sizes: a batch of 256 claims against 15,000 known claims is a 256 x 15,000 matrix.

A match says that the two sentences say much the same thing, not that the store's sentence is
false: the verdict shown is the known table's, as its source gave it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import and_, func, select

from slant.claims.known import KnownClaim
from slant.corpus.filters import CorpusFilter
from slant.store import schema
from slant.store.database import Store
from slant.store.queries import span_snippet

__all__ = [
    "MATCH_COSINE",
    "ClaimSpan",
    "KnownIndex",
    "Match",
    "count_store_claims",
    "match_claims",
    "store_claims",
]

# Cosine (multilingual-e5-small q4 sentence vectors) at or above which a claim matches a known
# claim: the lowest cosine above which top-1 precision stays >= 0.90 on the calibration half of
# benchmarks/data/match_queries.jsonl (the odd-numbered known claims and their queries; 0.9111,
# rounded up); the
# figures on the other half are in docs/MATCHING.md (`python benchmarks/match_bench.py`).
MATCH_COSINE = 0.912
BATCH = 256
"""Store claims read, embedded and compared at a time."""
KNOWN_CHUNK = 8192
"""Known claims compared at a time (bounds the score matrix to BATCH x KNOWN_CHUNK floats)."""
CLAIM_CHARS = 600
"""Characters of a claim span read (the encoder sees at most this many)."""

Embed = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class ClaimSpan:
    """A claim span of a stored document."""

    span_id: int
    document_id: str
    start: int
    end: int
    text: str
    language: str | None = None
    outlet: str | None = None
    published: str | None = None


@dataclass(frozen=True)
class Match:
    """A store claim and a known claim whose vectors are at least the threshold alike."""

    claim: ClaimSpan
    known: KnownClaim
    similarity: float
    #: 1 for the known claim most like this store claim, 2 for the next, ...
    rank: int

    def row(self) -> dict[str, Any]:
        """The match as a flat row (the CLI's JSONL and CSV columns)."""
        return {
            "document_id": self.claim.document_id,
            "start": self.claim.start,
            "end": self.claim.end,
            "claim": self.claim.text,
            "language": self.claim.language,
            "outlet": self.claim.outlet,
            "published": self.claim.published,
            "known_id": self.known.id,
            "known_text": self.known.text,
            "known_language": self.known.language,
            "verdict": self.known.verdict,
            "url": self.known.url,
            "similarity": round(self.similarity, 4),
            "rank": self.rank,
        }


class KnownIndex:
    """Known claims and their vectors, ready to be matched against."""

    def __init__(self, claims: Sequence[KnownClaim], vectors: Embed | None = None) -> None:
        """Embed the known claims.

        Args:
            claims: The known claims (:func:`slant.claims.known.read_known`).
            vectors: Texts to L2-normalised vectors (default: the encoder's ``embed``; raises
                :class:`slant.errors.MissingDependency` without ``slant[accurate]``).
        """
        if vectors is None:
            from slant.encoder.vectors import embed, require_available

            require_available()
            vectors = embed
        self.claims = list(claims)
        self.embed: Embed = vectors
        self.matrix = _vectors(vectors, [claim.text for claim in self.claims])

    def search(self, queries: np.ndarray, threshold: float, top: int = 1) -> list[list[tuple[int, float]]]:
        """For each query vector, the known claims (index, cosine) at or above ``threshold``,
        most alike first, at most ``top`` of them; chunked over the known claims."""
        best_index = np.full((len(queries), top), -1, dtype=np.int64)
        best_score = np.full((len(queries), top), -np.inf, dtype=np.float32)
        for first in range(0, len(self.matrix), KNOWN_CHUNK):
            scores = queries @ self.matrix[first : first + KNOWN_CHUNK].T
            keep = min(top, scores.shape[1])
            part = np.argpartition(-scores, keep - 1, axis=1)[:, :keep]
            index = np.concatenate((best_index, part + first), axis=1)
            score = np.concatenate((best_score, np.take_along_axis(scores, part, axis=1)), axis=1)
            order = np.argsort(-score, axis=1, kind="stable")[:, :top]
            best_index = np.take_along_axis(index, order, axis=1)
            best_score = np.take_along_axis(score, order, axis=1)
        return [
            [(int(i), float(s)) for i, s in zip(row_i, row_s, strict=True) if i >= 0 and s >= threshold]
            for row_i, row_s in zip(best_index.tolist(), best_score.tolist(), strict=True)
        ]


def match_claims(
    batches: Iterable[Sequence[ClaimSpan]],
    index: KnownIndex,
    *,
    threshold: float = MATCH_COSINE,
    top: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Match]:
    """Match batches of store claims against the known claims.

    Args:
        batches: Claim spans, a batch at a time (:func:`store_claims`).
        index: The known claims and their vectors.
        threshold: Minimum cosine for a match.
        top: At most this many known claims per store claim.
        progress: Called with the number of claims of each batch once it is matched.

    Yields:
        Matches, in the order of the claims, then most alike first.
    """
    for batch in batches:
        if not batch:
            continue
        queries = _vectors(index.embed, [claim.text for claim in batch])
        for claim, found in zip(batch, index.search(queries, threshold, top), strict=True):
            for rank, (known, score) in enumerate(found, 1):
                yield Match(claim, index.claims[known], score, rank)
        if progress is not None:
            progress(len(batch))


def _claims_query(store: Store, filters: CorpusFilter, hidden: bool) -> tuple[Any, Any]:
    """The FROM clause and WHERE condition of the claim spans under ``filters``."""
    docs, spans = schema.documents, schema.spans
    where = and_(
        spans.c.layer == "claim", filters.where(store), store.shown(spans, hidden), filters.spans_where(spans)
    )
    return spans.join(docs, docs.c.id == spans.c.document_id), where


def count_store_claims(store: Store, filters: CorpusFilter | None = None, *, hidden: bool = False) -> int:
    """How many claim spans :func:`store_claims` yields with the same arguments."""
    joined, where = _claims_query(store, filters or CorpusFilter(), hidden)
    with store.engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(joined).where(where)).scalar() or 0)


def store_claims(
    store: Store, filters: CorpusFilter | None = None, *, hidden: bool = False, batch: int = BATCH
) -> Iterator[list[ClaimSpan]]:
    """Stream the store's claim spans in batches, in span id order (keyset pages, so millions
    of spans never sit in memory at once).

    Args:
        store: The store.
        filters: Outlet, language, date range, technique, actor, min_score (the corpus views'
            filters; ``published_from`` is "since").
        hidden: Also claims kept below their display threshold.
        batch: Claims per batch.

    Yields:
        Lists of at most ``batch`` claims.
    """
    docs, spans = schema.documents, schema.spans
    joined, where = _claims_query(store, filters or CorpusFilter(), hidden)
    columns = (
        spans.c.id,
        spans.c.document_id,
        spans.c.start,
        spans.c.end,
        span_snippet(store, spans, CLAIM_CHARS),
        docs.c.language,
        docs.c.outlet,
        docs.c.published,
    )
    last = -1
    while True:
        query = (
            select(*columns)
            .select_from(joined)
            .where(where & (spans.c.id > last))
            .order_by(spans.c.id)
            .limit(batch)
        )
        with store.engine.connect() as connection:
            rows = connection.execute(query).all()
        if not rows:
            return
        yield [ClaimSpan(int(r[0]), r[1], int(r[2]), int(r[3]), r[4] or "", r[5], r[6], r[7]) for r in rows]
        last = int(rows[-1][0])


def _vectors(embed: Embed, texts: list[str]) -> np.ndarray:
    """Vectors of ``texts`` as a float32 matrix, each row L2-normalised."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    matrix = np.asarray(embed(texts), dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)
