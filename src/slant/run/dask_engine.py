"""The same pipeline on a Dask cluster: partitions of the input analysed on workers, then stored.

The task graph carries partitions (paths and byte offsets, :mod:`slant.ingest.partitions`), never
texts: each task reads its partition on the worker, analyses it with the worker's pipeline (built
once per worker process and kept: models load once, not once per task) and writes its output into
the parts folder (:mod:`slant.run.parts`), which every worker and the client must see (one machine,
or a shared file system). A partition whose output is complete is skipped on a rerun, so a failed
or killed job resumes where it was. The client then reads finished partitions in input order and
puts them through the run engine (:mod:`slant.run.engine`) with the pass-through executor: the same
run record, unchanged check, failure recording and summary as ``slant analyze`` on one machine.

Faults: a document an analyzer raises on becomes a failure row of its partition; a worker killed
mid-task is replaced by its nanny and the task rerun elsewhere (partitions are written atomically,
so nothing is kept twice); a partition Dask gives up on (its worker died ``allowed-failures``
times, Dask's setting, 3) is tried once more on its own, and if that fails too it is reported as
one failure naming its input range, and the rest of the job goes on.
"""

from __future__ import annotations

import json
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document
from slant.errors import ConfigError, Failure, MissingDependency, RunError
from slant.ingest.options import ReadOptions
from slant.ingest.partitions import Partition, plan_partitions, read_partition
from slant.run import parts
from slant.run.engine import RunEngine, RunSummary, recordable
from slant.run.executors import Analysed, analyze_one, import_plugins, plugin_modules
from slant.store.database import Store

PARTITION_SIZE = 1000
"""Documents per partition by default: ~1-3 minutes of work per task on one core with the fast
tier, and 1,000 tasks for a million documents: small enough a graph for one scheduler."""

_SCHEDULER = re.compile(r"^(tcp|tls)://[A-Za-z0-9.\-\[\]:]+:\d{1,5}$")

_PIPELINES: dict[str, Pipeline] = {}
_PIPELINE_LOCK = threading.Lock()


def _worker_pipeline(config: dict[str, Any], modules: tuple[str, ...]) -> Pipeline:
    """This worker process's pipeline for ``config``, built on its first task and kept."""
    key = json.dumps(config, sort_keys=True)
    with _PIPELINE_LOCK:
        if key not in _PIPELINES:
            os.environ.setdefault("OMP_NUM_THREADS", "1")
            import_plugins(modules)
            _PIPELINES[key] = Pipeline(PipelineConfig.from_dict(config))
        return _PIPELINES[key]


def analyze_partition(
    part: Partition,
    options: ReadOptions,
    config: dict[str, Any],
    modules: tuple[str, ...],
    folder: str,
    fmt: str,
) -> dict[str, Any]:
    """Read, analyse and write one partition on a worker; returns its done record.

    A partition already complete in ``folder`` is not done again (``skipped``)."""
    out = Path(folder)
    done = parts.done_path(out, part.name)
    if done.is_file():
        return {**json.loads(done.read_text(encoding="utf-8")), "skipped": True}
    analyse = _locked(_worker_pipeline(config, modules))
    started = time.perf_counter()
    failures: list[Failure] = []

    def analysed() -> Iterator[Document]:
        for item in read_partition(part, options):
            result = item if isinstance(item, Failure) else analyze_one(analyse, item)
            if isinstance(result, Failure):
                failures.append(recordable(result))
            else:
                yield result

    def info() -> dict[str, Any]:
        return {
            "seconds": round(time.perf_counter() - started, 3),
            "worker": f"{socket.gethostname()}:{os.getpid()}",
        }

    return parts.write_partition(out, part.name, analysed(), failures, fmt, info)


def _locked(pipeline: Pipeline) -> Callable[[Document], Document]:
    """The pipeline, one document at a time per process: a worker run with several threads shares
    one pipeline (one copy of the models), and analyzers are not written for concurrent use."""

    def call(doc: Document) -> Document:
        with _PIPELINE_LOCK:
            return pipeline(doc)

    return call


@dataclass
class DaskRun:
    """What a Dask job did beyond the run summary: partitions done, skipped and lost."""

    partitions: int = 0
    skipped: int = 0
    lost: list[str] = field(default_factory=list)
    documents: int = 0
    summary: RunSummary | None = None


def check_scheduler(address: str) -> str:
    """A scheduler address as ``tcp://host:port`` (or ``tls://``); ConfigError otherwise."""
    if not _SCHEDULER.match(address):
        raise ConfigError(f"--scheduler must look like tcp://host:8786, not {address[:80]!r}")
    return address


def _client(scheduler: str | None, workers: int) -> tuple[Any, Any]:
    """A distributed Client on the given scheduler, or on a new LocalCluster (returned to close)."""
    # Dask logs every worker's start and stop at INFO on stderr, over the progress bar; warnings
    # and errors are what a user of slant needs. The workers it spawns read this too.
    quiet = "DASK_LOGGING__DISTRIBUTED" not in os.environ  # unless the user chose a level
    if quiet:
        os.environ["DASK_LOGGING__DISTRIBUTED"] = "warning"
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise MissingDependency("--engine dask needs Dask: pip install 'slant[dask]'") from None
    if scheduler:
        try:
            return Client(check_scheduler(scheduler), timeout="20s"), None
        except OSError as exc:
            raise RunError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
    # One single-threaded process per worker: analysis holds the GIL, and each process keeps one
    # copy of the models. The scheduler's HTTP server (health and metrics; the dashboard needs
    # bokeh) always runs: on a free port of the loopback address, not 8787 on every interface.
    if quiet:
        logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    return Client(cluster), cluster


def run_dask(
    paths: Sequence[str],
    folder: Path,
    config: PipelineConfig,
    options: ReadOptions,
    *,
    store: Store | None,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = PARTITION_SIZE,
    fmt: str = "jsonl",
    progress: Callable[[DaskRun, RunSummary | None], None] | None = None,
) -> DaskRun:
    """Analyse ``paths`` on a Dask cluster into partitions in ``folder``; load them into ``store``
    (when given) through the run engine as they finish, in input order.

    Raises:
        ConfigError: a bad scheduler address, stdin as input, or a folder holding another run.
        RunError: the scheduler cannot be reached.
    """
    if fmt not in parts.FORMATS:
        raise ConfigError(f"--out-format must be one of {', '.join(parts.FORMATS)}, not {fmt!r}")
    if scheduler:
        check_scheduler(scheduler)
    engine = RunEngine(store, config, executor=Analysed()) if store is not None else None
    modules = plugin_modules(Pipeline(config))  # also checks the config before a cluster starts
    plan = plan_partitions(paths, options, partition_size)
    parts.write_run(
        folder,
        {
            "inputs": [str(p) for p in paths],
            "pipeline": config.to_dict(),
            "partition_size": partition_size,
            "format": fmt,
            "options": _options(options),
            "partitions": len(plan),
        },
    )
    job = DaskRun(partitions=len(plan))
    client, cluster = _client(scheduler, workers)
    try:
        task = {
            "options": options,
            "config": config.to_dict(),
            "modules": modules,
            "folder": str(folder.resolve()),
            "fmt": fmt,
        }
        futures = client.map(
            analyze_partition,
            plan,
            **task,
            key=[f"slant-{part.name}-{os.getpid()}-{id(job)}" for part in plan],
            pure=False,
        )

        def again(part: Partition) -> Any:
            return client.submit(
                analyze_partition, part, **task, key=f"slant-{part.name}-again-{id(job)}", pure=False
            )

        if engine is None:
            for _ in _finished(plan, futures, again, folder, job, progress, None):
                pass
        else:
            holder: dict[str, RunSummary] = {}

            def report(summary: RunSummary) -> None:
                holder["summary"] = summary
                if progress:
                    progress(job, summary)

            items = _finished(plan, futures, again, folder, job, progress, holder)
            job.summary = engine.run(
                items, inputs=[str(p) for p in paths], command="analyze", progress=report
            )
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return job


def _finished(
    plan: list[Partition],
    futures: list[Any],
    again: Callable[[Partition], Any],
    folder: Path,
    job: DaskRun,
    progress: Callable[[DaskRun, RunSummary | None], None] | None,
    holder: dict[str, RunSummary] | None,
) -> Iterator[Document | Failure]:
    """Failures and documents of each partition in input order, as its task finishes.

    A partition whose task failed is tried once more, alone (``again``; the retries run one at a
    time, in order): Dask gives up on every task that was on a worker each time it died, so a
    partition can be lost beside one that kills its workers without being at fault. Failing again
    (its own documents kill workers, say) it is one failure naming its input."""
    for part, future in zip(plan, futures, strict=True):
        try:
            try:
                record = future.result()
            except Exception:  # KilledWorker, or a bug outside the per-document guard
                record = again(part).result()
        except Exception as exc:
            reason = f"partition {part.name} was not analysed: {type(exc).__name__}: {exc}"
            job.lost.append(part.name)
            yield Failure(describe(part), reason)
        else:
            job.skipped += bool(record.get("skipped"))
            job.documents += int(record.get("documents", 0))
            yield from parts.read_partition_output(folder, part.name)
        if progress:
            progress(job, holder.get("summary") if holder else None)


def describe(part: Partition) -> str:
    """Where a partition's input is: the file and lines, or its files."""
    if part.path is not None:
        return f"{part.path}:{part.first_line}+"
    names = [source for source, _ in part.files]
    return names[0] + (f" and {len(names) - 1} more files" if len(names) > 1 else "") if names else part.name


def _options(options: ReadOptions) -> dict[str, Any]:
    """The read options as JSON reads them back (tuples as lists), recorded with the parts."""
    return json.loads(json.dumps(options.to_dict()))


def load(folder: Path, store: Store, progress: Callable[[RunSummary], None] | None = None) -> RunSummary:
    """Store the complete partitions of a parts folder through the run engine (``slant load``):
    documents already stored with the same text are left as they are, so loading twice, or after
    an interrupted load, stores each document once."""
    description = parts.read_run(folder)
    config = PipelineConfig.from_dict(description["pipeline"])
    engine = RunEngine(store, config, executor=Analysed())
    return engine.run(parts.read_parts(folder), inputs=[str(folder)], command="load", progress=progress)
