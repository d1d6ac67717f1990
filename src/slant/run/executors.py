"""Where analysis runs: in the calling process, or in a local pool of worker processes.

An executor takes a batch of documents and hands back, when asked, the analysed
ones and a failure for each document an analyzer raised on; the run engine
(:mod:`slant.run.engine`) does everything else. Dask's executor works on
partitions of the input instead of batches and lives in :mod:`slant.run.dask_engine`.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document, Span
from slant.errors import Failure, RunError, SlantError

LOGGER = logging.getLogger(__name__)

IN_FLIGHT_PER_WORKER = 3
"""Batches queued per worker: keeps workers busy while the main process writes."""

WATCHDOG_SECONDS = 1.0
"""How often a worker checks that the run's main process is still alive."""

Outcome = tuple[list[Document], list[Failure]]
"""The analysed documents of a batch, and a failure for each one that could not be analysed."""

Pending = Callable[[], Outcome]
"""A batch on its way: calling it waits for the outcome."""


class Executor(Protocol):
    """Runs the analysis of batches; the engine collects outcomes in submission order."""

    in_flight: int
    """Batches the engine may leave pending before it collects the oldest (0: collect at once)."""

    def submit(self, docs: list[Document]) -> Pending:
        """Start analysing a batch."""
        ...

    def close(self, finished: bool) -> None:
        """Release the executor's processes; ``finished`` false: cancel what is pending."""
        ...


INTERNAL_ERROR = "internal error while analysing this document; see the server log"


def analyze_one(
    pipeline: Callable[[Document], Document], doc: Document, hide_internals: bool = False
) -> Document | Failure:
    """The analysed document, or a Failure saying why the pipeline raised on it.

    A SlantError's message is the reason; any other exception is an analyzer bug, named in the
    reason, or (``hide_internals``, for a server's clients) logged with its traceback and
    replaced by :data:`INTERNAL_ERROR`."""
    try:
        return pipeline(doc)
    except SlantError as exc:
        reason = str(exc)
    except Exception as exc:  # an analyzer bug on one document must not lose the batch
        if hide_internals:
            LOGGER.exception("analysing %r failed", doc.id)
            reason = INTERNAL_ERROR
        else:
            LOGGER.debug("analysing %r failed", doc.id, exc_info=True)
            reason = f"analysis failed: {type(exc).__name__}: {exc}"
    return Failure(str(doc.meta.get("source") or doc.id), reason, document_id=doc.id)


def analyze_batch(
    pipeline: Callable[[Document], Document], docs: list[Document], hide_internals: bool = False
) -> Outcome:
    """Analyse each document; one that raises becomes a Failure, the rest go on."""
    results = [analyze_one(pipeline, doc, hide_internals) for doc in docs]
    return [r for r in results if isinstance(r, Document)], [r for r in results if isinstance(r, Failure)]


class InProcess:
    """Analyse in the calling process, each batch as it is submitted (``hide_internals``: see
    :func:`analyze_one`)."""

    in_flight = 0

    def __init__(self, pipeline: Callable[[Document], Document], hide_internals: bool = False) -> None:
        self.pipeline = pipeline
        self.hide_internals = hide_internals

    def submit(self, docs: list[Document]) -> Pending:
        outcome = analyze_batch(self.pipeline, docs, self.hide_internals)
        return lambda: outcome

    def close(self, finished: bool) -> None:
        return None


class Analysed:
    """No analysis: the documents come analysed already (``slant load`` of a Dask run's parts)."""

    in_flight = 0

    def submit(self, docs: list[Document]) -> Pending:
        return lambda: (docs, [])

    def close(self, finished: bool) -> None:
        return None


# Between processes documents travel as plain tuples, and only what analysis
# added comes back: unpickling dataclasses, and receiving each text back when
# it already holds it, is work the main process need not do while it shares
# the two cores with the workers.
WorkItem = tuple[str, str, dict[str, Any]]
SpanTuple = tuple[str, int, int, str | None, float | None, dict[str, Any], str | None]
WorkResult = tuple[dict[str, Any], list[SpanTuple]] | Failure

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


def import_plugins(modules: tuple[str, ...]) -> None:
    """Import the modules that register the pipeline's analyzers: those registered outside
    slant (a plugin, a user's module) exist in a fresh process only once imported."""
    for module in modules:
        importlib.import_module(module)


def plugin_modules(pipeline: Pipeline) -> tuple[str, ...]:
    """The modules a fresh process must import to know every analyzer of the pipeline."""
    # __main__ is re-imported by multiprocessing itself, as __mp_main__.
    return tuple(dict.fromkeys(m for s in pipeline.specs if (m := s.factory.__module__) != "__main__"))


def _init_worker(config: PipelineConfig, modules: tuple[str, ...], main_pid: int) -> None:
    global _WORKER_PIPELINE
    # Parallelism comes from the worker processes; OpenMP threads inside each (the encoder's)
    # would only fight over the same cores. Read when such a library first loads, so set it now.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    threading.Thread(target=_exit_with, args=(main_pid,), daemon=True, name="slant-watchdog").start()
    import_plugins(modules)
    _WORKER_PIPELINE = Pipeline(config)


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


def _merge(docs: list[Document], results: list[WorkResult]) -> Outcome:
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


WORKER_DIED = (
    "an analysis worker process died (out of memory?); what was finished is stored: run the same "
    "command again to resume, with fewer --workers if it recurs"
)


class ProcessPool:
    """Analyse in ``workers`` local processes, each with its own pipeline (models loaded once each)."""

    def __init__(self, pipeline: Pipeline, workers: int) -> None:
        self.in_flight = workers * IN_FLIGHT_PER_WORKER
        # forkserver: no fork of a process holding database connections and threads.
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_init_worker,
            initargs=(pipeline.config, plugin_modules(pipeline), os.getpid()),
        )

    def submit(self, docs: list[Document]) -> Pending:
        try:
            future: Future[list[WorkResult]] = self._pool.submit(
                _analyze_in_worker, [(d.id, d.text, d.meta) for d in docs]
            )
        except BrokenProcessPool:
            raise RunError(WORKER_DIED) from None

        def outcome() -> Outcome:
            try:
                return _merge(docs, future.result())
            except BrokenProcessPool:
                raise RunError(WORKER_DIED) from None

        return outcome

    def close(self, finished: bool) -> None:
        self._pool.shutdown(wait=finished, cancel_futures=True)
