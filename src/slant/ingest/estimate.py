"""A quick count of the documents some inputs hold, for progress bars and ETAs."""

from __future__ import annotations

import gzip
from collections.abc import Iterator, Sequence
from pathlib import Path

from slant.ingest.inputs import walk_folder
from slant.ingest.options import DEFAULT_OPTIONS, ReadOptions
from slant.ingest.sniff import format_from_name

CHUNK = 1 << 20


def _files(paths: Sequence[str | Path], options: ReadOptions) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from (item[0] for item in walk_folder(path, options=options) if isinstance(item, tuple))
        elif path.is_file():
            yield path


def _lines(path: Path) -> int:
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    count = 0
    last = b"\n"
    with opener(path, "rb") as stream:
        while chunk := stream.read(CHUNK):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def estimate_total(paths: Sequence[str | Path], options: ReadOptions = DEFAULT_OPTIONS) -> int | None:
    """About how many documents and failures reading ``paths`` will yield.

    A file counts one, a JSONL file its lines; None when a WARC archive (whose
    records cannot be counted without reading them) or standard input is
    among the inputs. Missing paths count one (their failure).
    """
    total = 0
    for given in paths:
        if str(given) == "-":
            return None
        if not Path(given).exists():
            total += 1
    for path in _files(paths, options):
        fmt = (format_from_name(path.name) or ("", ""))[0]
        if fmt == "warc":
            return None
        try:
            total += _lines(path) if fmt == "jsonl" else 1
        except (OSError, EOFError):
            total += 1
    return total
