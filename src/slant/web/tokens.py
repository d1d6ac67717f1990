"""What makes an access token usable."""

from __future__ import annotations

import re

from slant.errors import ConfigError

_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=-]{8,256}$")


def check_token(token: str) -> None:
    """Raise ConfigError unless the token is 8 to 256 characters of ``A-Z a-z 0-9 . _ ~ + / = -``."""
    if not _TOKEN.match(token):
        raise ConfigError(
            "the token must be 8 to 256 characters of letters, digits and . _ ~ + / = - "
            "(for example: python -c 'import secrets; print(secrets.token_urlsafe(24))')"
        )
