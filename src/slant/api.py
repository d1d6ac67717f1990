"""The Python API: ``nlp = slant.load()``, ``doc = nlp("text")``, ``nlp.pipe(texts)``.

The same analyzers and configuration as ``slant analyze``, without a store: each call returns
a :class:`~slant.document.Document` with its spans (stand-off, character offsets into the text).
docs/PYTHON.md has examples; the tests run them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from slant.analyze.pipeline import Pipeline, PipelineConfig
from slant.document import Document, text_sha256
from slant.errors import ConfigError

TIERED = ("techniques", "claims")
CHUNK = 8
"""Documents handed to a worker process at a time by :meth:`Slant.pipe`."""

Record = str | Mapping[str, Any] | Document


class Slant:
    """A configured pipeline; call it on a text, or stream texts through :meth:`pipe`."""

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config
        self._pipeline: Pipeline | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The analyzers, built on first use (models load lazily inside them)."""
        if self._pipeline is None:
            self._pipeline = Pipeline(self.config)
        return self._pipeline

    @property
    def analyzers(self) -> list[str]:
        """The analyzers' names, in the order they run."""
        return list(self.config.analyzers)

    def __call__(self, text: str, meta: Mapping[str, Any] | None = None, id: str | None = None) -> Document:
        """Analyse one text; ``meta`` (outlet, published, title, language, …) as in Analysis JSONL."""
        return self.pipeline(document(text, meta, id))

    def pipe(self, records: Iterable[Record], workers: int = 1) -> Iterator[Document]:
        """Analyse texts, ``{"text": …, "id": …, "meta": {…}}`` mappings or Documents, in input
        order; ``workers`` > 1 spreads them over that many processes (each loads its own models)."""
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers!r}")
        documents = (_as_document(record) for record in records)
        if workers == 1:
            for doc in documents:
                yield self.pipeline(doc)
            return
        with ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(self.config,)) as pool:
            yield from pool.map(_analyse_in_worker, documents, chunksize=CHUNK)


def load(
    config: str | Path | Mapping[str, Any] | PipelineConfig | None = None,
    tier: str | None = None,
    pipeline: Sequence[str] | None = None,
) -> Slant:
    """The default pipeline, or one from a config file (TOML/JSON), mapping or PipelineConfig;
    ``tier`` (auto | fast | accurate) for techniques and claims; ``pipeline`` to run fewer analyzers."""
    if config is None:
        resolved = PipelineConfig()
    elif isinstance(config, PipelineConfig):
        resolved = config
    elif isinstance(config, str | Path):
        resolved = PipelineConfig.from_file(config)
    elif isinstance(config, Mapping):
        resolved = PipelineConfig.from_dict(config)
    else:
        raise TypeError(f"config must be a path, a mapping or a PipelineConfig, not {type(config).__name__}")
    if pipeline is not None:
        resolved = PipelineConfig(
            analyzers=tuple(pipeline),
            options={k: v for k, v in resolved.options.items() if k in pipeline},
        )
    if tier is not None:
        tiered = [name for name in TIERED if name in resolved.analyzers]
        if not tiered:
            raise ConfigError("tier needs the techniques or claims analyzer in the pipeline")
        for name in tiered:
            resolved = resolved.with_options(name, tier=tier)
    nlp = Slant(resolved)
    nlp.pipeline  # noqa: B018  (build now, so a bad config fails here and not at the first text)
    return nlp


def document(text: str, meta: Mapping[str, Any] | None = None, id: str | None = None) -> Document:
    """A Document for ``text``; TypeError for anything but a string, ValueError for a blank one."""
    if not isinstance(text, str):
        binary = isinstance(text, bytes | bytearray)
        hint = " (decode bytes first, or use slant.read for files)" if binary else ""
        raise TypeError(f"text must be a str, not {type(text).__name__}{hint}")
    if not text.strip():
        raise ValueError("text is empty: there is nothing to analyse")
    if meta is not None and not isinstance(meta, Mapping):
        raise TypeError(f"meta must be a mapping, not {type(meta).__name__}")
    return Document(id or f"doc-{text_sha256(text)[:12]}", text, dict(meta or {}))


def _as_document(record: Record) -> Document:
    if isinstance(record, Document):
        return record
    if isinstance(record, Mapping):
        return document(record.get("text"), record.get("meta"), record.get("id"))  # type: ignore[arg-type]
    return document(record)


_WORKER: list[Pipeline] = []


def _start_worker(config: PipelineConfig) -> None:
    _WORKER[:] = [Pipeline(config)]


def _analyse_in_worker(doc: Document) -> Document:
    return _WORKER[0](doc)
