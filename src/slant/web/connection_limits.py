"""Limits that keep slow or greedy clients from tying up ``slant serve``.

- A connection must send a complete request head within :data:`HEADER_TIMEOUT` seconds of
  opening, and again within that time after each answer on a kept-alive connection; trickling
  bytes does not extend the deadline (``uvicorn``'s own keep-alive timer restarts on any byte).
- A request body that stalls for :data:`BODY_TIMEOUT` seconds between chunks is answered 408
  and the connection closed.
- At most :data:`MAX_PER_CLIENT` connections are open from one client address; more are
  closed as soon as they are accepted.
- Log lines of one kind are let through at most :data:`LOG_LINES_PER_MINUTE` times a minute,
  so a flood of bad requests cannot flood the log.

The constants are read when a connection opens (or a request body is read), so tests can
lower them with ``monkeypatch``.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import Counter
from typing import Any, ClassVar, cast

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.h11_impl import H11Protocol

LOGGER = logging.getLogger(__name__)

HEADER_TIMEOUT = 10.0
"""Seconds a connection has to send a complete request head (Apache's and nginx's defaults are 20-60 s;
a browser sends its head at once)."""
BODY_TIMEOUT = 30.0
"""Seconds a request body may stall between two chunks (a 200 MiB upload on a slow link still moves)."""
MAX_PER_CLIENT = 32
"""Open connections allowed from one address (browsers open at most 6 per host)."""
LOG_LINES_PER_MINUTE = 10
"""Log lines of one kind (same logger, same message template) let through per minute."""


class HeaderTimeoutProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for each request head and a per-address connection cap.

    The deadline timer is armed when the connection opens and after each answer, and disarmed
    when a request head is complete, the way uvicorn arms its keep-alive timer; unlike that
    timer it is not restarted by incoming bytes. Use :func:`protocol_class` to get a class with
    its own connection counts for one server.
    """

    open_per_address: ClassVar[Counter[str]] = Counter()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.header_deadline: asyncio.TimerHandle | None = None
        self.counted_address: str | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        address = self.client[0] if self.client else "unknown"
        self.counted_address = address
        self.open_per_address[address] += 1
        if self.open_per_address[address] > MAX_PER_CLIENT:
            LOGGER.warning("closed a connection from %s: over %d open connections", address, MAX_PER_CLIENT)
            transport.close()
            return
        self._arm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        if self.counted_address is not None:
            self.open_per_address[self.counted_address] -= 1
            if self.open_per_address[self.counted_address] <= 0:
                del self.open_per_address[self.counted_address]
            self.counted_address = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._head_received():
            self._disarm_header_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()  # may start a pipelined request
        if not self.transport.is_closing() and not self._head_received():
            self._arm_header_deadline()

    def _head_received(self) -> bool:
        """Whether a request is being answered (its head is complete)."""
        return self.cycle is not None and not self.cycle.response_complete

    def _arm_header_deadline(self) -> None:
        self._disarm_header_deadline()
        self.header_deadline = self.loop.call_later(HEADER_TIMEOUT, self._header_timed_out)

    def _disarm_header_deadline(self) -> None:
        if self.header_deadline is not None:
            self.header_deadline.cancel()
            self.header_deadline = None

    def _header_timed_out(self) -> None:
        self.header_deadline = None
        if self.transport.is_closing():
            return
        address = self.client[0] if self.client else "unknown"
        LOGGER.warning("closed a connection from %s: no request head in %g s", address, HEADER_TIMEOUT)
        self.transport.close()


def protocol_class() -> type[HeaderTimeoutProtocol]:
    """A :class:`HeaderTimeoutProtocol` subclass with its own per-address counts, for one server."""
    counted = type("HeaderTimeoutProtocol", (HeaderTimeoutProtocol,), {"open_per_address": Counter()})
    return cast(type[HeaderTimeoutProtocol], counted)


class BodyTimeoutMiddleware:
    """Answers 408 (and closes the connection) when a request body stalls for :data:`BODY_TIMEOUT` seconds.

    Only reads of an unfinished body are timed: once the body is complete, ``receive`` (which
    streaming answers call to watch for a disconnect) waits as long as it needs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body_complete = False
        timed_out = False

        async def receive_with_timeout() -> Message:
            nonlocal body_complete, timed_out
            if body_complete:
                return await receive()
            timeout = BODY_TIMEOUT
            try:
                message = await asyncio.wait_for(receive(), timeout)
            except TimeoutError:
                timed_out = True
                address = scope["client"][0] if scope.get("client") else "unknown"
                LOGGER.warning("answered 408 to %s: request body stalled for %g s", address, timeout)
                raise HTTPException(408, f"request body stalled for {timeout:g} s") from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_complete = True
            return message

        async def send_closing(message: Message) -> None:
            if timed_out and message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"connection"]
                message = {**message, "headers": [*headers, (b"connection", b"close")]}
            await send(message)

        await self.app(scope, receive_with_timeout, send_closing)


class RateLimitFilter(logging.Filter):
    """Lets through at most ``per_minute`` records of one kind (logger and message template) a minute.

    The first record over the limit goes out with a note that more are being suppressed;
    the rest of that minute's records of the kind are dropped.
    """

    def __init__(self, per_minute: int = LOG_LINES_PER_MINUTE) -> None:
        super().__init__()
        self.per_minute = per_minute
        self.windows: dict[tuple[str, str], tuple[float, int]] = {}
        self.lock = threading.Lock()

    def filter(self, record: logging.LogRecord) -> bool:
        key = (record.name, str(record.msg))
        now = time.monotonic()
        with self.lock:
            started, count = self.windows.get(key, (now, 0))
            if now - started >= 60:
                started, count = now, 0
            count += 1
            self.windows[key] = (started, count)
        if count <= self.per_minute:
            return True
        if count == self.per_minute + 1:
            record.msg = f"{record.getMessage()} (more like this suppressed for up to a minute)"
            record.args = None
            return True
        return False


def limit_log_rate(*names: str) -> None:
    """Add one :class:`RateLimitFilter` to each named logger (once, however often called)."""
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RateLimitFilter) for f in logger.filters):
            logger.addFilter(RateLimitFilter())
