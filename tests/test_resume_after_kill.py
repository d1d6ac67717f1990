"""A run killed with SIGKILL mid-batch, started again, loses and duplicates nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document
from slant.store import Store, schema

N = 600
PIPELINE = ["paragraphs", "language", "sentences", "techniques", "sources", "dates"]


def write_corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        for i in range(N):
            text = f"Report {i}\n\n" + " ".join(
                f"Sentence {j} of report {i} says the bridge fell." for j in range(20)
            )
            out.write(json.dumps({"id": f"r{i:04}", "text": text}) + "\n")


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    new = {int(c) for c in children.read().split()}
                    found |= new
                    stack.extend(new)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                if stat.read().split(") ")[-1][0] != "Z":
                    living.add(pid)
        except FileNotFoundError:
            continue
    return living


def stored(db: Path) -> int:
    try:
        with Store(str(db)) as store:
            return store.count()
    except Exception:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_mid_run_then_resume(tmp_path: Path, workers: int) -> None:
    corpus = tmp_path / "corpus.jsonl"
    write_corpus(corpus)
    db = tmp_path / "kill.db"
    # Resumption is the runner's job, whatever the analyzers; the cheaper half of the default
    # pipeline keeps 600 documents (twice) within seconds.
    config = tmp_path / "pipeline.json"
    config.write_text(json.dumps({"pipeline": PIPELINE, "analyzers": {"techniques": {"tier": "fast"}}}))
    command = [
        sys.executable,
        "-m",
        "slant",
        "analyze",
        str(corpus),
        "--db",
        str(db),
        "-q",
        "--config",
        str(config),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while stored(db) < 40 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before it could be killed; make the corpus larger"
    helpers = descendants(process.pid)
    assert len(helpers) >= (3 if workers == 2 else 0)  # forkserver and its two workers
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    before = stored(db)
    deadline = time.monotonic() + 10
    while alive(helpers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(helpers), "worker processes outlived the killed run"
    assert 0 < before < N

    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert f"unchanged  {before:,}" in finished.stderr
    assert f"analysed   {N - before:,}" in finished.stderr

    pipeline = Pipeline(PipelineConfig.from_file(config))
    with Store(str(db)) as store:
        assert store.count() == N
        with store.engine.connect() as connection:
            per_doc = dict(
                connection.execute(
                    select(schema.spans.c.document_id, func.count()).group_by(schema.spans.c.document_id)
                ).all()
            )
        for doc in store.iter_documents():
            fresh = pipeline(Document(doc.id, doc.text))
            assert per_doc[doc.id] == len(fresh.spans), doc.id
        # The killed run never recorded its end: the next run found its process gone.
        assert [r["status"] for r in store.runs()[:2]] == ["finished", "interrupted"]
