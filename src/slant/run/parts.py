"""A folder of analysed partitions: what a Dask run writes and ``slant load`` reads.

Layout (``FOLDER/``)::

    slant-run.json               what made the parts: inputs, pipeline, partition size, format
    part-00000.jsonl             Analysis JSONL of the partition's documents   (or, for Parquet:
    part-00000.documents.parquet + part-00000.spans.parquet, the tables of slant export)
    part-00000.failures.jsonl    one failure per line: source, reason, location, document_id
    part-00000.done.json         written last: the partition is complete (counts, seconds, worker)

Every file is written under a temporary name and renamed, and the ``done`` file comes last, so a
partition is either complete or absent: a killed worker or job leaves nothing half-written that a
rerun would keep or a load would read.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from slant.document import Document, Span
from slant.errors import ConfigError, Failure, require
from slant.store.export import DOCUMENT_COLUMNS, SPAN_COLUMNS, document_rows, span_rows, write_parquet

RUN_FILE = "slant-run.json"
FORMATS = ("jsonl", "parquet")
LAYOUT = "slant-parts/1"


def done_path(folder: Path, name: str) -> Path:
    """The file that marks a partition complete."""
    return folder / f"{name}.done.json"


def _atomic(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def write_run(folder: Path, description: dict[str, Any]) -> None:
    """Record what the parts in ``folder`` are made from; refuse a folder holding another run's.

    Raises:
        ConfigError: the folder holds parts made from other inputs or another pipeline
            (skipping its finished partitions would mix two runs).
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / RUN_FILE
    description = {"layout": LAYOUT, **description}
    if path.exists():
        old = read_run(folder)
        keys = ("inputs", "pipeline", "partition_size", "format", "options")
        if any(old.get(k) != description.get(k) for k in keys):
            raise ConfigError(
                f"{folder} holds partitions of another run (other inputs, pipeline, partition size or "
                "format): choose another --out folder or remove this one"
            )
        return
    if any(folder.iterdir()):
        raise ConfigError(
            f"{folder} is not empty and holds no slant run: choose an empty or new --out folder"
        )
    partial = _atomic(path)
    partial.write_text(json.dumps(description, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)


def read_run(folder: Path) -> dict[str, Any]:
    """The run description of a parts folder.

    Raises:
        ConfigError: no such folder, or it holds no slant run.
    """
    path = folder / RUN_FILE
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such folder")
    try:
        description = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{folder} holds no {RUN_FILE}: not a folder of slant partitions") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path} cannot be read: {exc}") from None
    if not isinstance(description, dict) or description.get("layout") != LAYOUT:
        raise ConfigError(f"{path} is not a slant run description ({LAYOUT})")
    return description


def is_done(folder: Path, name: str) -> bool:
    """Whether a partition was written completely."""
    return done_path(folder, name).is_file()


def write_partition(
    folder: Path,
    name: str,
    docs: Iterable[Document],
    failures: list[Failure],
    fmt: str,
    info: Callable[[], dict[str, Any]],
) -> dict[str, Any]:
    """Write one partition: documents (streamed for JSONL), failures, then its ``done`` file.

    ``failures`` is filled while ``docs`` is consumed (the reader and analysis add to it), so it
    is written after them; ``info()`` adds to the done record (asked for last, when the work is
    done). Returns the done record: ``documents``, ``failed`` and what ``info`` gave.
    """
    written: list[Path] = []
    count = 0
    if fmt == "jsonl":
        target = folder / f"{name}.jsonl"
        with _atomic(target).open("w", encoding="utf-8") as out:
            for doc in docs:
                out.write(doc.to_json())
                out.write("\n")
                count += 1
        written.append(target)
    else:
        held = list(docs)
        count = len(held)
        for table, rows, columns in (
            ("documents", document_rows(held), DOCUMENT_COLUMNS),
            ("spans", span_rows(held), SPAN_COLUMNS),
        ):
            target = folder / f"{name}.{table}.parquet"
            write_parquet(rows, columns, _atomic(target))
            written.append(target)
    target = folder / f"{name}.failures.jsonl"
    with _atomic(target).open("w", encoding="utf-8") as out:
        for failure in failures:
            out.write(json.dumps(asdict(failure), ensure_ascii=False) + "\n")
    written.append(target)
    for path in written:
        os.replace(_atomic(path), path)
    record = {"documents": count, "failed": len(failures), **info()}
    done = done_path(folder, name)
    _atomic(done).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(_atomic(done), done)
    return record


def read_partition_output(folder: Path, name: str) -> Iterator[Document | Failure]:
    """The failures, then the documents, of a complete partition (as written)."""
    with (folder / f"{name}.failures.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            yield Failure(**json.loads(line))
    jsonl = folder / f"{name}.jsonl"
    if jsonl.is_file():
        with jsonl.open(encoding="utf-8") as lines:
            for line in lines:
                yield Document.from_dict(json.loads(line))
        return
    yield from _read_parquet(folder, name)


def _read_parquet(folder: Path, name: str) -> Iterator[Document]:
    pq: Any = require("pyarrow.parquet", "parquet")
    spans: dict[str, list[Span]] = {}
    for row in pq.read_table(str(folder / f"{name}.spans.parquet")).to_pylist():
        attrs = json.loads(row["attrs"]) if row["attrs"] else {}
        spans.setdefault(row["document_id"], []).append(
            Span(row["layer"], row["start"], row["end"], row["label"], row["score"], attrs, row["model"])
        )
    for row in pq.read_table(str(folder / f"{name}.documents.parquet")).to_pylist():
        yield Document(row["id"], row["text"], json.loads(row["meta"]), spans.get(row["id"], []))


def partition_names(folder: Path) -> list[str]:
    """Names of the complete partitions in a folder, in order."""
    return sorted(p.name[: -len(".done.json")] for p in folder.glob("part-*.done.json"))


def read_parts(folder: Path, names: Iterable[str] | None = None) -> Iterator[Document | Failure]:
    """Failures and documents of the complete partitions of a folder (all, or ``names``), in order."""
    for name in partition_names(folder) if names is None else names:
        yield from read_partition_output(folder, name)
