"""The token check, the Host check and the security headers, applied to every request.

Everything is checked in one ASGI middleware before routing, so no path,
method or encoding reaches a route, a static file or an error page unchecked.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
from collections.abc import Awaitable, Callable
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Message, Receive, Scope, Send

COOKIE = "slant_token"
LOCAL_NAMES = frozenset({"localhost"})
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


def is_loopback(host: str) -> bool:
    """Whether a bind address or Host name is this machine only (localhost, 127.0.0.0/8, ::1)."""
    host = host.strip().lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if host in LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _host_name(value: str) -> str:
    """The name part of a Host header (``[::1]:8000`` → ``::1``, ``localhost:8000`` → ``localhost``)."""
    value = value.strip()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


def tokens_equal(given: str | None, token: str) -> bool:
    """Constant-time comparison of a presented token with the server's."""
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), token.encode("utf-8"))


class GuardMiddleware:
    """Checks the token (when set) and the Host header (when not), and adds security headers."""

    def __init__(self, app: ASGIApp, token: str | None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
                return
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        if self.token is None:
            # Without a token the server listens on loopback only; refusing other Host
            # names stops web pages from reaching it through DNS rebinding.
            if not is_loopback(_host_name(headers.get("host", ""))):
                await _plain(send_with_headers, 421, "this server answers only to localhost addresses")
                return
            await self.app(scope, receive, send_with_headers)
            return

        # /?token=T: remember it in a cookie and drop it from the address bar.
        if scope["path"] == "/" and scope["method"] in ("GET", "HEAD") and self._query_token(scope):
            await _redirect_with_cookie(send_with_headers, self.token)
            return
        if self._authorised(headers):
            await self.app(scope, receive, send_with_headers)
            return
        await _unauthorised(send_with_headers, "text/html" in headers.get("accept", ""))

    def _query_token(self, scope: Scope) -> bool:
        assert self.token is not None
        query = scope.get("query_string", b"").decode("latin-1")
        values = parse_qs(query).get("token", [])
        return len(values) == 1 and tokens_equal(values[0], self.token)

    def _authorised(self, headers: dict[str, str]) -> bool:
        assert self.token is not None
        authorization = headers.get("authorization", "")
        scheme, _, value = authorization.partition(" ")
        if scheme.lower() == "bearer" and tokens_equal(value.strip(), self.token):
            return True
        cookie_header = headers.get("cookie")
        if cookie_header:
            cookies: SimpleCookie = SimpleCookie()
            try:
                cookies.load(cookie_header)
            except Exception:  # a malformed Cookie header authorises nothing
                return False
            morsel = cookies.get(COOKIE)
            if morsel is not None and tokens_equal(morsel.value, self.token):
                return True
        return False


Sender = Callable[[Message], Awaitable[None]]


async def _respond(send: Sender, status: int, body: bytes, content_type: bytes, extra: list) -> None:
    headers = [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _plain(send: Sender, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode()
    await _respond(send, status, body, b"application/json", [])


async def _redirect_with_cookie(send: Sender, token: str) -> None:
    cookie = f"{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
    await _respond(send, 303, b"", b"text/plain", [(b"location", b"/"), (b"set-cookie", cookie.encode())])


_LOGIN_PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>slant: token needed</title></head><body><h1>A token is needed</h1>
<p>This slant server asks for its access token. Open the address
it printed at start (<code>/?token=...</code>) once, or send <code>Authorization: Bearer TOKEN</code>.</p>
</body></html>"""


async def _unauthorised(send: Sender, html: bool) -> None:
    extra = [(b"www-authenticate", b"Bearer")]
    if html:
        await _respond(send, 401, _LOGIN_PAGE, b"text/html; charset=utf-8", extra)
    else:
        body = b'{"detail": "missing or wrong token: send Authorization: Bearer TOKEN"}'
        await _respond(send, 401, body, b"application/json", extra)
