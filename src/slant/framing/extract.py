"""Features of the labelled framing articles, computed once and cached (the encoder pass is the
slow part: about a second per article on two cores)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from slant.document import Document
from slant.framing import data
from slant.framing.features import document_vector, encoding_of, mention_vectors

Report = Callable[[str], None]
VERSION = 1


def progress(report: Report, done: int, total: int, started: float, every: int = 50) -> None:
    """Report every ``every`` articles: how many, the time spent and the time left."""
    if done % every == 0:
        spent = time.monotonic() - started
        report(f"{done}/{total} articles, {spent:.0f} s, ETA {spent / done * (total - done):.0f} s")


def extract(root: Path, cache: Path, report: Report) -> Path:
    """Write ``framing-features-v{VERSION}.npz`` in ``cache`` (kept if already there): one row per
    article (document vectors, labels as JSON) and one per SemEval-2025 mention."""
    from slant.analyze import build

    path = cache / f"framing-features-v{VERSION}.npz"
    if path.exists():
        return path
    cache.mkdir(parents=True, exist_ok=True)
    pipeline = build(["paragraphs", "language", "sentences"])
    articles = [*data.semeval2025(root), *data.semeval2023(root)]
    docs, mentions, doc_rows, mention_rows = [], [], [], []
    started = time.monotonic()
    for k, article in enumerate(articles):
        doc = pipeline(Document(article.id, article.text, {"language": article.language}))
        encoding = encoding_of(doc)
        docs.append(document_vector(encoding))
        doc_rows.append(
            {
                "id": article.id,
                "language": article.language,
                "split": article.split,
                "task": "2025" if article.genre is None and article.frames is None else "2023",
                "narratives": article.narratives,
                "subnarratives": article.subnarratives,
                "genre": article.genre,
                "frames": article.frames,
            }
        )
        if article.mentions:
            vectors = mention_vectors(doc, encoding, [(m.start, m.end) for m in article.mentions])
            for m, vector in zip(article.mentions, vectors, strict=True):
                mentions.append(vector)
                mention_rows.append(
                    {
                        "article": len(docs) - 1,
                        "start": m.start,
                        "end": m.end,
                        "main": m.main,
                        "fine": m.fine,
                    }
                )
        progress(report, k + 1, len(articles), started)
    partial = path.with_suffix(".partial.npz")
    np.savez(
        partial,
        documents=np.stack(docs).astype(np.float16),
        mentions=np.stack(mentions).astype(np.float16),
        document_rows=json.dumps(doc_rows),
        mention_rows=json.dumps(mention_rows),
    )
    partial.replace(path)
    return path


def load(path: Path) -> tuple[np.ndarray, list[dict[str, Any]], np.ndarray, list[dict[str, Any]]]:
    """The cached features: document vectors and rows, mention vectors and rows."""
    with np.load(path) as archive:
        return (
            archive["documents"].astype(np.float32),
            json.loads(str(archive["document_rows"])),
            archive["mentions"].astype(np.float32),
            json.loads(str(archive["mention_rows"])),
        )


if __name__ == "__main__":
    import sys

    print(extract(Path(sys.argv[1]), Path(sys.argv[2]), lambda m: print(m, flush=True)))
