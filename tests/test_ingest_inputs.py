"""read_sources: paths, folders, standard input, options and error containment."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path

import pytest

import slant.ingest.inputs as inputs
from slant.document import Document
from slant.errors import ConfigError, Failure
from slant.ingest import ReadOptions, read_sources

EN = "The minister said on Tuesday that taxes will fall."
DE = "Die Regierung kündigte am Dienstag neue Maßnahmen an."


def names(items: list[Document | Failure]) -> list[str]:
    return [i.id if isinstance(i, Document) else f"FAIL {i.source}: {i.reason}" for i in items]


def tree(root: Path, files: dict[str, str]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def test_nonexistent_path_and_the_next_input(tmp_path: Path) -> None:
    good = tree(tmp_path, {"good.txt": EN}) / "good.txt"
    missing = str(tmp_path / "missing.txt")
    items = list(read_sources([missing, good]))
    assert items[0] == Failure(missing, "no such file or directory")
    assert isinstance(items[1], Document) and items[1].text == EN


def test_a_single_path_string(tmp_path: Path) -> None:
    path = tree(tmp_path, {"only.txt": EN}) / "only.txt"
    assert names(list(read_sources(str(path)))) == ["only"]


def test_folder_is_recursive_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "corpus",
        {
            "b.txt": EN,
            "a.md": DE,
            "sub/c.txt": EN + " c",
            "sub/.hidden.txt": "hidden",
            ".git/config.txt": "hidden dir",
            "z/deeper/d.htm": f"<p>{DE}</p>",
        },
    )
    assert names(list(read_sources([root]))) == ["a", "b", "c", "d"]


def test_include_and_exclude(tmp_path: Path) -> None:
    root = tree(
        tmp_path / "corpus",
        {
            "keep/one.txt": EN,
            "keep/two.html": f"<p>{EN}</p>",
            "keep/notes.md": DE,
            "drafts/three.txt": EN,
            "img/pic.png": "not really a png",
        },
    )
    options = ReadOptions(include=("*.txt", "*.html"), exclude=("drafts",))
    assert names(list(read_sources([root], options))) == ["one", "two"]
    only_keep = ReadOptions(include=("keep/*.txt",))
    assert names(list(read_sources([root], only_keep))) == ["one"]
    no_png = ReadOptions(exclude=("*.png", "*.md"))
    assert names(list(read_sources([root], no_png))) == ["three", "one", "two"]


def test_folder_without_matching_files(tmp_path: Path) -> None:
    root = tree(tmp_path / "corpus", {"a.txt": EN})
    items = list(read_sources([root], ReadOptions(include=("*.html",))))
    assert items == [Failure(str(root), "no files to read in this folder matching --include/--exclude")]


def test_id_from_path(tmp_path: Path) -> None:
    root = tree(tmp_path / "corpus", {"2024/a.txt": EN, "2025/a.txt": DE, "x/b.html": f"<p>{EN}</p>"})
    items = list(read_sources([root], ReadOptions(id_from="path")))
    assert names(items) == ["2024/a", "2025/a", "x/b"]
    assert [i.meta["source"] for i in items if isinstance(i, Document)] == [
        str(root / "2024" / "a.txt"),
        str(root / "2025" / "a.txt"),
        str(root / "x" / "b.html"),
    ]


def test_symlinked_folders_are_followed_only_when_asked(tmp_path: Path) -> None:
    outside = tree(tmp_path / "outside", {"linked.txt": EN})
    root = tree(tmp_path / "corpus", {"own.txt": DE})
    os.symlink(outside, root / "link")
    os.symlink(root, root / "loop")  # a cycle must not hang the walk
    assert names(list(read_sources([root]))) == ["own"]
    assert names(list(read_sources([root], ReadOptions(follow_symlinks=True)))) == ["linked", "own"]


def test_broken_symlink(tmp_path: Path) -> None:
    root = tree(tmp_path / "corpus", {"a.txt": EN})
    os.symlink(tmp_path / "nowhere.txt", root / "b.txt")
    items = list(read_sources([root, root / "b.txt"]))
    assert names(items) == [
        "a",
        f"FAIL {root / 'b.txt'}: broken symbolic link",
        f"FAIL {root / 'b.txt'}: broken symbolic link",
    ]


def test_folder_mixes_formats_and_failures_go_on(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    tree(root, {"1.txt": EN, "3.jsonl": json.dumps({"id": "j", "text": DE}) + "\n"})
    (root / "2.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (root / "0.txt").write_bytes(b"")
    assert names(list(read_sources([root]))) == [
        f"FAIL {root / '0.txt'}: empty file",
        "1",
        f"FAIL {root / '2.png'}: not text (looks like a PNG image); "
        "pass --exclude '*.png' to skip such files",
        "j",
    ]


@pytest.mark.parametrize("binary", [True, False])
def test_stdin_jsonl(binary: bool) -> None:
    lines = [json.dumps({"id": f"s{i}", "text": f"{EN} {i}"}) for i in range(3)]
    content = "\n".join(lines) + "\n"
    stdin = io.BytesIO(content.encode()) if binary else io.StringIO(content)
    items = list(read_sources(["-"], stdin=stdin))
    assert names(items) == ["s0", "s1", "s2"]
    assert items[1].meta["source"] == "<stdin>:2"  # type: ignore[union-attr]


def test_stdin_jsonl_is_streamed() -> None:
    """Lines come out before the whole input is read."""

    class Endless(io.RawIOBase):
        def __init__(self) -> None:
            self.count = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
            self.count += 1
            data = (json.dumps({"text": f"{EN} {self.count}"}) + "\n").encode()
            buffer[: len(data)] = data
            return len(data)

    items = read_sources(["-"], stdin=io.BufferedReader(Endless()))
    first = [next(items) for _ in range(5)]
    assert all(isinstance(i, Document) for i in first)


def test_stdin_html_text_and_gzip() -> None:
    html = list(read_sources(["-"], stdin=io.BytesIO(f"  <!DOCTYPE html><p>{DE}</p>".encode())))
    assert isinstance(html[0], Document)
    assert html[0].text == DE and html[0].meta["format"] == "html"
    assert html[0].meta["source"] == "<stdin>"
    assert html[0].id.startswith("sha256:")
    text = list(read_sources(["-"], stdin=io.StringIO(EN + "\n")))
    assert isinstance(text[0], Document) and text[0].text == EN + "\n"
    packed = gzip.compress((json.dumps({"id": "g", "text": EN}) + "\n").encode())
    assert names(list(read_sources(["-"], stdin=io.BytesIO(packed)))) == ["g"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty input"),
        (b"  \n ", "empty input"),
        (b"\x89PNG\r\n\x1a\n\x00", "not text (looks like a PNG image)"),
    ],
)
def test_stdin_failures(content: bytes, reason: str) -> None:
    assert list(read_sources(["-"], stdin=io.BytesIO(content))) == [Failure("<stdin>", reason)]


def test_stdin_over_the_limit() -> None:
    items = list(read_sources(["-"], ReadOptions(max_bytes=100), stdin=io.BytesIO(b"x" * 500)))
    assert items == [
        Failure(
            "<stdin>",
            "input is over the 100 bytes limit for one document; raise --max-bytes or split the file",
        )
    ]


def test_unexpected_error_becomes_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> Document:
        raise RuntimeError("kaput")

    monkeypatch.setattr(inputs, "text_document", boom)
    root = tree(tmp_path, {"a.txt": EN, "b.html": f"<p>{EN}</p>"})
    assert names(list(read_sources([root]))) == [
        f"FAIL {root / 'a.txt'}: unexpected error: RuntimeError: kaput",
        "b",
    ]


def test_special_files(tmp_path: Path) -> None:
    root = tree(tmp_path / "corpus", {"a.txt": EN})
    os.mkfifo(root / "pipe.txt")
    # a FIFO inside a folder is left out; given by name it is refused, never opened
    assert names(list(read_sources([root, root / "pipe.txt"]))) == [
        "a",
        f"FAIL {root / 'pipe.txt'}: not a regular file",
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"fields": {"body": "text"}}, "unknown field 'body' in --field"),
        ({"max_bytes": 0}, "--max-bytes must be positive"),
        ({"encoding_errors": "ignore"}, "--encoding-errors must be 'strict' or 'replace'"),
        ({"id_from": "name"}, "--id-from must be 'stem' or 'path'"),
        ({"encoding": "klingon"}, "unknown text encoding 'klingon'"),
    ],
)
def test_invalid_options(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        ReadOptions(**kwargs)  # type: ignore[arg-type]


def test_options_are_immutable() -> None:
    fields = {"text": "body"}
    options = ReadOptions(include=["*.txt"], fields=fields)  # type: ignore[arg-type]
    fields["text"] = "other"
    assert options.include == ("*.txt",)
    assert options.fields["text"] == "body"
