"""Partitions of the input: reading every partition in order gives exactly what read_sources gives."""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import slant.ingest.partitions as partitions
from slant.document import Document
from slant.errors import ConfigError, Failure
from slant.ingest import ReadOptions, read_sources
from slant.ingest.partitions import Partition, line_cuts, plan_partitions, read_partition

SIZES = [1, 2, 3, 1000]
TEXT = "The council approved the new budget on Monday evening, after a long debate number {}."
SMALL = ReadOptions(max_bytes=400)


def line(**fields: Any) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode()


def warc(gzip: bool, *texts: str) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    for number, text in enumerate(texts):
        page = f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{number}", "response", payload=io.BytesIO(page.encode()), http_headers=http
        )
        writer.write_record(record)
    return buffer.getvalue()


def messy_jsonl() -> bytes:
    """JSON lines with every oddity read_sources handles line by line."""
    return b"".join(
        [
            codecs.BOM_UTF8 + line(id="bom", text=TEXT.format(1)) + b"\r\n",
            b"\n",
            b"   \r\n",
            line(id="long", text="x" * 600) + b"\n",  # over SMALL.max_bytes
            b'{"id": "bad", "text": "Broken" "x": 1}\n',
            line(id="nul", text="with a NUL").replace(b"NUL", b"N\x00L") + b"\n",
            b"[1, 2]\n",
            line(id="crlf", text=TEXT.format(2)) + b"\r\n",
            line(text=TEXT.format(3), title="No id") + b"\n",
            line(id="notext", title="x") + b"\n",
            b"\xff\xfe not utf-8 {\n",
            b"\t\n",
            line(id="last", text=TEXT.format(4)),  # no newline at the end
        ]
    )


def build_inputs(root: Path) -> list[str]:
    """A folder tree and loose files covering every reader and failure; the paths to read."""
    folder = root / "in"
    (folder / "nested" / "deep").mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT.format("a") + "\n", encoding="utf-8")
    (folder / "b.html").write_text(f"<html><body><p>{TEXT.format('b')}</p></body></html>", encoding="utf-8")
    (folder / "nested" / "c.txt").write_text(TEXT.format("c"), encoding="utf-8")
    (folder / "nested" / "deep" / "d.md").write_text(TEXT.format("d"), encoding="utf-8")
    (folder / "nested" / "deep" / "e.txt").write_text(TEXT.format("e"), encoding="utf-8")
    (folder / "nested" / "skip.log").write_text(TEXT.format("skip"), encoding="utf-8")
    (folder / "nested" / "blank.txt").write_text("  \n\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(TEXT.format("hidden"), encoding="utf-8")
    (folder / "news.jsonl").write_bytes(messy_jsonl())
    (folder / "news2.ndjson").write_bytes(b"\n".join(line(id=f"n{i}", text=TEXT.format(i)) for i in range(7)))
    (folder / "blank.jsonl").write_bytes(b"\n  \n\r\n\t\n\n")
    (folder / "longonly.jsonl").write_bytes(b"\n" + line(id="l", text="y" * 900) + b"\n\n")
    (folder / "tail-blank.jsonl").write_bytes(line(id="t", text=TEXT.format("t")) + b"\n" + b"\n" * 6)
    (folder / "head-blank.jsonl").write_bytes(b" \n" * 6 + line(id="h", text=TEXT.format("h")) + b"\n")
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "picture.jsonl").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (folder / "zeros.jsonl").write_bytes(b"\x00" * 300)
    (folder / "data.jsonl.gz").write_bytes(
        gzip.compress(b"\n".join(line(id=f"g{i}", text=TEXT.format(i)) for i in range(4)))
    )
    (folder / "blank.jsonl.gz").write_bytes(gzip.compress(b"\n\n"))
    (folder / "crawl.warc.gz").write_bytes(warc(True, TEXT.format("w1"), TEXT.format("w2")))
    (folder / "nested" / "plain.warc").write_bytes(warc(False, TEXT.format("w3")))
    (folder / "sniffed-warc").write_bytes(warc(True, TEXT.format("w4")))
    (folder / "sniffed-jsonl").write_bytes(line(id="s", text=TEXT.format("s")) + b"\n")
    (folder / "sniffed-text").write_bytes(TEXT.format("st").encode())
    os.symlink("self", folder / "nested" / "self")  # a link to itself: ELOOP
    os.symlink("..", folder / "nested" / "up")  # a folder loop: not followed
    os.symlink("nowhere", folder / "nested" / "broken.txt")
    (root / "empty-folder").mkdir()
    loose = root / "loose.jsonl"
    loose.write_bytes(b"".join(line(id=f"x{i}", text=TEXT.format(i)) + b"\n" for i in range(10)))
    (root / "loose.txt").write_text(TEXT.format("loose"), encoding="utf-8")
    return [
        str(folder),
        str(root / "missing.txt"),
        str(loose),
        str(root / "empty-folder"),
        str(root / "loose.txt"),
        str(folder / "news.jsonl"),  # the same file twice: read twice
        str(root / "missing-at-the-end"),
    ]


def key(item: Document | Failure) -> Any:
    if isinstance(item, Document):
        return ("doc", item.id, item.text, item.meta, item.spans)
    return ("failure", item)


def keys(items: Iterable[Document | Failure]) -> list[Any]:
    return [key(item) for item in items]


def read_all(parts: list[Partition], options: ReadOptions) -> list[Any]:
    return keys(item for part in parts for item in read_partition(part, options))


OPTIONS = {
    "default": ReadOptions(),
    "small": SMALL,
    "filtered": ReadOptions(max_bytes=400, exclude=("*.log", "deep"), id_from="path"),
    "included": ReadOptions(include=("*.txt", "nested/*", "*.jsonl"), encoding_errors="replace"),
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(OPTIONS))
def test_partitions_read_in_order_are_read_sources(tmp_path: Path, name: str, size: int) -> None:
    options = OPTIONS[name]
    paths = build_inputs(tmp_path)
    expected = keys(read_sources(paths, options))
    parts = plan_partitions(paths, options, size)
    assert read_all(parts, options) == expected
    assert [part.index for part in parts] == list(range(len(parts)))
    assert plan_partitions(paths, options, size) == parts


def test_the_inputs_cover_what_they_should(tmp_path: Path) -> None:
    """The equivalence test above means something: the inputs give these documents and failures."""
    items = list(read_sources(build_inputs(tmp_path), SMALL))
    reasons = {item.reason.split(";")[0].split(":")[0] for item in items if isinstance(item, Failure)}
    assert {
        "empty file",
        "no JSON lines in it",
        "no such file or directory",
        "symbolic link loop",
        "broken symbolic link",
        "no files to read in this folder",
        "not text (looks like a PNG image)",
        "not text (looks like binary data)",
        "invalid JSON",
        "expected a JSON object, got an array",
        "line is over the 400 bytes limit for one document",
    } <= reasons
    ids = {item.id for item in items if isinstance(item, Document)}
    assert {"a", "b", "bom", "crlf", "last", "g0", "n6", "x9", "s", "sniffed-text", "h", "t"} <= ids
    blank = [item for item in items if isinstance(item, Failure) and item.reason.startswith("no JSON")]
    assert {Path(item.source).name for item in blank} == {"blank.jsonl", "longonly.jsonl", "blank.jsonl.gz"}


@pytest.mark.parametrize("size", SIZES)
def test_relative_paths_and_ids_from_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: int
) -> None:
    build_inputs(tmp_path)
    monkeypatch.chdir(tmp_path)
    options = ReadOptions(id_from="path", max_bytes=400)
    paths = ["in", "loose.jsonl", Path("loose.txt"), "in/nested/../news.jsonl"]
    parts = plan_partitions(paths, options, size)
    assert read_all(parts, options) == keys(read_sources(paths, options))


def test_a_jsonl_file_is_cut_every_size_lines(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    lines = [line(id=f"d{i}", text=TEXT.format(i)) + b"\n" for i in range(10)]
    path.write_bytes(b"".join(lines))
    parts = plan_partitions([path], size=3)
    offsets = [sum(len(text) for text in lines[:n]) for n in (0, 3, 6, 9, 10)]
    assert [(p.path, p.start, p.end, p.first_line) for p in parts] == [
        (str(path), start, end, 1 + 3 * n) for n, (start, end) in enumerate(itertools.pairwise(offsets))
    ]
    assert [p.name for p in parts] == ["part-00000", "part-00001", "part-00002", "part-00003"]
    middle = list(read_partition(parts[1]))
    assert (
        [item.id for item in middle if isinstance(item, Document)]
        == ["d3", "d4", "d5"]
        == [getattr(item, "id", None) for item in middle]
    )
    last = next(read_partition(parts[-1]))
    assert isinstance(last, Document) and last.meta["source"] == f"{path}:10"


def test_a_file_ending_at_a_cut_has_no_empty_last_range(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"".join(line(id=f"d{i}", text=TEXT.format(i)) + b"\n" for i in range(6)))
    parts = plan_partitions([path], size=3)
    assert [(p.start, p.first_line) for p in parts] == [(0, 1), (parts[1].start, 4)]
    assert parts[1].end == path.stat().st_size


def test_whole_files_are_grouped_and_streams_stand_alone(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.html", "e.txt", "g.txt", "h.txt", "k.txt"):
        (tmp_path / name).write_text(TEXT.format(name), encoding="utf-8")
    (tmp_path / "d.warc.gz").write_bytes(warc(True, TEXT.format("w")))
    (tmp_path / "f.jsonl").write_bytes(line(id="f1", text="one") + b"\n" + line(id="f2", text="two") + b"\n")
    (tmp_path / "i.jsonl").write_bytes(b"".join(line(id=f"i{n}", text="i") + b"\n" for n in range(3)))
    (tmp_path / "j").write_bytes(warc(True, TEXT.format("j")))  # a WARC known by its first bytes
    parts = plan_partitions([tmp_path], size=3)
    assert [[Path(source).name for source, _ in p.files] for p in parts] == [
        ["a.txt", "b.txt", "c.html"],
        ["d.warc.gz"],
        ["e.txt", "f.jsonl"],  # a small JSONL file counts as its two lines
        ["g.txt", "h.txt"],  # three more lines would not fit
        ["i.jsonl"],
        ["j"],
        ["k.txt"],
    ]
    assert all(p.path is None for p in parts)


def test_a_file_gone_after_planning_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(b"".join(line(id=f"d{i}", text=TEXT.format(i)) + b"\n" for i in range(4)))
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    parts = plan_partitions([path, tmp_path / "a.txt"], size=2)
    path.unlink()
    (tmp_path / "a.txt").unlink()
    assert [item for part in parts for item in read_partition(part)] == [
        Failure(str(path), "no such file or directory"),
        Failure(str(path), "no such file or directory"),
        Failure(str(tmp_path / "a.txt"), "no such file or directory"),
    ]


def test_planning_failures_come_first_in_the_partition_after_them(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT.format("a"), encoding="utf-8")
    missing = str(tmp_path / "missing")
    parts = plan_partitions([tmp_path / "a.txt", missing, tmp_path / "a.txt", missing], size=10)
    assert [(len(p.files), p.failures) for p in parts] == [
        (1, ()),
        (1, (Failure(missing, "no such file or directory"),)),
        (0, (Failure(missing, "no such file or directory"),)),
    ]
    assert plan_partitions([missing]) == [
        Partition(0, failures=(Failure(missing, "no such file or directory"),))
    ]
    assert plan_partitions([]) == []


def test_standard_input_and_a_bad_size_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="standard input"):
        plan_partitions([tmp_path, "-"])
    with pytest.raises(ConfigError, match="at least 1"):
        plan_partitions([tmp_path], size=0)


def test_a_range_partition_pickles_small(tmp_path: Path) -> None:
    path = tmp_path / ("n" * 150) / "news.jsonl"
    path.parent.mkdir()
    path.write_bytes(b"".join(line(id=f"d{i}", text="x" * 5000) + b"\n" for i in range(50)))
    parts = plan_partitions([path], size=10)
    assert len(parts) == 5 and parts[2].path == str(path)
    assert len(pickle.dumps(parts[2])) < 2000
    assert pickle.loads(pickle.dumps(parts[2])) == parts[2]
    failed = Partition(0, failures=(Failure("x", "y"),))
    assert pickle.loads(pickle.dumps(failed)) == failed


def test_a_file_that_cannot_be_read_fails_as_in_read_sources(tmp_path: Path) -> None:
    path = tmp_path / "locked.jsonl"
    path.write_bytes(line(id="a", text="a") + b"\n" + line(id="b", text="b") + b"\n")
    path.chmod(0)  # root reads it all the same, and the two agree on that too
    parts = plan_partitions([path], size=1)
    assert read_all(parts, SMALL) == keys(read_sources([path], SMALL))


def test_a_file_whose_lines_cannot_be_counted_is_read_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, size: int) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(partitions, "line_cuts", refuse)
    path = tmp_path / "news.jsonl"
    path.write_bytes(line(id="a", text="a") + b"\n" + line(id="b", text="b") + b"\n")
    assert plan_partitions([path], size=1) == [Partition(0, files=((str(path), path.as_posix()),))]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64])
def test_line_cuts_across_chunk_edges(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int) -> None:
    monkeypatch.setattr(partitions, "CHUNK_SIZE", chunk)
    path = tmp_path / "lines"
    for data in (b"a\nbb\n\n\nccc\nd", b"\n" * 10, b"abc", b"a\n" * 9 + b"b\n"):
        path.write_bytes(data)
        for size in (1, 2, 3, 4, 100):
            ends = [n + 1 for n, byte in enumerate(data) if byte == 10]
            lines = len(ends) + (not data.endswith(b"\n"))
            assert line_cuts(path, size) == (ends[size - 1 :: size], lines, len(data))


JSON_LINE = st.sampled_from(
    [
        b"",
        b"  ",
        b"\t",
        b"\r",
        b"\r\r",
        b"{",
        b"[]",
        b"\xef\xbb\xbf",
        b'{"id": "k", "text": "same id"}',
        b'{"text": "' + b"z" * 30 + b'"}',
        b'{"text": "' + b"z" * 60 + b'"}',  # over 64 bytes: too long
        b" " * 70,  # blank but too long
        b'{"text": "a\x00b"}',
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.tuples(st.booleans(), JSON_LINE), max_size=12),
    end_newline=st.booleans(),
    size=st.integers(1, 5),
)
def test_any_jsonl_file_reads_the_same_in_ranges(
    lines: list[tuple[bool, bytes]], end_newline: bool, size: int
) -> None:
    data = b"".join((b"\xef\xbb\xbf" if bom else b"") + text + b"\n" for bom, text in lines)
    if data and not end_newline:
        data = data[:-1]
    options = ReadOptions(max_bytes=64)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.jsonl"
        path.write_bytes(data)
        parts = plan_partitions([path], options, size)
        assert read_all(parts, options) == keys(read_sources([path], options))
