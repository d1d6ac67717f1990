"""Byte-stream helpers: standard input as bytes, put-back of sniffed bytes, strict gzip."""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from typing import IO, Any, BinaryIO


class DamagedStream(Exception):
    """A compressed stream ended early or is corrupt."""


class _Prefixed(io.RawIOBase):
    """A raw stream that returns some bytes already read, then the rest of another stream."""

    def __init__(self, head: bytes, rest: Any) -> None:
        super().__init__()
        self._pending = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._pending:
            chunk = getattr(self._rest, "read1", self._rest.read)(len(buffer))
            self._pending = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class StrictGzip(io.RawIOBase):
    """A gzip-decompressing raw stream whose truncation raises DamagedStream, not EOFError.

    Some readers (warcio) take EOFError for a clean end of input; this makes damage visible.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._gzip = gzip.GzipFile(fileobj=raw, mode="rb")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._gzip.read1(len(buffer))
        except (EOFError, OSError, zlib.error) as err:
            raise DamagedStream(str(err)) from err
        buffer[: len(data)] = data
        return len(data)


class ShortReads:
    """A view of a buffered stream whose ``read(n)`` returns what one underlying read gives.

    warcio reads fixed-size blocks; a buffered ``read(n)`` would drop a block's data when a
    later part of it fails to decompress, hiding the records before the damage.
    """

    def __init__(self, stream: io.BufferedIOBase) -> None:
        self._stream = stream
        self._budget: int | None = None
        self._over = ""

    def bound(self, budget: int | None, message: str = "") -> None:
        """Raise DamagedStream(message) once more than ``budget`` bytes are read; None: no bound."""
        self._budget, self._over = budget, message

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = -1 if self._budget is None else self._budget + 1
        data = self._stream.read1(size) if size >= 0 else self._stream.read()
        if self._budget is not None:
            self._budget -= len(data)
            if self._budget < 0:
                raise DamagedStream(self._over)
        return data


def buffered(head: bytes, rest: Any) -> io.BufferedReader:
    """A buffered binary stream of ``head`` followed by what ``rest`` still holds."""
    return io.BufferedReader(_Prefixed(head, rest), buffer_size=64 * 1024)


def strict_gzip(raw: IO[bytes]) -> io.BufferedReader:
    """A buffered reader of the decompressed content of a gzip stream (see StrictGzip)."""
    return io.BufferedReader(StrictGzip(raw), buffer_size=64 * 1024)


def binary_stdin(stdin: IO[Any] | None) -> Any:
    """Standard input (or the stream given in its place) as an object with ``read(n)``.

    A text stream with a ``buffer`` gives its buffer; one without (``io.StringIO``) is read
    as text and encoded to UTF-8 later by ``buffered``.
    """
    stream: Any = sys.stdin.buffer if stdin is None else stdin
    if isinstance(stream, io.TextIOBase) and hasattr(stream, "buffer"):
        return stream.buffer
    return stream


def read_upto(stream: Any, size: int) -> bytes:
    """Read up to ``size`` bytes, fewer only at the end of the stream."""
    parts: list[bytes] = []
    left = size
    while left > 0:
        chunk = stream.read(left)
        if not chunk:
            break
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


def skip_line(stream: BinaryIO) -> None:
    """Read and drop the rest of the current line."""
    while chunk := stream.readline(64 * 1024):
        if chunk.endswith(b"\n"):
            return
