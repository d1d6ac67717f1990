"""PostgreSQL stopped and started again in the middle of ``slant load``: the load waits for it,
goes on, and stores every document once (against the real server that .ci/run starts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from sqlalchemy import func, select

from slant.document import Document, Span
from slant.run import parts
from slant.run.dask_engine import load
from slant.run.engine import RunSummary
from slant.store import Store, schema
from tests.conftest import postgres_url

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

DOCUMENTS = 1200
PER_PARTITION = 100


def _cluster() -> list[str]:
    """``VERSION main`` of the local cluster serving the test database; skips where this test
    cannot stop and start it (not root, no pg_ctlcluster, a server elsewhere)."""
    url = postgres_url()
    if os.geteuid() != 0 or not shutil.which("pg_ctlcluster"):
        pytest.skip("stopping PostgreSQL needs root and pg_ctlcluster (as in CI)")
    if urlparse(url).hostname not in ("127.0.0.1", "localhost"):
        pytest.skip("the test server is not on this machine")
    port = str(urlparse(url).port or 5432)
    for line in subprocess.run(
        ["pg_lsclusters", "-h"], capture_output=True, text=True, check=True
    ).stdout.splitlines():
        version, name, cluster_port, *_ = line.split()
        if cluster_port == port:
            return [version, name]
    pytest.skip(f"no local cluster on port {port}")


def _pg_ctl(action: str, cluster: list[str]) -> None:
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action], check=True, timeout=60)


def _write_parts(folder: Path) -> None:
    parts.write_run(
        folder, {"inputs": ["generated"], "pipeline": {"pipeline": ["paragraphs"], "analyzers": {}}}
    )
    for p in range(DOCUMENTS // PER_PARTITION):
        docs = []
        for i in range(p * PER_PARTITION, (p + 1) * PER_PARTITION):
            text = f"Report {i}.\n\nThe harbour fees rose again on day {i}."
            spans = [
                Span("paragraph", 0, len(f"Report {i}.")),
                Span("paragraph", len(f"Report {i}.") + 2, len(text)),
            ]
            docs.append(Document(f"doc-{i:05}", text, {"source": f"gen:{i}"}, spans))
        parts.write_partition(folder, f"part-{p:05}", docs, [], "jsonl", dict)


def test_load_waits_for_a_restarted_server_and_stores_each_document_once(tmp_path: Path) -> None:
    cluster = _cluster()
    url = postgres_url()
    folder = tmp_path / "parts"
    _write_parts(folder)
    stopped = threading.Event()

    def stop_once(summary: RunSummary) -> None:
        if summary.seen >= 300 and not stopped.is_set():
            stopped.set()
            _pg_ctl("stop", cluster)  # the load's next call finds no server
            threading.Timer(4.0, _pg_ctl, ("start", cluster)).start()

    try:
        with Store(url) as store:
            started = time.monotonic()
            summary = load(folder, store, progress=stop_once)
            assert stopped.is_set() and time.monotonic() - started > 4.0
            assert (summary.status, summary.analysed, summary.failed) == ("finished", DOCUMENTS, 0)
            with store.engine.connect() as connection:
                assert (
                    connection.execute(select(func.count()).select_from(schema.documents)).scalar()
                    == DOCUMENTS
                )
                spans = connection.execute(select(func.count()).select_from(schema.spans)).scalar()
            assert spans == 2 * DOCUMENTS  # nothing stored twice
            assert store.runs()[0]["status"] == "finished"
            again = load(folder, store)
            assert (again.analysed, again.unchanged) == (0, DOCUMENTS)
    finally:
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, "start"], capture_output=True)
        for _ in range(30):
            if subprocess.run(["pg_isready", "-q", "-p", str(urlparse(url).port or 5432)]).returncode == 0:
                break
            time.sleep(0.5)
