"""The run engine: one loop from a stream of documents to a store, whatever analyses them.

Every way slant analyses into a store goes through :class:`RunEngine`: ``slant
analyze`` (in-process or a local process pool), the web's analyses and uploads,
and ``slant load`` of a Dask run's partitions. The engine owns what must be the
same for all of them: the run record (with the whole pipeline config), the check
that skips documents already stored with the same text (what makes a killed run
resumable), batching with a bounded number of batches in flight (flat memory),
failure recording (reasons capped, never the input quoted back), ``--out``
writing and the summary. Executors (:mod:`slant.run.executors`) only analyse.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, ParamSpec, TypeVar

from sqlalchemy.exc import OperationalError

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document
from slant.errors import Failure, RunError, StoreUnavailable
from slant.ingest.sidecar import Metadata
from slant.run.executors import Executor, InProcess, Pending, ProcessPool
from slant.store.database import Store, WriteResult
from slant.store.export import write_jsonl

BATCH_SIZE = 32
"""Documents per batch: large enough that a store transaction and a trip to a
worker process cost little per document, small enough to keep progress smooth."""

FAILURES_KEPT = 200
"""Failures kept in memory for the closing summary; all are stored."""

REASON_CHARS = 500
"""Longest failure reason stored: room for a clear message, never for input quoted back."""

RECONNECT_SECONDS = 120.0
"""How long a run waits for a database that stopped answering (a PostgreSQL restart, a SQLite
file locked by another writer) before it stops; each store call is retried meanwhile."""

_SURROGATE = re.compile("[\ud800-\udfff]")
LOGGER = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class RunSummary:
    """Counts of what a run did, and the first failures."""

    run_id: int | None = None
    analysed: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    seen: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "running"

    @property
    def counts(self) -> dict[str, int]:
        """The counts as a dict (stored with the run)."""
        return {
            "analysed": self.analysed,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "failed": self.failed,
        }

    def add_failures(self, failures: Iterable[Failure]) -> None:
        """Count failures, keeping the first few for display."""
        for failure in failures:
            self.failed += 1
            if len(self.failures) < FAILURES_KEPT:
                self.failures.append(failure)


@dataclass
class BatchReport:
    """What one batch came to, for callers that list documents (the web's upload jobs)."""

    stored: list[Document]
    """Documents analysed and written now (new or updated)."""
    unchanged: list[str]
    """Ids of documents already stored with the same text."""
    failures: list[Failure]
    """Failures of the batch: reading, analysing or storing, as recorded."""


def recordable(failure: Failure) -> Failure:
    """A failure the store can hold and a person can read: the reason cut to REASON_CHARS, so
    that no input's content, however large, is stored as a message, and any lone surrogate
    (from a file name that is not UTF-8, say) replaced, as the store cannot encode one."""
    reason = failure.reason
    if len(reason) > REASON_CHARS:
        reason = reason[: REASON_CHARS - 1] + "…"
    fields = (failure.source, reason, failure.location, failure.document_id)
    if any(value and _SURROGATE.search(value) for value in fields):
        fields = tuple(value and _SURROGATE.sub("\ufffd", value) for value in fields)  # type: ignore[assignment]
    return (
        failure
        if fields == (failure.source, failure.reason, failure.location, failure.document_id)
        else Failure(*fields)
    )


def batches(items: Iterable[Document | Failure], size: int) -> Iterator[tuple[list[Document], list[Failure]]]:
    """The stream cut into (documents, failures) groups of at most ``size`` of either."""
    docs: list[Document] = []
    failures: list[Failure] = []
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            docs.append(item)
        if len(docs) >= size or len(failures) >= size:
            yield docs, failures
            docs, failures = [], []
    if docs or failures:
        yield docs, failures


@dataclass
class _Batch:
    """One batch on its way: what must be analysed, and what is already known."""

    order: list[str]
    unchanged: list[str]
    work: list[Document]
    failures: list[Failure]
    pending: Pending | None = None


class RunEngine:
    """Analyse a stream of documents into a store, recording the run.

    Args:
        store: where analyses go.
        config: the pipeline to run (recorded with the run).
        workers: analysis processes when no executor is given; 1 analyses in this process.
        executor: what analyses (kept across runs, closed by its owner); default: a new
            in-process executor or process pool per run, after ``workers``.
        batch_size: documents per batch.
        metadata: ``analyze --metadata``'s table, also merged into unchanged stored documents.
    """

    def __init__(
        self,
        store: Store,
        config: PipelineConfig,
        workers: int = 1,
        *,
        executor: Executor | None = None,
        batch_size: int = BATCH_SIZE,
        metadata: Metadata | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.workers = max(1, workers)
        self.executor = executor
        self.batch_size = batch_size
        self.metadata = metadata
        # Built here even with workers, so that config errors surface before any input is read;
        # an executor that was given has its own (or needs none: documents analysed elsewhere).
        self.pipeline = Pipeline(config) if executor is None else None

    def run(
        self,
        items: Iterable[Document | Failure],
        *,
        inputs: Sequence[str] = (),
        command: str = "analyze",
        out: Path | None = None,
        progress: Callable[[RunSummary], None] | None = None,
        on_batch: Callable[[BatchReport], None] | None = None,
    ) -> RunSummary:
        """Analyse a stream of documents (and failures from reading them).

        Returns a RunSummary; writes Analysis JSONL of every input document to ``out``
        (atomically, at the end) when given; calls ``progress`` after each batch with the
        summary so far and ``on_batch`` with what the batch came to. KeyboardInterrupt is
        recorded as an interrupted run and raised again; any other error as a failed run.
        """
        summary = RunSummary()
        summary.run_id = self._stored(self.store.start_run, command, list(inputs), self.config.to_dict())
        started = time.perf_counter()
        partial = out.with_name(out.name + ".partial") if out else None
        handle = partial.open("w", encoding="utf-8") if partial else None
        executor = self.executor
        owned = executor is None
        try:
            try:
                if executor is None:
                    executor = self._new_executor()
                self._run(items, summary, executor, handle, progress, on_batch, started)
                summary.status = "finished"
            except KeyboardInterrupt:
                summary.status = "interrupted"
                raise
            except BaseException:
                summary.status = "failed"
                raise
        finally:
            if owned and executor is not None:
                executor.close(summary.status == "finished")
            summary.seconds = time.perf_counter() - started
            if handle and partial and out:
                handle.close()
                if summary.status == "finished":
                    os.replace(partial, out)
                else:
                    partial.unlink(missing_ok=True)
            self._stored(self.store.finish_run, summary.run_id, summary.status, summary.counts)
        return summary

    def _stored(self, call: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """A store call, retried while the database does not answer, for up to RECONNECT_SECONDS.
        Each call is one transaction, so a retry never stores a document twice."""
        deadline = time.monotonic() + RECONNECT_SECONDS
        wait = 0.5
        while True:
            try:
                return call(*args, **kwargs)
            except (StoreUnavailable, OperationalError) as exc:
                if time.monotonic() + wait > deadline:
                    raise RunError(
                        f"the database did not answer for {RECONNECT_SECONDS:.0f} s "
                        f"({str(exc).strip().splitlines()[0][:200]}); what was stored is kept: run the "
                        "same command again to resume"
                    ) from exc
                LOGGER.warning("database not answering (%s); retrying in %.1f s", type(exc).__name__, wait)
                time.sleep(wait)
                wait = min(wait * 2, 5.0)

    def _new_executor(self) -> Executor:
        assert self.pipeline is not None  # built in __init__ whenever no executor was given
        return InProcess(self.pipeline) if self.workers == 1 else ProcessPool(self.pipeline, self.workers)

    def _run(
        self,
        items: Iterable[Document | Failure],
        summary: RunSummary,
        executor: Executor,
        handle: IO[str] | None,
        progress: Callable[[RunSummary], None] | None,
        on_batch: Callable[[BatchReport], None] | None,
        started: float,
    ) -> None:
        queue: deque[_Batch] = deque()
        for docs, failures in batches(items, self.batch_size):
            batch = self._prepare(docs, failures)
            if batch.work:
                batch.pending = executor.submit(batch.work)
            queue.append(batch)
            while len(queue) > executor.in_flight:
                self._finish(queue.popleft(), summary, handle, progress, on_batch, started)
        while queue:
            self._finish(queue.popleft(), summary, handle, progress, on_batch, started)

    def _prepare(self, docs: list[Document], failures: list[Failure]) -> _Batch:
        stored = self._stored(self.store.known, [d.id for d in docs])
        unchanged: list[str] = []
        work: list[Document] = []
        seen: dict[str, str] = {}
        for doc in docs:
            sha = stored.get(doc.id, (None, None))[0]
            if sha == doc.sha256 or seen.get(doc.id) == doc.sha256:
                unchanged.append(doc.id)
            else:
                work.append(doc)
            seen[doc.id] = doc.sha256
        if self.metadata and unchanged:
            table = self.metadata.rows
            if updates := {i: table[i] for i in unchanged if i in table}:
                self._stored(self.store.merge_metadata, updates)
        return _Batch(order=[d.id for d in docs], unchanged=unchanged, work=work, failures=failures)

    def _finish(
        self,
        batch: _Batch,
        summary: RunSummary,
        handle: IO[str] | None,
        progress: Callable[[RunSummary], None] | None,
        on_batch: Callable[[BatchReport], None] | None,
        started: float,
    ) -> None:
        analysed, failures = batch.pending() if batch.pending else ([], [])
        result = self._stored(self.store.write, summary.run_id, analysed) if analysed else WriteResult()
        result.unchanged += batch.unchanged
        failures = [recordable(f) for f in batch.failures + failures + result.failures]
        self._stored(self.store.add_failures, summary.run_id, failures)
        summary.add_failures(failures)
        summary.analysed += len(result.analysed)
        summary.updated += len(result.updated)
        summary.unchanged += len(result.unchanged)
        summary.seen += len(batch.order) + len(batch.failures)
        if handle:
            self._write_out(handle, batch, analysed, result, failures)
        summary.seconds = time.perf_counter() - started
        if on_batch:
            written = set(result.analysed) | set(result.updated)
            stored = [d for d in analysed if d.id in written]
            on_batch(BatchReport(stored=stored, unchanged=list(result.unchanged), failures=failures))
        if progress:
            progress(summary)

    def _write_out(
        self,
        handle: IO[str],
        batch: _Batch,
        analysed: list[Document],
        result: WriteResult,
        failures: list[Failure],
    ) -> None:
        """Write each document of the batch once: as analysed now, or as stored
        when unchanged; never a stored older version of one that failed now."""
        failed = {f.document_id for f in failures if f.document_id}
        fresh = {d.id: d for d in analysed if d.id not in result.unchanged}
        stored_ids = [i for i in dict.fromkeys(batch.order) if i not in fresh and i not in failed]
        stored = {d.id: d for d in self.store.iter_documents(ids=stored_ids)} if stored_ids else {}
        written: set[str] = set()
        docs: list[Document] = []
        for doc_id in batch.order:
            doc = fresh.get(doc_id) or stored.get(doc_id)
            if doc is not None and doc_id not in written and doc_id not in failed:
                docs.append(doc)
                written.add(doc_id)
        write_jsonl(docs, handle)
