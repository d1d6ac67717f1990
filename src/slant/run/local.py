"""Run the pipeline over a stream of documents on this machine, into a store.

The main process reads inputs and writes to the store; analysis runs in
``workers`` processes (or in-process for one worker). Inputs stream in
batches with a bounded number in flight, so memory stays flat however large
the corpus. Documents already stored with the same text are not analysed
again, which is what makes a killed run resumable.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document, Span
from slant.errors import Failure, RunError
from slant.ingest.sidecar import Metadata
from slant.store.database import Store, WriteResult
from slant.store.export import write_jsonl

BATCH_SIZE = 32
"""Documents per batch: large enough that a store transaction and a trip to a
worker process cost little per document, small enough to keep progress smooth."""

IN_FLIGHT_PER_WORKER = 3
"""Batches queued per worker: keeps workers busy while the main process writes."""

WATCHDOG_SECONDS = 1.0
"""How often a worker checks that the run's main process is still alive."""

FAILURES_KEPT = 200
"""Failures kept in memory for the closing summary; all are stored."""

REASON_CHARS = 500
"""Longest failure reason stored: room for a clear message, never for input quoted back."""

_SURROGATE = re.compile("[\ud800-\udfff]")


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


_WORKER_PIPELINE: Pipeline | None = None


def _exit_with(main_pid: int) -> None:
    """Watch the main process and end this worker when it is gone (killed with
    SIGKILL, say): nothing else would, and the worker would idle on forever."""
    while True:
        time.sleep(WATCHDOG_SECONDS)
        try:
            os.kill(main_pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # the pid was reused by another user's process
            os._exit(1)


def _init_worker(config: PipelineConfig, modules: tuple[str, ...], main_pid: int) -> None:
    global _WORKER_PIPELINE
    # Parallelism comes from the worker processes; OpenMP threads inside each (the encoder's)
    # would only fight over the same cores. Read when such a library first loads, so set it now.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threading.Thread(target=_exit_with, args=(main_pid,), daemon=True, name="slant-watchdog").start()
    # Analyzers registered outside slant (a plugin, a user's module) register
    # when their module is imported; a fresh worker must import them first.
    for module in modules:
        importlib.import_module(module)
    _WORKER_PIPELINE = Pipeline(config)


def analyze_one(pipeline: Pipeline, doc: Document) -> Document | Failure:
    """The analysed document, or a Failure saying why the pipeline raised."""
    try:
        return pipeline(doc)
    except Exception as exc:  # an analyzer bug must not lose the batch
        return Failure(
            source=str(doc.meta.get("source") or doc.id),
            reason=f"analysis failed: {type(exc).__name__}: {exc}",
            document_id=doc.id,
        )


def analyze_batch(pipeline: Pipeline, docs: list[Document]) -> tuple[list[Document], list[Failure]]:
    """Analyse each document; one that raises becomes a Failure, the rest go on."""
    results = [analyze_one(pipeline, doc) for doc in docs]
    return [r for r in results if isinstance(r, Document)], [r for r in results if isinstance(r, Failure)]


# Between processes documents travel as plain tuples, and only what analysis
# added comes back: unpickling dataclasses, and receiving each text back when
# it already holds it, is work the main process need not do while it shares
# the two cores with the workers.
WorkItem = tuple[str, str, dict[str, Any]]
SpanTuple = tuple[str, int, int, str | None, float | None, dict[str, Any], str | None]
WorkResult = tuple[dict[str, Any], list[SpanTuple]] | Failure


def _analyze_in_worker(items: list[WorkItem]) -> list[WorkResult]:
    """One result per item, in order: what analysis added, or why it failed."""
    assert _WORKER_PIPELINE is not None, "worker not initialised"
    results: list[WorkResult] = []
    for item in items:
        result = analyze_one(_WORKER_PIPELINE, Document(*item))
        if isinstance(result, Failure):
            results.append(result)
        else:
            spans = [(s.layer, s.start, s.end, s.label, s.score, s.attrs, s.model) for s in result.spans]
            results.append((result.meta, spans))
    return results


def _merge(docs: list[Document], results: list[WorkResult]) -> tuple[list[Document], list[Failure]]:
    """Put what workers added back on the main process's documents."""
    analysed: list[Document] = []
    failures: list[Failure] = []
    for doc, result in zip(docs, results, strict=True):
        if isinstance(result, Failure):
            failures.append(result)
        else:
            doc.meta, spans = result
            doc.spans = [Span(*span) for span in spans]
            analysed.append(doc)
    return analysed, failures


def _recordable(failure: Failure) -> Failure:
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


def _batches(
    items: Iterable[Document | Failure], size: int
) -> Iterator[tuple[list[Document], list[Failure]]]:
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
    pending: Future[list[WorkResult]] | tuple[list[Document], list[Failure]] | None = None


class LocalRunner:
    """Analyse documents into a store with a local process pool.

    Args:
        store: where analyses go.
        config: the pipeline to run.
        workers: analysis processes; 1 analyses in the main process.
        batch_size: documents per batch.
    """

    def __init__(
        self,
        store: Store,
        config: PipelineConfig,
        workers: int = 1,
        batch_size: int = BATCH_SIZE,
        metadata: Metadata | None = None,
    ) -> None:
        self.store = store
        self.metadata = metadata  # analyze --metadata: also merged into unchanged stored documents
        self.config = config
        self.workers = max(1, workers)
        self.batch_size = batch_size
        # Built here even with workers: config errors surface before any input is read.
        self.pipeline = Pipeline(config)

    def run(
        self,
        items: Iterable[Document | Failure],
        *,
        inputs: Sequence[str] = (),
        command: str = "analyze",
        out: Path | None = None,
        progress: Callable[[RunSummary], None] | None = None,
    ) -> RunSummary:
        """Analyse a stream of documents (and failures from reading them).

        Returns a RunSummary; writes Analysis JSONL of every input document to
        ``out`` (atomically, at the end) when given. KeyboardInterrupt is
        recorded as an interrupted run and raised again.
        """
        summary = RunSummary()
        summary.run_id = self.store.start_run(command, list(inputs), self.config.to_dict())
        started = time.perf_counter()
        partial = out.with_name(out.name + ".partial") if out else None
        handle = partial.open("w", encoding="utf-8") if partial else None
        executor = self._executor()
        try:
            try:
                self._run(items, summary, executor, handle, progress, started)
            except BrokenProcessPool:  # raised by submit() or result(), whichever comes first
                raise RunError(
                    "an analysis worker process died (out of memory?); what was finished is "
                    "stored: run the same command again to resume, with fewer --workers if it recurs"
                ) from None
            summary.status = "finished"
        except KeyboardInterrupt:
            summary.status = "interrupted"
            raise
        except BaseException:
            summary.status = "failed"
            raise
        finally:
            if executor:
                executor.shutdown(wait=summary.status == "finished", cancel_futures=True)
            summary.seconds = time.perf_counter() - started
            if handle and partial and out:
                handle.close()
                if summary.status == "finished":
                    os.replace(partial, out)
                else:
                    partial.unlink(missing_ok=True)
            self.store.finish_run(summary.run_id, summary.status, summary.counts)
        return summary

    def _executor(self) -> ProcessPoolExecutor | None:
        if self.workers == 1:
            return None
        # forkserver: no fork of a process holding database connections and threads.
        context = multiprocessing.get_context("forkserver")
        # __main__ is re-imported by multiprocessing itself, as __mp_main__.
        modules = tuple(
            dict.fromkeys(m for s in self.pipeline.specs if (m := s.factory.__module__) != "__main__")
        )
        return ProcessPoolExecutor(
            self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.config, modules, os.getpid()),
        )

    def _run(
        self,
        items: Iterable[Document | Failure],
        summary: RunSummary,
        executor: ProcessPoolExecutor | None,
        handle: IO[str] | None,
        progress: Callable[[RunSummary], None] | None,
        started: float,
    ) -> None:
        queue: deque[_Batch] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for docs, failures in _batches(items, self.batch_size):
            batch = self._prepare(docs, failures)
            if executor and batch.work:
                work = [(d.id, d.text, d.meta) for d in batch.work]
                batch.pending = executor.submit(_analyze_in_worker, work)
            elif batch.work:
                batch.pending = analyze_batch(self.pipeline, batch.work)
            queue.append(batch)
            while len(queue) > (limit if executor else 0):
                self._finish(queue.popleft(), summary, handle, progress, started)
        while queue:
            self._finish(queue.popleft(), summary, handle, progress, started)

    def _prepare(self, docs: list[Document], failures: list[Failure]) -> _Batch:
        stored = self.store.known([d.id for d in docs])
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
                self.store.merge_metadata(updates)
        return _Batch(order=[d.id for d in docs], unchanged=unchanged, work=work, failures=failures)

    def _finish(
        self,
        batch: _Batch,
        summary: RunSummary,
        handle: IO[str] | None,
        progress: Callable[[RunSummary], None] | None,
        started: float,
    ) -> None:
        pending = batch.pending
        if isinstance(pending, Future):
            analysed, failures = _merge(batch.work, pending.result())
        else:
            analysed, failures = pending or ([], [])
        result = self.store.write(summary.run_id, analysed) if analysed else WriteResult()
        result.unchanged += batch.unchanged
        failures = [_recordable(f) for f in batch.failures + failures + result.failures]
        self.store.add_failures(summary.run_id, failures)
        summary.add_failures(failures)
        summary.analysed += len(result.analysed)
        summary.updated += len(result.updated)
        summary.unchanged += len(result.unchanged)
        summary.seen += len(batch.order) + len(batch.failures)
        if handle:
            self._write_out(handle, batch, analysed, result, failures)
        summary.seconds = time.perf_counter() - started
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


def analyze_documents(
    docs: Iterable[Document | Failure],
    store: Store,
    config: PipelineConfig | None = None,
    **kwargs: Any,
) -> RunSummary:
    """Analyse documents into a store with one worker (a convenience for Python users)."""
    return LocalRunner(store, config or PipelineConfig()).run(docs, **kwargs)
