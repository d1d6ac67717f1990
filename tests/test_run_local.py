"""The local runner: batches, workers, resumption, failures, --out."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from slant.analyze import Annotations, PipelineConfig, register
from slant.analyze.registry import get
from slant.document import Document
from slant.errors import Failure, RunError
from slant.run.local import LocalRunner
from slant.store import Store


@register("test_fragile", requires=("paragraph",), assigns=("fragile",))
def make_test_fragile() -> object:
    def fragile(doc: Document) -> Annotations:
        if "EXPLODE" in doc.text:
            raise RuntimeError("cannot handle this text")
        return Annotations()

    return fragile


@register("test_deadly", requires=("paragraph",), assigns=("deadly",))
def make_test_deadly() -> object:
    def deadly(doc: Document) -> Annotations:
        if "DIE" in doc.text:
            os._exit(9)  # what the kernel's out-of-memory killer does to a worker
        return Annotations()

    return deadly


FRAGILE = PipelineConfig(("paragraphs", "language", "sentences", "test_fragile"))


def corpus(n: int, prefix: str = "d") -> Iterator[Document]:
    for i in range(n):
        text = (
            f"Report {i}\n\nThe bridge at Varne fell on day {i}. Officials blamed the rain.\n\n"
            "Critics disagreed."
        )
        yield Document(f"{prefix}{i:04}", text, meta={"source": f"in/{prefix}{i:04}.txt"})


def sentence_spans(store: Store) -> dict[str, list[tuple[int, int]]]:
    return {d.id: [(s.start, s.end) for s in d.layer("sentence")] for d in store.iter_documents()}


def test_analyses_everything_and_a_second_run_adds_nothing(store: Store) -> None:
    first = LocalRunner(store, PipelineConfig()).run(corpus(70))
    assert (first.analysed, first.unchanged, first.failed, first.status) == (70, 0, 0, "finished")
    spans = sentence_spans(store)
    assert all(len(v) == 4 for v in spans.values())
    second = LocalRunner(store, PipelineConfig()).run(corpus(70))
    assert (second.analysed, second.unchanged) == (0, 70)
    assert sentence_spans(store) == spans
    assert [r["counts"] for r in store.runs()[:2]] == [
        {"analysed": 0, "updated": 0, "unchanged": 70, "failed": 0},
        {"analysed": 70, "updated": 0, "unchanged": 0, "failed": 0},
    ]


def test_two_workers_give_the_same_result_as_one(tmp_path: Path) -> None:
    with Store(str(tmp_path / "one.db")) as one, Store(str(tmp_path / "two.db")) as two:
        LocalRunner(one, PipelineConfig(), workers=1).run(corpus(80))
        summary = LocalRunner(two, PipelineConfig(), workers=2, batch_size=8).run(corpus(80))
        assert summary.analysed == 80
        assert sentence_spans(one) == sentence_spans(two)


def test_a_resumed_run_analyses_only_what_is_missing(store: Store) -> None:
    LocalRunner(store, PipelineConfig()).run(list(corpus(100))[:37])
    resumed = LocalRunner(store, PipelineConfig()).run(corpus(100))
    assert (resumed.analysed, resumed.unchanged) == (63, 37)
    assert store.count() == 100


@pytest.mark.parametrize("workers", [1, 2])
def test_one_failing_document_fails_alone_with_its_reason(store: Store, workers: int) -> None:
    docs: list[Document | Failure] = list(corpus(20))
    docs[5] = Document("boom", "This text will EXPLODE the analyzer.", meta={"source": "in/boom.txt"})
    docs.insert(9, Failure("in/broken.jsonl", "invalid JSON: Expecting value", "line 4"))
    summary = LocalRunner(store, FRAGILE, workers=workers, batch_size=4).run(docs)
    assert (summary.analysed, summary.failed) == (19, 2)
    assert sorted(map(str, summary.failures)) == [
        "in/boom.txt: analysis failed: RuntimeError: cannot handle this text",
        "in/broken.jsonl:line 4: invalid JSON: Expecting value",
    ]
    assert sorted(map(str, store.failures())) == sorted(map(str, summary.failures))
    assert store.get("boom") is None


def test_out_holds_every_input_document_once_even_when_unchanged(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "analysis.jsonl"
    LocalRunner(store, PipelineConfig()).run(list(corpus(10))[:4])
    docs = [*corpus(10), *list(corpus(10))[:2]]  # two repeated inputs
    LocalRunner(store, PipelineConfig()).run(docs, out=out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [f"d{i:04}" for i in range(10)]
    default_layers = {layer for name in PipelineConfig().analyzers for layer in get(name).layers}
    for record in records:
        layers = {s["layer"] for s in record["spans"]}
        assert {"paragraph", "language", "sentence"} <= layers <= default_layers
        for span in record["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(record["text"])
    assert not out.with_name("analysis.jsonl.partial").exists()


def test_an_interrupted_run_leaves_no_partial_out_and_is_recorded(store: Store, tmp_path: Path) -> None:
    def interrupted() -> Iterator[Document]:
        yield from corpus(40)
        raise KeyboardInterrupt

    out = tmp_path / "x.jsonl"
    with pytest.raises(KeyboardInterrupt):
        LocalRunner(store, PipelineConfig(), batch_size=8).run(interrupted(), out=out)
    assert not out.exists() and not out.with_name("x.jsonl.partial").exists()
    assert store.runs()[0]["status"] == "interrupted"
    assert store.count() == 40


def test_a_worker_that_dies_ends_the_run_with_a_clear_error(store: Store) -> None:
    docs = list(corpus(40))
    docs[30] = Document("die", "This text makes the worker DIE.", meta={"source": "in/die.txt"})
    config = PipelineConfig(("paragraphs", "language", "sentences", "test_deadly"))
    with pytest.raises(RunError, match=r"^an analysis worker process died \(out of memory\?\); what was"):
        LocalRunner(store, config, workers=2, batch_size=4).run(docs)
    assert store.runs()[0]["status"] == "failed"
    assert 0 < store.count() < 40 and store.get("die") is None


def test_out_never_holds_a_stale_version_of_a_document_that_failed_now(store: Store, tmp_path: Path) -> None:
    LocalRunner(store, FRAGILE).run([Document("a", "First version.", meta={"source": "in/a.txt"})])
    changed = Document("a", "Second version will EXPLODE.", meta={"source": "in/a.txt"})
    out = tmp_path / "out.jsonl"
    summary = LocalRunner(store, FRAGILE).run([changed, *corpus(2)], out=out)
    assert summary.failed == 1
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["d0000", "d0001"]
