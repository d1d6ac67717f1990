"""read_sources: turn files, folders and standard input into documents and failures."""

from __future__ import annotations

import errno
import fnmatch
import logging
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from slant.document import Document
from slant.errors import Failure, InputError
from slant.ingest.html import html_document
from slant.ingest.jsonl import read_jsonl
from slant.ingest.meta import human_size, safe_id, too_large
from slant.ingest.options import DEFAULT_OPTIONS, ReadOptions
from slant.ingest.sniff import (
    GZIP_MAGIC,
    HEAD_SIZE,
    binary_kind,
    format_from_content,
    format_from_name,
    not_text_reason,
)
from slant.ingest.streams import DamagedStream, binary_stdin, buffered, read_upto, strict_gzip
from slant.ingest.text import text_document
from slant.ingest.warc import read_warc

LOGGER = logging.getLogger(__name__)

STDIN_NAME = "<stdin>"
Item = Document | Failure


class InputFile(NamedTuple):
    """A file to read, as read_sources names it."""

    path: Path | None
    """The file; None for standard input ("-")."""
    source: str
    """Its name in failures and ``meta["source"]``: the path given, or the path under a folder given."""
    relative: str
    """Its path for ids (``ReadOptions.id_from``): relative to the folder given, or the path given."""


def read_sources(
    paths: Sequence[str | Path],
    options: ReadOptions = DEFAULT_OPTIONS,
    stdin: IO[Any] | None = None,
) -> Iterator[Item]:
    """Yield a Document for every readable article and a Failure for everything that is not.

    Args:
        paths: Files, folders (read recursively, in sorted order) or "-" for standard input.
        options: How to select, decode and map the inputs.
        stdin: What "-" reads instead of ``sys.stdin`` (a binary or text stream).

    Yields:
        Documents and failures, in input order; a bad input never stops the iteration.
    """
    for item in input_files(paths, options):
        if isinstance(item, Failure):
            yield item
        elif item.path is None:
            yield from guarded(_read_stdin(stdin, options), STDIN_NAME)
        else:
            yield from read_file(item.path, item.source, item.relative, options)


def input_files(
    paths: Sequence[str | Path], options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[InputFile | Failure]:
    """The files read_sources reads, in its order, and a Failure for each path it cannot read.

    Folders are walked lazily, as they are read; "-" gives an InputFile without a path.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    for given in paths:
        name = str(given)
        if name == "-":
            yield InputFile(None, STDIN_NAME, STDIN_NAME)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _folder_files(path, options)
        elif path.is_file():
            yield InputFile(path, name, path.as_posix())
        elif path.exists():
            yield Failure(name, "not a regular file")
        elif path.is_symlink():
            yield Failure(name, "broken symbolic link")
        else:
            yield Failure(name, "no such file or directory")


def read_file(
    path: Path, source: str, relative: str, options: ReadOptions = DEFAULT_OPTIONS
) -> Iterator[Item]:
    """What read_sources yields for one file (see InputFile for ``source`` and ``relative``)."""
    return guarded(_read_file(path, source, relative, options), source)


def is_plain_jsonl(path: Path) -> bool:
    """Whether read_sources reads this file as uncompressed JSON lines from its first byte.

    True for a JSONL name ending without ".gz", a size above zero and first bytes not refused
    as binary; False also where the file cannot be read (reading it whole reports why).
    """
    found = format_from_name(path.name)
    if found is None or found[0] != "jsonl" or found[1].lower().endswith(".gz"):
        return False
    try:
        if path.stat().st_size == 0:
            return False
        with path.open("rb") as file:  # the same check, on the same bytes, as _read_file's
            _refuse_binary(file.peek(HEAD_SIZE)[:HEAD_SIZE], path.name, allow_jsonl=True)
    except (OSError, InputError):
        return False
    return True


def guarded(items: Iterator[Item], source: str) -> Iterator[Item]:
    """The items, with any error raised while making them turned into a final failure."""
    try:
        yield from items
    except InputError as err:
        yield Failure(source, err.reason, location=err.location)
    except OSError as err:
        yield Failure(source, (err.strerror or str(err)).lower())
    except Exception as err:  # a bug must not end the whole run
        LOGGER.debug("unexpected error reading %s", source, exc_info=True)
        yield Failure(source, f"unexpected error: {type(err).__name__}: {err}")


def _folder_files(folder: Path, options: ReadOptions) -> Iterator[InputFile | Failure]:
    found = False
    for item in walk_folder(folder, "", options, set()):
        if isinstance(item, Failure):
            yield item
            continue
        found = True
        path, relative = item
        yield InputFile(path, str(path), relative)
    if not found:
        hint = " matching --include/--exclude" if options.include or options.exclude else ""
        yield Failure(str(folder), f"no files to read in this folder{hint}")


def _matches(patterns: tuple[str, ...], relative: str, name: str) -> bool:
    return any(fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) for p in patterns)


def walk_folder(
    folder: Path,
    prefix: str = "",
    options: ReadOptions = DEFAULT_OPTIONS,
    seen: set[tuple[int, int]] | None = None,
) -> Iterator[tuple[Path, str] | Failure]:
    """Files under a folder with their paths relative to it, sorted, hidden ones left out.

    Yields ``(path, relative path)`` for each file that include/exclude let
    through, and a Failure for each folder or link that cannot be read.
    """
    seen = set() if seen is None else seen
    try:
        status = folder.stat()
        seen.add((status.st_dev, status.st_ino))
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as err:
        yield Failure(str(folder), (err.strerror or str(err)).lower())
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        relative = prefix + entry.name
        path = Path(entry.path)
        if _matches(options.exclude, relative, entry.name):
            continue
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
            if is_dir and not (entry.is_symlink() and not options.follow_symlinks):
                status = path.stat()
                if (status.st_dev, status.st_ino) not in seen:
                    yield from walk_folder(path, relative + "/", options, seen)
        except OSError as err:  # a link to itself, say: is_dir() raises ELOOP
            reason = "symbolic link loop" if err.errno == errno.ELOOP else (err.strerror or str(err)).lower()
            yield Failure(str(path), reason)
            continue
        if is_dir:
            continue
        if is_file:
            if not options.include or _matches(options.include, relative, entry.name):
                yield path, relative
        elif entry.is_symlink() and not path.exists():
            yield Failure(str(path), "broken symbolic link")


def _doc_id(relative: str, suffix: str, options: ReadOptions) -> str:
    if suffix and relative.lower().endswith(suffix.lower()):
        relative = relative[: -len(suffix)]
    return safe_id(relative if options.id_from == "path" else relative.rsplit("/", 1)[-1])


def _read_file(path: Path, source: str, relative: str, options: ReadOptions) -> Iterator[Item]:
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty file")
    found = format_from_name(path.name)
    with path.open("rb") as file:
        stream: Any = file
        if found is None:
            head = file.read(HEAD_SIZE)
            file.seek(0)
            fmt, stream = _content(head, file, path.name)
            suffix = path.suffix
        else:
            fmt, suffix = found
            if suffix.lower().endswith(".gz") and fmt == "jsonl":
                stream = strict_gzip(file)
            elif fmt == "jsonl":
                _refuse_binary(file.peek(HEAD_SIZE)[:HEAD_SIZE], path.name, allow_jsonl=True)
        if fmt in ("warc", "jsonl"):
            yield from _stream(fmt, stream, source, options)
            return
        if size > options.max_bytes:
            raise InputError(too_large(size, options.max_bytes))
        data = stream.read(options.max_bytes + 1)
        yield _whole(fmt, data, source, _doc_id(relative, suffix, options), options, path.name)


def _read_stdin(stdin: IO[Any] | None, options: ReadOptions) -> Iterator[Item]:
    raw = binary_stdin(stdin)
    head = read_upto(raw, HEAD_SIZE)
    if not head:
        raise InputError("empty input")
    fmt, stream = _content(head, buffered(head, raw), None)
    if fmt in ("warc", "jsonl"):
        yield from _stream(fmt, stream, STDIN_NAME, options)
    else:
        data = read_upto(stream, options.max_bytes + 1)
        yield _whole(fmt, data, STDIN_NAME, None, options, None)


def _stream(fmt: str, stream: Any, source: str, options: ReadOptions) -> Iterator[Item]:
    if fmt == "warc":
        return read_warc(stream, source=source, options=options)
    return read_jsonl(stream, source=source, options=options)


def _content(head: bytes, stream: Any, name: str | None) -> tuple[str, Any]:
    """The format of content without a known name ending, and a stream of it from its start.

    Gzip-compressed WARC and JSONL are recognised and decompressed; other binary content
    is refused.

    Args:
        head: The first bytes of the content.
        stream: The content from its start (head included).
        name: The file name, or None for standard input.
    """
    if head.startswith(GZIP_MAGIC):
        inner = strict_gzip(stream)
        try:
            inner_head = read_upto(inner, HEAD_SIZE)
        except DamagedStream:
            inner_head = b""
        fmt = format_from_content(inner_head)
        if fmt not in ("warc", "jsonl"):
            raise InputError(not_text_reason("a gzip archive", name))
        _refuse_binary(inner_head, name, allow_warc=True, allow_jsonl=True)
        return fmt, buffered(inner_head, inner)
    _refuse_binary(head, name, allow_warc=True, allow_jsonl=True)
    return format_from_content(head), stream


def _refuse_binary(
    head: bytes, name: str | None, allow_warc: bool = False, allow_jsonl: bool = False
) -> None:
    if allow_warc and head.startswith(b"WARC/"):
        return
    kind = binary_kind(head)
    if kind == "binary data" and allow_jsonl and format_from_content(head) == "jsonl":
        return  # JSON lines with a stray NUL or control byte: each such line fails on its own
    if kind:
        raise InputError(not_text_reason(kind, name))


def _whole(
    fmt: str, data: bytes, source: str, doc_id: str | None, options: ReadOptions, name: str | None
) -> Document:
    """A one-document input (plain text or HTML) from its bytes."""
    what = "file" if name else "input"
    if not data.strip():
        raise InputError(f"empty {what}")
    if len(data) > options.max_bytes:
        raise InputError(
            f"{what} is over the {human_size(options.max_bytes)} limit for one document; "
            "raise --max-bytes or split the file"
        )
    _refuse_binary(data[:HEAD_SIZE], name)
    make = html_document if fmt == "html" else text_document
    return make(data, source=source, doc_id=doc_id, options=options)
