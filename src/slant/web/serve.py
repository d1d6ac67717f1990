"""``slant serve``: check the binding and token, then run the app with uvicorn."""

from __future__ import annotations

import os
from typing import Any

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


def serve(db: str, host: str, port: int, token: str | None) -> None:
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

    app = create_app(db, token)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    print(
        f"slant workbench at {address}" + ("?token=<your token> (once, to set the cookie)" if token else "")
    )
    uvicorn.run(
        app, host=host.strip("[]"), port=port, proxy_headers=False, server_header=False, log_level="info"
    )
