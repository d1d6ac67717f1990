"""Partitions of the input for a distributed run: paths and byte ranges, never texts.

``plan_partitions`` walks the inputs as ``read_sources`` does and cuts them into partitions
that workers read on their own with ``read_partition``. Reading every partition in order
yields exactly what ``read_sources`` yields, item for item, so a run split this way stores
the same documents and failures as one that is not.

Where the input is cut, and why:

- A plain (uncompressed) JSONL file is cut into ranges of ``size`` lines, at newline bytes
  counted in 1 MiB chunks (numpy finds them; no line is decoded). A worker seeks to its
  range's first byte and reads up to its last, so a file of millions of lines is read by many
  workers at once. A file of ``size`` lines or fewer is read whole instead, and grouped with
  its neighbours like the files below (it counts as its number of lines).
- Everything else is read whole by one worker. Gzip cannot be entered mid-stream (a
  .jsonl.gz or .warc.gz decompresses only from its first byte) and a WARC has no index to
  seek a record by; a Common Crawl News WARC file of about 1 GB (some tens of thousands of
  records) is a reasonable share of work for one worker. So a WARC or gzip file (also one
  recognised by its first bytes, as is JSONL without a known name ending) gets a partition of
  its own, and text and HTML files, one document each, are grouped ``size`` to a partition.

Failures found while planning (a missing path, a symbolic link loop, an empty folder) travel
in the partition that follows them in the input order, which yields them first.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from slant.document import Document
from slant.errors import ConfigError, Failure
from slant.ingest.inputs import guarded, input_files, is_plain_jsonl, read_file
from slant.ingest.jsonl import has_json_line, read_jsonl
from slant.ingest.options import DEFAULT_OPTIONS, ReadOptions
from slant.ingest.sniff import GZIP_MAGIC, HEAD_SIZE, format_from_content, format_from_name

CHUNK_SIZE = 1 << 20
"""Bytes read at a time while counting lines: the planner never holds more of a file."""

_NEWLINE = ord("\n")


@dataclass(frozen=True)
class Partition:
    """A share of the input one worker reads: whole files, or a range of lines of one JSONL file.

    Attributes:
        index: Its place in the input order, 0, 1, 2 … without gaps.
        files: Whole files, each as ``(source, relative)``: the name read_sources gives it
            (the path given, or the path under a folder given) and its path for ids.
        path: Or the (source name of the) plain JSONL file a range of lines is read from.
        start: The byte offset of the range's first line.
        end: The byte offset just past its last line.
        first_line: The number (from 1) of its first line, for "NAME:LINE" and "line N".
        failures: Failures found while planning, yielded before anything read.
    """

    index: int
    files: tuple[tuple[str, str], ...] = ()
    path: str | None = None
    start: int = 0
    end: int = 0
    first_line: int = 1
    failures: tuple[Failure, ...] = ()

    @property
    def name(self) -> str:
        """A stable name from its index, "part-00000", that sorts in input order."""
        return f"part-{self.index:05d}"


def plan_partitions(
    paths: Sequence[str | Path], options: ReadOptions = DEFAULT_OPTIONS, size: int = 1000
) -> list[Partition]:
    """Cut the inputs into partitions of about ``size`` documents (see the module docstring).

    Planning reads no text: it walks folders, stats files, checks the first bytes of JSONL and
    nameless files and counts the newlines of plain JSONL files. The same inputs give the
    same list.

    Args:
        paths: Files and folders, as read_sources takes them (but not "-").
        options: The options the partitions will be read with (include/exclude and links
            decide the files; ``max_bytes`` does not change where lines are cut).
        size: Lines of JSONL, or text and HTML files, per partition.

    Raises:
        ConfigError: ``size`` is below 1, or "-" (standard input, which cannot be split) is given.
    """
    if size < 1:
        raise ConfigError(f"partition size must be at least 1, not {size}")
    if isinstance(paths, str | Path):
        paths = [paths]
    if any(str(given) == "-" for given in paths):
        raise ConfigError(
            "standard input ('-') cannot be split into partitions: save it to a file and pass the file"
        )
    plan = _Plan(size)
    for item in input_files(paths, options):
        if isinstance(item, Failure):
            plan.fail(item)
            continue
        assert item.path is not None  # "-" was refused above
        if is_plain_jsonl(item.path):
            _plan_jsonl(plan, item.path, item.source, item.relative, size)
        else:
            plan.whole(item.source, item.relative, size if _is_stream(item.path) else 1)
    return plan.finish()


def read_partition(part: Partition, options: ReadOptions = DEFAULT_OPTIONS) -> Iterator[Document | Failure]:
    """Yield the documents and failures of one partition, as read_sources yields them.

    Args:
        part: A partition from plan_partitions.
        options: The options it was planned with.
    """
    yield from part.failures
    for source, relative in part.files:
        yield from read_file(Path(source), source, relative, options)
    if part.path is not None:
        yield from guarded(_read_range(part, options), part.path)


class _Plan:
    """The partitions so far, the group of whole files being filled and the failures waiting."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.parts: list[Partition] = []
        self.group: list[tuple[str, str]] = []
        self.weight = 0
        self.failures: list[Failure] = []

    def fail(self, failure: Failure) -> None:
        self._flush()  # the group's files come before the failure, so they go first
        self.failures.append(failure)

    def whole(self, source: str, relative: str, weight: int) -> None:
        if self.group and self.weight + weight > self.size:
            self._flush()
        self.group.append((source, relative))
        self.weight += weight
        if self.weight >= self.size:
            self._flush()

    def lines(self, path: str, start: int, end: int, first_line: int) -> None:
        self._flush()
        self._add(path=path, start=start, end=end, first_line=first_line)

    def finish(self) -> list[Partition]:
        self._flush()
        if self.failures:  # failures after the last file: a partition of their own
            self._add()
        return self.parts

    def _flush(self) -> None:
        if self.group:
            self._add(files=tuple(self.group))
            self.group, self.weight = [], 0

    def _add(
        self,
        files: tuple[tuple[str, str], ...] = (),
        path: str | None = None,
        start: int = 0,
        end: int = 0,
        first_line: int = 1,
    ) -> None:
        failures, self.failures = tuple(self.failures), []
        self.parts.append(Partition(len(self.parts), files, path, start, end, first_line, failures))


def _plan_jsonl(plan: _Plan, path: Path, source: str, relative: str, size: int) -> None:
    try:
        cuts, lines, length = line_cuts(path, size)
    except OSError:
        plan.whole(source, relative, 1)  # reading it whole reports the error as read_sources does
        return
    if lines <= size:
        plan.whole(source, relative, max(lines, 1))
        return
    starts = [0, *cuts]
    for number, start in enumerate(starts):
        end = cuts[number] if number < len(cuts) else length
        if start >= end:  # the file ends with the last cut
            break
        plan.lines(source, start, end, 1 + number * size)


def line_cuts(path: Path, size: int) -> tuple[list[int], int, int]:
    """Where to cut a file into ranges of ``size`` lines, reading 1 MiB at a time.

    Returns:
        The byte offsets just past every ``size``-th newline, the number of lines (a last
        line without a newline included) and the file's length in bytes.
    """
    cuts: list[int] = []
    newlines = 0
    need = size  # newlines still to pass before the next cut
    offset = 0
    last = _NEWLINE
    buffer = bytearray(CHUNK_SIZE)
    with path.open("rb", buffering=0) as file:
        while read := file.readinto(buffer):
            # numpy finds every newline of a chunk faster than bytes.count counts them
            found = np.flatnonzero(np.frombuffer(buffer, np.uint8, read) == _NEWLINE)
            count = len(found)
            if count >= need:
                cuts.extend((found[need - 1 :: size] + (offset + 1)).tolist())
                need = size - (count - need) % size
            else:
                need -= count
            newlines += count
            offset += read
            last = buffer[read - 1]
    return cuts, newlines + (last != _NEWLINE), offset


def _is_stream(path: Path) -> bool:
    """Whether a file that is read whole may hold many documents: WARC, gzip or JSONL content."""
    found = format_from_name(path.name)
    if found is not None:
        return found[0] == "warc" or found[1].lower().endswith(".gz")
    try:  # no known ending: read_sources tells the format from the first bytes, as here
        with path.open("rb") as file:
            head = file.read(HEAD_SIZE)
    except OSError:
        return False
    return head.startswith(GZIP_MAGIC) or format_from_content(head) in ("warc", "jsonl")


def _read_range(part: Partition, options: ReadOptions) -> Iterator[Document | Failure]:
    assert part.path is not None
    with open(part.path, "rb", buffering=0) as file:
        # The file's "no JSON lines" failure is the last range's to give, and only if no
        # range before it holds a JSON line: usually line 1 does, and the look stops there.
        last = part.end >= os.fstat(file.fileno()).st_size
        report = last and (
            part.start == 0 or not has_json_line(_window(file, 0, part.start), max_bytes=options.max_bytes)
        )
        yield from read_jsonl(
            _window(file, part.start, part.end),
            source=part.path,
            options=options,
            first_line=part.first_line,
            report_empty=report,
        )


def _window(file: io.FileIO, start: int, end: int) -> io.BufferedReader:
    """A buffered reader of bytes ``start`` to ``end`` of an open file, moving its position."""
    return io.BufferedReader(_Window(file, start, end), buffer_size=64 * 1024)


class _Window(io.RawIOBase):
    """A raw stream of a byte range of a file: nothing past the range's end can be read."""

    def __init__(self, file: io.FileIO, start: int, end: int) -> None:
        super().__init__()
        file.seek(start)
        self._file = file
        self._left = end - start

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._left <= 0:
            return 0
        read = self._file.readinto(memoryview(buffer)[: self._left]) or 0
        self._left -= read
        return read
