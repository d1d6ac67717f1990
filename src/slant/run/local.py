"""Run the pipeline over a stream of documents on this machine, into a store.

The main process reads inputs and writes to the store; analysis runs in
``workers`` processes (or in-process for one worker). This is the run engine
(:mod:`slant.run.engine`) with a local executor; the names here are kept for
Python users of earlier versions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from slant.analyze.pipeline import PipelineConfig
from slant.document import Document
from slant.errors import Failure
from slant.run.engine import BATCH_SIZE, REASON_CHARS, RunEngine, RunSummary
from slant.store.database import Store

LocalRunner = RunEngine
"""The run engine with its default executors: in this process, or a local process pool."""

__all__ = ["BATCH_SIZE", "REASON_CHARS", "LocalRunner", "RunSummary", "analyze_documents"]


def analyze_documents(
    docs: Iterable[Document | Failure],
    store: Store,
    config: PipelineConfig | None = None,
    **kwargs: Any,
) -> RunSummary:
    """Analyse documents into a store with one worker (a convenience for Python users)."""
    return RunEngine(store, config or PipelineConfig()).run(docs, **kwargs)
