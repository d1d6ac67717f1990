"""``HEAD`` answered as ``GET`` without the body, for every page, API route and static file.

FastAPI routes declared with ``@get`` answer ``HEAD`` with 405; link checkers, monitoring
probes and ``curl -I`` expect the GET's status and headers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    """Routes a ``HEAD`` request as ``GET`` and drops the body of the answer (headers kept,
    ``content-length`` included, as RFC 9110 asks)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)
