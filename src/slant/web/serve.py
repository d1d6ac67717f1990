"""``slant serve``: check the binding and token, then run the app with uvicorn."""

from __future__ import annotations

import os
from typing import Any

from slant.analyze.pipeline import PipelineConfig
from slant.errors import ConfigError
from slant.web.security import is_loopback
from slant.web.tokens import check_token

TOKEN_ENV = "SLANT_TOKEN"


def check_binding(host: str, token: str | None) -> None:
    """Refuse to listen beyond this machine without a token, and refuse unusable tokens.

    Raises:
        ConfigError: ``host`` is not a loopback address (127.0.0.1, ::1, localhost)
            and no token is given, or the token is malformed, or the host is empty.
    """
    if not host or not host.strip():
        raise ConfigError("--host is empty: give an address to listen on, such as 127.0.0.1")
    if token is not None:
        check_token(token)
        return
    if not is_loopback(host):
        raise ConfigError(
            f"refusing to listen on {host} without a token: anyone who can reach this address could read "
            f"and add to the store. Give --token TOKEN (or set {TOKEN_ENV}), or listen on 127.0.0.1"
        )


def serve(db: str, host: str, port: int, token: str | None, config: PipelineConfig | None = None) -> None:
    """Run the workbench until interrupted.

    Raises:
        ConfigError: see :func:`check_binding`; or the port is out of range.
        StoreError: the store cannot be opened.
        MissingDependency: the ``web`` extra is not installed.
    """
    token = token or os.environ.get(TOKEN_ENV) or None
    check_binding(host, token)
    if not 1 <= port <= 65535:
        raise ConfigError(f"--port {port} is not a TCP port (1-65535)")
    from slant.errors import require

    uvicorn: Any = require("uvicorn", "web")
    require("fastapi", "web")
    from slant.web.app import create_app

    app = create_app(db, token, pipeline=config)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    print(
        f"slant workbench at {address}" + ("?token=<your token> (once, to set the cookie)" if token else "")
    )
    uvicorn.run(app, **server_options(host.strip("[]"), port))


def server_options(host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info") -> dict[str, Any]:
    """The options ``slant serve`` gives uvicorn: h11 with the limits of :mod:`slant.web.connection_limits`.

    Also rate-limits uvicorn's log lines and the limits' own
    (:func:`~slant.web.connection_limits.limit_log_rate`).
    Call it once per server: the per-address connection counts belong to the protocol class it makes.

    Args:
        host: the address to listen on (unused when the server is run on given sockets).
        port: the TCP port (likewise).
        log_level: uvicorn's log level.

    Returns:
        Keyword arguments for ``uvicorn.run`` or ``uvicorn.Config``.
    """
    from slant.web.connection_limits import limit_log_rate, protocol_class

    limit_log_rate("uvicorn.error", "slant.web.connection_limits")  # survives uvicorn's logging setup
    return {
        "host": host,
        "port": port,
        "http": protocol_class(),  # pinned: the header deadline and connection cap live in it
        "ws": "none",  # the app refuses websockets; an upgraded connection would leave the cap's count
        "proxy_headers": False,  # the address the cap counts is the socket's peer, never a header
        "server_header": False,
        "log_level": log_level,
    }


def build_server(app: Any, host: str = "127.0.0.1", port: int = 8000, *, log_level: str = "info") -> Any:
    """The uvicorn server ``slant serve`` runs, not yet started (tests run it in a thread).

    Args:
        app: the ASGI app (see :func:`slant.web.app.create_app`).
        host: the address to listen on (unused when run with ``sockets=[...]``).
        port: the TCP port (likewise).
        log_level: uvicorn's log level.

    Returns:
        A ``uvicorn.Server`` built from :func:`server_options`.

    Raises:
        MissingDependency: the ``web`` extra is not installed.
    """
    from slant.errors import require

    uvicorn: Any = require("uvicorn", "web")
    return uvicorn.Server(uvicorn.Config(app, **server_options(host, port, log_level=log_level)))
