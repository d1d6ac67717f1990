"""Showing untrusted text in a terminal: Rich objects, never markup, no control codes."""

from __future__ import annotations

import re
from typing import TextIO

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


# For streams: a line break written as CR LF (CSV rows) stays, a lone CR (which would move the
# cursor back over what was printed) does not.
_UNSAFE_IN_STREAM = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class TerminalWriter:
    """A text stream for a terminal: what is written (an export of untrusted text to standard
    output) reaches it with every control character as a visible symbol, as :func:`visible`
    shows them; tab, line feed and CR LF line ends pass."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(_UNSAFE_IN_STREAM.sub(lambda m: visible(m.group()), text))

    def flush(self) -> None:
        self.stream.flush()


def is_terminal(stream: object) -> bool:
    """Whether a stream is an interactive terminal."""
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


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
