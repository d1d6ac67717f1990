"""Load test of the workbench on loopback: N concurrent clients, bounded in requests and time.

Starts ``slant serve`` in its own process over a store (the demo store by
default: run ``bash scripts/demo.sh`` first, or give ``--db``), then runs
``--clients`` threads, each with its own HTTP connection, cycling through the
index, article views, the API and the dashboard until ``--requests`` are done
or ``--seconds`` have passed. Prints requests/s, latency percentiles and every
error (anything but HTTP 200 counts as one).

    python benchmarks/web_load.py                          # 50 clients, 2,000 requests
    python benchmarks/web_load.py --db corpus.db --clients 50 --requests 5000 --seconds 120
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import httpx

from slant.store import Store


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def paths(db: str) -> list[str]:
    with Store(db) as store:
        ids = [doc.id for doc in store.iter_documents()][:20]
    if not ids:
        raise SystemExit(f"{db} holds no documents: run bash scripts/demo.sh or give --db")
    pages = [f"/doc/{quote(doc_id, safe='')}" for doc_id in ids]
    api = [f"/api/documents/{quote(doc_id, safe='')}" for doc_id in ids[:5]]
    return [
        "/",
        "/?q=port",
        *pages,
        *api,
        "/api/documents?limit=20",
        "/api/spans?layer=quote&limit=20",
        "/api/spans?layer=technique&label=Loaded_Language&limit=20",
        "/api/stats",
        "/dashboard",
        "/api/corpus/techniques",
        "/api/corpus/actors",
        "/api/corpus/timeline",
        "/api/corpus/quote-clusters",
        "/api/corpus/wording",
        "/spans?layer=quote",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="slant.db")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seconds", type=float, default=120.0)
    args = parser.parse_args()
    if not Path(args.db).exists():
        raise SystemExit(f"no store at {args.db}: run bash scripts/demo.sh or give --db")
    targets = paths(args.db)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "slant", "serve", "--db", args.db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    "the server did not start: " + (server.stderr.read().decode() if server.stderr else "")
                )
            time.sleep(0.2)
        latencies: list[float] = []
        errors: Counter[str] = Counter()
        lock = threading.Lock()
        issued = iter(range(args.requests))
        stop_at = time.monotonic() + args.seconds

        def client(offset: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                k = offset
                while time.monotonic() < stop_at:
                    with lock:
                        if next(issued, None) is None:
                            return
                    path = targets[k % len(targets)]
                    k += 1
                    started = time.perf_counter()
                    try:
                        status = http.get(path).status_code
                        problem = None if status == 200 else f"HTTP {status} {path}"
                    except httpx.HTTPError as exc:
                        problem = f"{type(exc).__name__} {path}"
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        if problem:
                            errors[problem] += 1

        began = time.perf_counter()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(10)
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    rate = len(latencies) / wall
    print(f"{args.clients} clients, {len(latencies):,} requests in {wall:.1f} s: {rate:.1f} requests/s")
    worst = latencies[-1] * 1000
    print(f"latency ms: p50 {pct(0.5):.0f}, p95 {pct(0.95):.0f}, p99 {pct(0.99):.0f}, max {worst:.0f}")
    print(f"errors: {sum(errors.values())}")
    for problem, n in errors.most_common():
        print(f"  {n:>5} {problem}")


if __name__ == "__main__":
    main()
