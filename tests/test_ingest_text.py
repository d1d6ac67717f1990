"""Plain-text files: exact text, encodings, and the failures for bad files."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slant.document import Document
from slant.errors import Failure
from slant.ingest import ReadOptions, read_sources

EN = "The minister said on Tuesday that taxes will fall.\nCritics call it reckless.\n"
SV = "Regeringen meddelade på tisdagen att skatten ska sänkas. Oppositionen är kritisk."
RU = (
    "Правительство объявило во вторник о новых мерах поддержки экономики. "
    "Оппозиция назвала их недостаточными и потребовала отставки министра."
)
FR = (
    "Le gouvernement a annoncé mardi une réforme très controversée. Les élèves et les "
    "enseignants manifestent déjà à Paris, où la colère grandit."
)
AR = "أعلنت الحكومة يوم الثلاثاء عن إجراءات جديدة لدعم الاقتصاد."


def read_one(path: Path, options: ReadOptions | None = None) -> Document | Failure:
    items = list(read_sources([path], options or ReadOptions()))
    assert len(items) == 1, items
    return items[0]


def read_doc(path: Path, options: ReadOptions | None = None) -> Document:
    item = read_one(path, options)
    assert isinstance(item, Document), item
    return item


def read_failure(path: Path, options: ReadOptions | None = None) -> Failure:
    item = read_one(path, options)
    assert isinstance(item, Failure), item
    return item


def test_utf8_text_is_kept_exactly(tmp_path: Path) -> None:
    path = tmp_path / "article123.txt"
    text = "  Indented start.\r\nWindows line.\n\n\tTabbed — “quoted” " + SV + "\n\n"
    path.write_bytes(text.encode("utf-8"))
    doc = read_doc(path)
    assert doc.id == "article123"
    assert doc.text == text
    assert doc.meta == {
        "source": str(path),
        "format": "text",
        "encoding": "utf-8",
        "sha256": doc.sha256,
    }


@pytest.mark.parametrize(
    ("bom_codec", "name"),
    [("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("utf-32", "utf-32")],
)
def test_byte_order_mark_sets_encoding_and_is_removed(tmp_path: Path, bom_codec: str, name: str) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes((RU + "\n" + AR).encode(bom_codec))
    doc = read_doc(path)
    assert doc.text == RU + "\n" + AR
    assert doc.meta["encoding"] == name


def test_utf16_big_endian_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "be.txt"
    path.write_bytes(b"\xfe\xff" + EN.encode("utf-16-be"))
    assert read_doc(path).text == EN


def test_invalid_utf8_strict_fails_with_byte_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    good = "Första raden är på svenska.\nAndra raden också, här.\n".encode()
    path.write_bytes(good + b"Third line \xff broken.\n")
    failure = read_failure(path)
    assert failure.source == str(path)
    assert failure.location == "line 3"
    assert failure.reason == (
        f"invalid UTF-8 at byte {len(good) + 11} (line 3): 0xff; the file mixes encodings "
        "— fix it, or pass --encoding-errors replace"
    )


def test_invalid_utf8_replace_gives_document(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Första raden.\n".encode() + b"Caf\xe9 ouvert.\n")
    doc = read_doc(path, ReadOptions(encoding_errors="replace"))
    assert doc.text == "Första raden.\nCaf\ufffd ouvert.\n"
    assert doc.meta["encoding"] == "utf-8 (invalid bytes replaced)"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RU, "cp1251"), (FR, "cp1252"), (SV, "cp1252"), (RU, "koi8_r")],
)
def test_legacy_encodings_are_detected(tmp_path: Path, text: str, codec: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(codec))
    doc = read_doc(path)
    assert doc.text == text
    assert doc.meta["encoding"] == codec


def test_forced_encoding(tmp_path: Path) -> None:
    path = tmp_path / "forced.txt"
    path.write_bytes(FR.encode("latin-1"))
    doc = read_doc(path, ReadOptions(encoding="latin-1"))
    assert doc.text == FR
    assert doc.meta["encoding"] == "iso8859-1"


def test_forced_encoding_that_does_not_fit(tmp_path: Path) -> None:
    path = tmp_path / "forced.txt"
    path.write_bytes(b"ascii line\n" + FR.encode("cp1252"))
    failure = read_failure(path, ReadOptions(encoding="utf-8"))
    assert failure.location == "line 2"
    assert failure.reason.startswith("invalid utf-8 at byte 35 (line 2): 0xe9; ")


def test_undetectable_encoding(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 3)
    failure = read_failure(path)
    assert failure.reason == "cannot tell the text encoding; pass --encoding NAME"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert read_failure(path) == Failure(str(path), "empty file")


def test_whitespace_only_utf16(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes("  \n ".encode("utf-16"))
    assert read_failure(path).reason == "empty file"


def test_huge_file_is_refused_by_size_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(200 * 1024 * 1024)  # sparse: instant, takes no disk space
    started = time.perf_counter()
    failure = read_failure(path)
    assert time.perf_counter() - started < 0.5
    assert failure.reason == (
        "file is 200.0 MB, over the 16.0 MB limit for one document; raise --max-bytes or split the file"
    )


def test_max_bytes_option(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("x" * 2000)
    failure = read_failure(path, ReadOptions(max_bytes=1024))
    assert failure.reason == (
        "file is 2.0 KB, over the 1.0 KB limit for one document; raise --max-bytes or split the file"
    )


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR junk",
            "not text (looks like a PNG image); pass --exclude '*.png' to skip such files",
        ),
        (
            "photo.jpg",
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            "not text (looks like a JPEG image); pass --exclude '*.jpg' to skip such files",
        ),
        (
            "paper.PDF",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
            "not text (looks like a PDF document); pass --exclude '*.pdf' to skip such files",
        ),
        (
            "notes.txt",
            b"GIF89a\x01\x00\x01\x00",
            "not text (looks like a GIF image); pass --exclude '*.txt' to skip such files",
        ),
        (
            "blob",
            b"abc\x00def\x00" * 10,
            "not text (looks like binary data); pass --exclude 'blob' to skip it",
        ),
        (
            "controls.dat",
            bytes(range(1, 9)) * 50,
            "not text (looks like binary data); pass --exclude '*.dat' to skip such files",
        ),
        (
            "data.gz",
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03junk",
            "not text (looks like a gzip archive); pass --exclude '*.gz' to skip such files",
        ),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert read_failure(path) == Failure(str(path), reason)


def test_unknown_extension_is_sniffed_as_text(tmp_path: Path) -> None:
    path = tmp_path / "README"
    path.write_text(EN, encoding="utf-8")
    doc = read_doc(path)
    assert (doc.id, doc.text, doc.meta["format"]) == ("README", EN, "text")


TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\r\t ")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(TEXT_CHARS, min_size=1, max_size=300))
def test_property_utf8_file_text_is_exact(tmp_path: Path, text: str) -> None:
    path = tmp_path / "random.txt"
    data = text.encode("utf-8")
    path.write_bytes(data)
    (item,) = read_sources([path])
    # a leading U+FEFF is a byte-order mark, so it is not part of the text
    expected = data.decode("utf-8-sig")
    if not expected.strip():
        assert item == Failure(str(path), "empty file")
    else:
        assert isinstance(item, Document)
        assert item.text == expected
