"""``slant serve`` under slow and greedy clients: header and body deadlines, the per-address cap,
the rate-limited log. Each test runs the real server (``build_server``) on a loopback port."""

from __future__ import annotations

import http.client
import json
import logging
import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from slant.web import connection_limits
from slant.web.app import create_app
from slant.web.connection_limits import RateLimitFilter
from tests.test_web_browser import serving
from tests.test_web_data import FAST

pytestmark = pytest.mark.slow

OTHER_ADDRESS = "127.0.0.2"
"""Another client address: Linux routes all of 127.0.0.0/8 to the loopback interface."""
HALF_HEAD = b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Ag"
LIMIT_LOGGER = "slant.web.connection_limits"


@contextmanager
def running(db: str) -> Iterator[int]:
    """The server ``slant serve`` runs, over the store at ``db``, in a thread; yields its port."""
    for name in ("uvicorn.error", LIMIT_LOGGER):  # each test starts with a fresh log budget
        for log_filter in logging.getLogger(name).filters:
            if isinstance(log_filter, RateLimitFilter):
                log_filter.windows.clear()
    with serving(create_app(db, None, pipeline=FAST)) as port:
        yield port


@pytest.fixture()
def db(tmp_path: Path) -> str:
    return str(tmp_path / "slow.db")


def _connect(port: int, source: str = "127.0.0.1") -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=5, source_address=(source, 0))


def _other_address_or_skip() -> None:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        probe.bind((OTHER_ADDRESS, 0))
    except OSError as exc:
        pytest.skip(f"cannot bind {OTHER_ADDRESS} here: {exc}")
    finally:
        probe.close()


def _get(port: int, path: str, source: str = "127.0.0.1", timeout: float = 2.0) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _closed_within(client: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``client`` within ``seconds`` (reading and discarding any answer)."""
    client.settimeout(seconds)
    try:
        while client.recv(4096):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def _still_open(client: socket.socket) -> bool:
    client.setblocking(False)
    try:
        return client.recv(1) != b""
    except BlockingIOError:
        return True
    except ConnectionResetError:
        return False
    finally:
        client.setblocking(True)


def _multipart(name: str, content: bytes) -> tuple[str, bytes]:
    boundary = "slant-test-boundary-7d9f"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            f"Content-Type: text/plain\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return f"multipart/form-data; boundary={boundary}", body


# --- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cap", [connection_limits.MAX_PER_CLIENT, 400], ids=["capped", "all-held"])
def test_stalled_connections_do_not_stop_service_for_others(
    db: str, cap: int, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _other_address_or_skip()
    monkeypatch.setattr(connection_limits, "MAX_PER_CLIENT", cap)
    caplog.set_level(logging.WARNING, logger=LIMIT_LOGGER)
    with running(db) as port, ExitStack() as stack:
        stalled = []
        for _ in range(300):
            client = stack.enter_context(_connect(port))
            client.sendall(HALF_HEAD)
            stalled.append(client)
        for _ in range(3):
            started = time.monotonic()
            status, body = _get(port, "/api/stats", source=OTHER_ADDRESS)
            assert status == 200 and "documents" in json.loads(body)
            assert time.monotonic() - started < 2
        held = sum(_still_open(client) for client in stalled)
        if cap >= 300:
            assert held == 300  # the server really holds them all, and still answers
        else:
            time.sleep(0.3)
            assert sum(_still_open(client) for client in stalled) == cap
            refusals = [r for r in caplog.records if "open connections" in r.getMessage()]
            # the log is rate-limited: 300 - cap refusals, LOG_LINES_PER_MINUTE + 1 lines
            assert len(refusals) == connection_limits.LOG_LINES_PER_MINUTE + 1
            assert "suppressed" in refusals[-1].getMessage()


def test_stalled_request_head_is_closed(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection_limits, "HEADER_TIMEOUT", 1.0)
    with running(db) as port:
        # a half-sent head on a fresh connection, trickled byte by byte
        with _connect(port) as client:
            started = time.monotonic()
            for byte in HALF_HEAD[:8]:
                client.sendall(bytes([byte]))
                time.sleep(0.1)
            assert _closed_within(client, 3)
            assert 0.9 < time.monotonic() - started < 3
        # a kept-alive connection that starts its second request and stalls
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", "/api/stats")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("connection") != "close"
        response.read()
        assert connection.sock is not None
        time.sleep(0.5)  # less than the deadline: the next head may come later than the first
        connection.sock.sendall(b"GET /api/st")
        started = time.monotonic()
        assert _closed_within(connection.sock, 3)
        assert time.monotonic() - started < 2.5  # uvicorn's own keep-alive timer (5 s) would be later
        connection.close()
        # a client that sends its heads in time is served on one connection throughout
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        for _ in range(3):
            connection.request("GET", "/api/stats")
            assert connection.getresponse().read()
            time.sleep(0.6)
        connection.close()


def test_stalled_body_is_answered_408_and_uploads_still_work(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection_limits, "BODY_TIMEOUT", 1.0)
    with running(db) as port:
        with _connect(port) as client:
            client.sendall(
                b"POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                b'Content-Length: 1000\r\n\r\n{"text": "The council'
            )
            started = time.monotonic()
            client.settimeout(4)
            answer = b""
            while chunk := client.recv(4096):  # the server closes the connection after answering
                answer += chunk
            assert 0.9 < time.monotonic() - started < 3
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 408 ")
        assert b"connection: close" in head.lower()
        assert json.loads(body) == {"detail": "request body stalled for 1 s"}

        # an upload whose body arrives in pieces, each within the deadline, is received
        content_type, body = _multipart(
            "bridge.txt", b"The council approved the new bridge on Monday.\n" * 20
        )
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest("POST", "/api/upload")
        connection.putheader("Content-Type", content_type)
        connection.putheader("Content-Length", str(len(body)))
        connection.putheader("X-Slant-Upload", "1")
        connection.endheaders()
        third = len(body) // 3
        for piece in (body[:third], body[third : 2 * third], body[2 * third :]):
            connection.send(piece)
            time.sleep(0.6)
        response = connection.getresponse()
        assert response.status == 202, response.read()
        job = json.loads(response.read())
        connection.close()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            _status, state = _get(port, job["status_url"], timeout=5)
            if json.loads(state)["status"] in ("done", "failed"):
                break
            time.sleep(0.1)
        assert json.loads(state)["status"] == "done" and json.loads(state)["counts"]["stored"] == 1


def test_connections_over_the_cap_are_closed_at_once(db: str) -> None:
    cap = connection_limits.MAX_PER_CLIENT
    with running(db) as port, ExitStack() as stack:
        assert any(isinstance(f, RateLimitFilter) for f in logging.getLogger("uvicorn.error").filters)
        held = [stack.enter_context(_connect(port)) for _ in range(cap)]
        with _connect(port) as extra:
            started = time.monotonic()
            assert _closed_within(extra, 2)
            assert time.monotonic() - started < 1
        assert all(_still_open(client) for client in held)
        # a connection freed makes room again
        held.pop().close()
        deadline = time.monotonic() + 3
        while True:
            try:
                assert _get(port, "/api/stats")[0] == 200
                break
            except (ConnectionError, http.client.RemoteDisconnected):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


def test_log_lines_are_rate_limited_per_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr(connection_limits.time, "monotonic", lambda: clock[0])
    limit = RateLimitFilter(per_minute=3)

    def record(msg: str, *args: object) -> logging.LogRecord:
        return logging.LogRecord("uvicorn.error", logging.WARNING, __file__, 1, msg, args or None, None)

    passed = [limit.filter(record("Invalid HTTP request received.")) for _ in range(3)]
    note = record("Invalid HTTP request received.")
    assert passed == [True] * 3 and limit.filter(note)
    assert (
        note.getMessage() == "Invalid HTTP request received. (more like this suppressed for up to a minute)"
    )
    assert not any(limit.filter(record("Invalid HTTP request received.")) for _ in range(5))
    assert limit.filter(record("closed a connection from %s", "127.0.0.9"))  # kinds are counted apart
    clock[0] += 60
    assert limit.filter(record("Invalid HTTP request received."))  # a new minute
