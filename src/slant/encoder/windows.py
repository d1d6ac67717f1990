"""Cut a document into encoder windows: whole sentences of one paragraph, up to a token budget.

A window is what the encoder sees at once, both in training and at run time, so
heads learn and predict with the same context. Sentences longer than a window are
cut into pieces of a window each; text past ``MAX_UNIT_CHARS`` of one sentence (a
5 MB "sentence" without punctuation) is not encoded at all, and the window list
says so through :attr:`Windows.skipped_chars`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from slant.encoder.tokenizer import Tokenizer, Tokens

#: Tokens of one window, ``<s>`` and ``</s>`` included.
MAX_TOKENS = 128
#: Characters of one sentence that are tokenized; the rest is skipped.
MAX_UNIT_CHARS = 3_000


@dataclass(frozen=True, slots=True)
class Window(Tokens):
    """Tokens (no specials) with offsets in the document; ``paragraph`` is the sentences' paragraph index."""

    paragraph: int

    @property
    def start(self) -> int:
        return int(self.starts[0])

    @property
    def end(self) -> int:
        return int(self.ends[-1])


@dataclass
class Windows:
    """The windows of one document, in text order."""

    items: list[Window] = field(default_factory=list)
    skipped_chars: int = 0

    def __iter__(self) -> Iterator[Window]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def windows(
    text: str,
    sentences: Sequence[tuple[int, int, int]],
    tokenizer: Tokenizer,
    max_tokens: int = MAX_TOKENS,
) -> Windows:
    """Windows over ``sentences`` given as ``(start, end, paragraph)`` in text order."""
    budget = max_tokens - 2
    out = Windows()
    pending: list[Tokens] = []
    pending_paragraph = -1

    def flush() -> None:
        if pending:
            out.items.append(
                Window(
                    np.concatenate([t.ids for t in pending]),
                    np.concatenate([t.starts for t in pending]),
                    np.concatenate([t.ends for t in pending]),
                    pending_paragraph,
                )
            )
            pending.clear()

    used = 0
    for start, end, paragraph in sentences:
        cut = min(end, start + MAX_UNIT_CHARS)
        out.skipped_chars += end - cut
        tokens = tokenizer(text[start:cut])
        if not len(tokens):
            continue
        tokens = Tokens(tokens.ids, tokens.starts + start, tokens.ends + start)
        if paragraph != pending_paragraph or used + len(tokens) > budget:
            flush()
            used, pending_paragraph = 0, paragraph
        if len(tokens) > budget:
            for lo in range(0, len(tokens), budget):
                piece = slice(lo, lo + budget)
                out.items.append(
                    Window(tokens.ids[piece], tokens.starts[piece], tokens.ends[piece], paragraph)
                )
            continue
        pending.append(tokens)
        used += len(tokens)
    flush()
    return out
