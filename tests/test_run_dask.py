"""The Dask engine against a real local cluster (a scheduler and 2 worker processes): the same
store as the local runner, resumable partitions, poison documents, killed workers, slant load."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")

from distributed import Client, LocalCluster
from typer.testing import CliRunner

from slant.analyze import Annotations, PipelineConfig, register
from slant.cli import app
from slant.document import Document
from slant.ingest import ReadOptions, read_sources
from slant.run import parts
from slant.run.dask_engine import load, run_dask
from slant.run.engine import RunEngine
from slant.store import Store

pytestmark = pytest.mark.slow


@register("test_dask_fragile", requires=("paragraph",), assigns=("dask_fragile",))
def make_fragile() -> object:
    def fragile(doc: Document) -> Annotations:
        if "EXPLODE" in doc.text:
            raise RuntimeError("cannot handle this text")
        return Annotations()

    return fragile


@register("test_dask_slow", requires=("paragraph",), assigns=("dask_slow",))
def make_slow() -> object:
    def slow(doc: Document) -> Annotations:
        time.sleep(0.15)
        return Annotations()

    return slow


@register("test_dask_deadly", requires=("paragraph",), assigns=("dask_deadly",))
def make_deadly() -> object:
    def deadly(doc: Document) -> Annotations:
        if "DIE" in doc.text:
            os._exit(9)  # what the kernel's out-of-memory killer does to a worker
        return Annotations()

    return deadly


CORE = ("paragraphs", "language", "sentences")
FRAGILE = PipelineConfig((*CORE, "techniques", "test_dask_fragile"), {"techniques": {"tier": "fast"}})
SLOW = PipelineConfig((*CORE, "test_dask_slow"))
DEADLY = PipelineConfig((*CORE, "test_dask_deadly"))
OPTIONS = ReadOptions()

ARTICLES = [
    (
        "en",
        "The harbour authority doubled the fees overnight. Fishermen called it a disgrace and a betrayal.",
    ),
    ("sv", "Hamnstyrelsen fördubblade avgifterna över en natt. Fiskarna kallade det en skandal."),
    ("fr", "Le port a doublé ses tarifs du jour au lendemain. Les pêcheurs parlent d'une trahison."),
    ("de", "Die Hafenbehörde hat die Gebühren über Nacht verdoppelt. Die Fischer sprechen von Verrat."),
    ("ru", "Администрация порта за одну ночь удвоила сборы. Рыбаки назвали это предательством."),
]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    """A scheduler and two single-threaded worker processes (with nannies, which restart them)."""
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address="127.0.0.1:0"
    ) as local:
        yield local


def write_corpus(folder: Path, n: int = 30, poison: bool = True) -> list[str]:
    """A JSONL file (with a broken line and, if ``poison``, a document that breaks an analyzer) and a
    folder of text files; returns the paths to analyse."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for i in range(n):
        language, text = ARTICLES[i % len(ARTICLES)]
        lines.append(json.dumps({"id": f"j{i:03}", "text": f"Report {i}.\n\n{text}", "language": language}))
    lines.insert(7, "{not json")
    if poison:
        lines.insert(12, json.dumps({"id": "boom", "text": "This text will EXPLODE the analyzer."}))
    (folder / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    texts = folder / "texts"
    texts.mkdir(exist_ok=True)
    for i in range(5):
        (texts / f"t{i}.txt").write_text(f"Letter {i}\n\n{ARTICLES[i][1]}", encoding="utf-8")
    (texts / "empty.txt").write_bytes(b"")
    return [str(folder / "news.jsonl"), str(texts)]


def contents(store: Store) -> dict[str, tuple[str, dict[str, Any], list[tuple[Any, ...]]]]:
    """Every stored document: text, metadata and spans (sorted)."""
    return {
        doc.id: (
            doc.text,
            doc.meta,
            sorted(
                (
                    s.layer,
                    s.start,
                    s.end,
                    s.label or "",
                    s.score or 0.0,
                    json.dumps(s.attrs, sort_keys=True),
                    s.model or "",
                )
                for s in doc.spans
            ),
        )
        for doc in store.iter_documents()
    }


def local_result(tmp_path: Path, paths: list[str], config: PipelineConfig) -> tuple[dict[str, Any], set[str]]:
    with Store(str(tmp_path / "local.db")) as store:
        summary = RunEngine(store, config).run(read_sources(paths, OPTIONS))
        return contents(store), {str(f) for f in store.failures(summary.run_id)}


def test_dask_stores_what_the_local_runner_stores_and_a_rerun_skips_every_partition(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "in")
    expected, expected_failures = local_result(tmp_path, paths, FRAGILE)
    out = tmp_path / "parts"
    with Store(str(tmp_path / "dask.db")) as store:
        job = run_dask(
            paths, out, FRAGILE, OPTIONS, store=store, scheduler=cluster.scheduler_address, partition_size=7
        )
        assert job.partitions == 6 and job.skipped == 0 and job.lost == []
        assert job.summary is not None and job.summary.status == "finished"
        assert (job.summary.analysed, job.summary.failed) == (35, 3)
        assert contents(store) == expected  # document for document, span for span
        assert {str(f) for f in store.failures(job.summary.run_id)} == expected_failures
        assert any("EXPLODE" not in f and "analysis failed: RuntimeError" in f for f in expected_failures)

        again = run_dask(
            paths, out, FRAGILE, OPTIONS, store=store, scheduler=cluster.scheduler_address, partition_size=7
        )
        assert again.skipped == 6 and again.summary is not None
        assert (again.summary.analysed, again.summary.unchanged) == (0, 35)
        assert contents(store) == expected


def test_parquet_parts_load_once_however_often_loaded(cluster: LocalCluster, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", poison=False)
    expected, _ = local_result(tmp_path, paths, FRAGILE)
    out = tmp_path / "parts"
    job = run_dask(
        paths, out, FRAGILE, OPTIONS, store=None, scheduler=cluster.scheduler_address, partition_size=10,
        fmt="parquet",
    )  # fmt: skip
    assert job.summary is None and job.partitions == 5
    assert sorted(p.name for p in out.glob("part-00000.*")) == [
        "part-00000.documents.parquet", "part-00000.done.json", "part-00000.failures.jsonl",
        "part-00000.spans.parquet",
    ]  # fmt: skip
    with Store(str(tmp_path / "loaded.db")) as store:
        first = load(out, store)
        second = load(out, store)
        assert (first.analysed, first.failed) == (35, 2)
        assert (second.analysed, second.unchanged) == (0, 35)
        assert contents(store) == expected
        assert [r["command"] for r in store.runs()] == ["load", "load"]


def test_a_folder_of_another_run_is_refused(cluster: LocalCluster, tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", n=5, poison=False)
    out = tmp_path / "parts"
    run_dask(paths, out, PipelineConfig(CORE), OPTIONS, store=None, scheduler=cluster.scheduler_address)
    with pytest.raises(Exception, match="holds partitions of another run"):
        run_dask(paths, out, FRAGILE, OPTIONS, store=None, scheduler=cluster.scheduler_address)


def test_a_worker_killed_mid_task_is_replaced_and_nothing_is_lost_or_duplicated(
    cluster: LocalCluster, tmp_path: Path
) -> None:
    paths = write_corpus(tmp_path / "in", n=40, poison=False)
    expected, _ = local_result(tmp_path, paths, SLOW)
    out = tmp_path / "parts"
    with Client(cluster) as client:
        workers = list(client.run(os.getpid).values())
    killed: list[int] = []

    def kill_one_worker() -> None:
        deadline = time.monotonic() + 120
        while not list(out.glob("*.done.json")) and time.monotonic() < deadline:
            time.sleep(0.02)
        # Both workers are busy by now (12 partitions of ~0.6 s each for 2 workers): mid-task.
        os.kill(workers[0], signal.SIGKILL)
        killed.append(workers[0])

    killer = threading.Thread(target=kill_one_worker)
    killer.start()
    with Store(str(tmp_path / "dask.db")) as store:
        job = run_dask(
            paths, out, SLOW, OPTIONS, store=store, scheduler=cluster.scheduler_address, partition_size=4
        )
        killer.join()
        assert killed, "no worker was running to kill"
        assert job.lost == [] and job.summary is not None
        assert (job.summary.analysed, job.summary.unchanged, job.summary.failed) == (45, 0, 2)
        assert contents(store) == expected
    done = [json.loads(p.read_text()) for p in out.glob("*.done.json")]
    assert sum(d["documents"] for d in done) == 45


def test_a_partition_that_kills_every_worker_fails_alone(tmp_path: Path) -> None:
    import dask

    paths = write_corpus(tmp_path / "in", n=12, poison=False)
    news = Path(paths[0])
    lines = news.read_text(encoding="utf-8").splitlines()
    lines.insert(2, json.dumps({"id": "die", "text": "This text makes the worker DIE."}))
    news.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with (
        dask.config.set({"distributed.scheduler.allowed-failures": 1}),
        Store(str(tmp_path / "d.db")) as store,
    ):
        job = run_dask(
            paths[:1], tmp_path / "parts", DEADLY, OPTIONS, store=store, workers=2, partition_size=5
        )
        assert job.lost == ["part-00000"] and job.summary is not None
        lost = [f for f in job.summary.failures if "part-00000 was not analysed" in f.reason]
        assert len(lost) == 1 and lost[0].source.endswith("news.jsonl:1+")
        assert store.count() == 12 - 4  # the other partitions: lines 6-14, less the broken one


def test_cli_dask_then_load(tmp_path: Path) -> None:
    paths = write_corpus(tmp_path / "in", n=8, poison=False)
    runner = CliRunner()
    out = tmp_path / "parts"
    config = tmp_path / "core.json"
    config.write_text(json.dumps({"pipeline": list(CORE)}), encoding="utf-8")
    db = str(tmp_path / "cli.db")
    common = ["--config", str(config), "-q", "--engine", "dask", "--workers", "2", "--partition-size", "3"]
    result = runner.invoke(app, ["analyze", *paths, "--db", db, "--out", str(out), "--no-load", *common])
    assert result.exit_code == 0, result.output
    assert not Path(db).exists()
    loaded = runner.invoke(app, ["load", str(out), "--db", db, "-q"])
    said = " ".join(loaded.output.split())
    assert loaded.exit_code == 1 and "analysed 13 new documents" in said and "failed 2" in said
    with Store(db) as store:
        assert store.count() == 13
    again = runner.invoke(app, ["load", str(out), "--db", db, "-q"])
    assert "unchanged 13 already in the database" in " ".join(again.output.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask"], "give --out FOLDER"),
        (["--engine", "dask", "--out", "P", "-"], "not standard input"),
        (["--scheduler", "http://evil/", "--out", "P"], "must look like tcp://host:8786"),
        (["--engine", "spark", "--out", "P"], "--engine must be local or dask"),
    ],
)
def test_cli_dask_errors_are_one_clear_line(tmp_path: Path, args: list[str], message: str) -> None:
    paths = write_corpus(tmp_path / "in", n=2, poison=False)
    args = [str(tmp_path / "parts") if a == "P" else a for a in args]
    result = CliRunner().invoke(app, ["analyze", paths[0], "--db", str(tmp_path / "x.db"), *args])
    assert result.exit_code in (2, 3) and message in " ".join(result.output.split()), result.output
    assert not (tmp_path / "parts").exists()


def test_load_refuses_a_folder_that_holds_no_run(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["load", str(tmp_path), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 3 and "not a folder of slant partitions" in " ".join(result.output.split())


def test_a_partition_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    def docs() -> Iterator[Document]:
        yield Document("a", "One.")
        raise KeyboardInterrupt  # the worker is stopped mid-partition

    tmp_path.mkdir(exist_ok=True)
    with pytest.raises(KeyboardInterrupt):
        parts.write_partition(tmp_path, "part-00000", docs(), [], "jsonl", dict)
    assert not parts.is_done(tmp_path, "part-00000")
    assert parts.partition_names(tmp_path) == []
