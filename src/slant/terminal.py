"""Showing untrusted text in a terminal: Rich objects, never markup, no control codes."""

from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

# C0 and C1 controls but tab and newline: an article could carry escape
# sequences that move the cursor, retitle the window or hide text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PALETTE = (
    "on dark_blue",
    "on dark_green",
    "on dark_red",
    "on purple4",
    "on dark_orange3",
    "on deep_sky_blue4",
    "on dark_olive_green3",
    "on magenta3",
)


def visible(value: object) -> str:
    """The string with each control character shown as one visible symbol.

    One character in, one out, so offsets into the text still hold.
    """
    return _CONTROL.sub(lambda m: chr(0x2400 + ord(m.group())) if ord(m.group()) < 0x20 else "�", str(value))


def plain(value: object) -> Text:
    """A Rich Text of an untrusted value: no markup is interpreted."""
    return Text(visible(value))


def style_for(label: str | None, known: dict[str, str]) -> str:
    """A stable background colour per label, in the order labels first appear."""
    key = label or ""
    if key not in known:
        known[key] = _PALETTE[len(known) % len(_PALETTE)]
    return known[key]


def stderr_console() -> Console:
    """The console for errors and progress (standard error)."""
    return Console(stderr=True, highlight=False)
