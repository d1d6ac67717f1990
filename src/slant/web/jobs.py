"""Background analysis jobs: ``POST /api/analyze`` queues one, a worker thread runs it.

One worker runs the jobs one at a time, so the pipeline (whose first use loads
the models: seconds) is built once and never used by two threads at once.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fastapi import HTTPException

from slant.analyze.pipeline import PipelineConfig
from slant.document import Document
from slant.errors import SlantError
from slant.run.engine import RunEngine
from slant.run.executors import InProcess
from slant.store.database import Store

LOGGER = logging.getLogger(__name__)
KEEP_JOBS = 1000
"""Finished jobs remembered (the oldest are forgotten first)."""
KEEP_TRIALS = 20
"""Results of analyses not kept in the store, held in memory for their page (the oldest dropped)."""
MAX_QUEUED = 50
"""Analyses and uploads waiting for the worker, at most: more are refused with 429 (one worker
runs them in turn, so a longer queue only grows memory and waiting time)."""


@dataclass
class Job:
    """One analysis request and how far it got."""

    id: str
    status: str = "queued"  # queued | running | done | failed
    stage: str = "queued"
    progress: float = 0.0
    document_id: str | None = None
    error: str | None = None
    keep: bool = True
    #: The analysed document of a job that does not store it (``keep`` false), while remembered.
    result: Document | None = None
    created: float = field(default_factory=time.time)
    finished: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The job as the API shows it."""
        return {
            "id": self.id,
            "status": self.status,
            "stage": self.stage,
            "progress": round(self.progress, 3),
            "document_id": self.document_id,
            "error": self.error,
            "kept": self.keep,
        }

    def fail(self, exc: Exception, log: logging.Logger, what: str = "analysis job") -> None:
        """Mark the job failed: a SlantError's message is for the client; anything else is a bug or a
        broken model, logged with its traceback (call this inside the ``except``) and never shown."""
        if isinstance(exc, SlantError):
            message = str(exc)
        else:
            log.exception("%s %s failed", what, self.id)
            message = "internal error while analysing; see the server log"
        self.status, self.stage, self.error = "failed", "failed", message


J = TypeVar("J", bound=Job)


class JobRunner:
    """Runs analysis jobs in one background thread and keeps their state."""

    def __init__(self, store: Store, pipeline: Sequence[str] | PipelineConfig | None = None) -> None:
        self.store = store
        #: What every job runs: analyzer names or a whole config (``slant serve --config``), as
        #: ``slant analyze`` would; runs record it as ``slant analyze`` does.
        if isinstance(pipeline, PipelineConfig):
            self.config = pipeline
        else:
            self.config = PipelineConfig(tuple(pipeline)) if pipeline else PipelineConfig()
        self._engine: RunEngine | None = None
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="slant-analyze")

    def admit(self) -> None:
        """Refuse new work (HTTP 429, with Retry-After) while :data:`MAX_QUEUED` jobs wait."""
        with self._lock:
            waiting = sum(1 for job in self._jobs.values() if job.status == "queued")
        if waiting >= MAX_QUEUED:
            raise HTTPException(
                429,
                f"{waiting} analyses are already waiting; try again in a minute",
                headers={"Retry-After": "60"},
            )

    def submit(self, doc: Document, keep: bool = True) -> Job:
        """Queue a document for analysis; returns its job. ``keep`` false: analysed, never stored.
        HTTP 429 when the queue is full (:meth:`admit`)."""
        self.admit()
        job = self.remember(Job(id=uuid.uuid4().hex, keep=keep))
        self.schedule(self._run, job, doc)
        return job

    def remember(self, job: J) -> J:
        """Keep a job for ``GET /api/jobs/{id}``, forgetting the oldest beyond KEEP_JOBS."""
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP_JOBS:
                self._jobs.popitem(last=False)
        return job

    def schedule(self, task: Callable[..., None], *args: Any) -> Future[None]:
        """Run a task on the single worker thread (so the pipeline is never used by two threads
        at once). RuntimeError once the runner is shut down."""
        return self._executor.submit(task, *args)

    def get(self, job_id: str) -> Job | None:
        """A job by id, or None."""
        with self._lock:
            return self._jobs.get(job_id)

    def shutdown(self) -> None:
        """Stop taking jobs; running ones finish."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    def _hold(self, job: Job, doc: Document) -> None:
        """Keep a trial's result for its page, dropping the oldest beyond KEEP_TRIALS."""
        with self._lock:
            job.result = doc
            held = [j for j in self._jobs.values() if j.result is not None]
            for old in held[: max(0, len(held) - KEEP_TRIALS)]:
                old.result = None

    def engine(self) -> RunEngine:
        """The run engine every job goes through (as ``slant analyze`` does), built on first use
        with an in-process executor: its pipeline, and the models that load on first use, stay."""
        if self._engine is None:
            from slant.analyze.pipeline import Pipeline

            analyser = InProcess(Pipeline(self.config), hide_internals=True)
            self._engine = RunEngine(self.store, self.config, executor=analyser)
        return self._engine

    def _run(self, job: Job, doc: Document) -> None:
        try:
            job.status, job.stage, job.progress = "running", "analysing", 0.2
            engine = self.engine()
            if not job.keep:  # a trial: analysed as a run would, never stored
                assert engine.executor is not None
                analysed, failures = engine.executor.submit([doc])()
                if failures:
                    raise SlantError(failures[0].reason)
                self._hold(job, analysed[0])
                job.document_id = doc.id
                job.status, job.stage, job.progress = "done", "done", 1.0
                return
            summary = engine.run([doc], inputs=[str(doc.meta.get("source"))], command="serve")
            if summary.failures:
                raise SlantError(summary.failures[0].reason)
            job.document_id = doc.id
            # "unchanged": the store held this very text already, so nothing was analysed again.
            job.status, job.progress = "done", 1.0
            job.stage = "unchanged" if summary.unchanged else "done"
        except Exception as exc:
            job.fail(exc, LOGGER)
        finally:
            job.finished = time.time()
