"""WARC archives: HTML pages from response and resource records, and damaged archives."""

from __future__ import annotations

import gzip as gzip_module
import io
from pathlib import Path
from typing import Any

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import slant.ingest.warc as warc
from slant.document import Document
from slant.errors import Failure
from slant.ingest import ReadOptions, read_sources

PAGES = [
    ("https://www.example.com/news/1", "The council approved the new budget on Monday evening."),
    ("https://news.example.org/2", "Regeringen meddelade på tisdagen att skatten ska sänkas."),
    ("https://ru.example.net/3", "Правительство объявило во вторник о новых мерах поддержки."),
]


def page(text: str) -> str:
    return f"<html><head><title>T</title></head><body><article><p>{text}</p></article></body></html>"


class Archive:
    """A WARC written record by record, remembering where each record ends."""

    def __init__(self, gzip: bool = True) -> None:
        self.buffer = io.BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=gzip)
        self.ends: list[int] = []
        self.ids: list[str] = []

    def add(self, record: object) -> None:
        self.writer.write_record(record)
        self.ends.append(self.buffer.tell())
        self.ids.append(record.rec_headers.get_header("WARC-Record-ID"))  # type: ignore[attr-defined]

    def response(
        self, url: str, body: bytes, content_type: str = "text/html", status: str = "200 OK"
    ) -> None:
        http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
        self.add(self.writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http))

    def other(self, url: str, kind: str, body: bytes = b"", content_type: str | None = None) -> None:
        self.add(
            self.writer.create_warc_record(
                url, kind, payload=io.BytesIO(body), warc_content_type=content_type
            )
        )

    @property
    def data(self) -> bytes:
        return self.buffer.getvalue()


def sample(gzip: bool = True) -> Archive:
    archive = Archive(gzip)
    archive.add(archive.writer.create_warcinfo_record("crawl.warc.gz", {"software": "test"}))
    url, text = PAGES[0]
    archive.other(url, "request", b"GET /news/1 HTTP/1.1\r\nHost: www.example.com\r\n\r\n")
    archive.response(url, page(text).encode())
    archive.response("https://www.example.com/logo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    archive.response("https://www.example.com/gone", page("Not found here.").encode(), status="404 Not Found")
    archive.response(PAGES[1][0], page(PAGES[1][1]).encode(), "text/html; charset=utf-8")
    archive.response(PAGES[2][0], page(PAGES[2][1]).encode("cp1251"), "text/html; charset=windows-1251")
    archive.response("https://www.example.com/empty", b"<html><body><script>x()</script></body></html>")
    archive.other(
        "https://www.example.com/res", "resource", page("A resource record page.").encode(), "text/html"
    )
    return archive


def record_id(archive: Archive, index: int) -> str:
    return archive.ids[index].removeprefix("<urn:uuid:").removesuffix(">")


@pytest.mark.parametrize("gzip", [True, False])
def test_html_pages_are_read(tmp_path: Path, gzip: bool) -> None:
    archive = sample(gzip)
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(archive.data)
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["Document"] * 3 + ["Failure", "Document"]
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.text for d in docs] == [text for _, text in PAGES] + ["A resource record page."]
    first = docs[0]
    assert first.id == record_id(archive, 2)
    assert first.meta["source"] == f"{path}#{first.id}"
    assert first.meta["url"] == PAGES[0][0]
    assert first.meta["domain"] == "example.com"
    assert first.meta["format"] == "warc"
    assert first.meta["fetched"].startswith("20")
    assert docs[2].meta["encoding"] == "cp1251"
    failure = items[3]
    assert failure == Failure(
        str(path),
        "no main text found in HTML",
        location=f"record {record_id(archive, 7)}",
        document_id=record_id(archive, 7),
    )


def test_truncated_warc_gz(tmp_path: Path) -> None:
    archive = sample()
    cut = (archive.ends[5] + archive.ends[6]) // 2  # in the middle of record 7 (the cp1251 page)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(archive.data[:cut])
    after = tmp_path / "after.txt"
    after.write_text("Still read after the damage.")
    items = list(read_sources([path, after]))
    assert [type(i).__name__ for i in items] == ["Document", "Document", "Failure", "Document"]
    damage = items[2]
    assert isinstance(damage, Failure)
    assert (damage.source, damage.location) == (str(path), "after record 6")
    assert damage.reason.startswith("archive is truncated or corrupt: ")
    assert isinstance(items[3], Document) and items[3].id == "after"


def test_truncated_uncompressed_warc(tmp_path: Path) -> None:
    archive = sample(gzip=False)
    path = tmp_path / "cut.warc"
    path.write_bytes(archive.data[: archive.ends[2] - 40])  # inside the first page's body
    items = list(read_sources([path]))
    assert items == [
        Failure(
            str(path),
            "archive is truncated or corrupt: the last record is cut short (36 bytes missing)",
            location="after record 2",
        )
    ]


def test_garbage_after_warc_magic(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"WARC/1.0\r\nthis is not a header\r\n\r\n\x00\x01\x02" * 3)
    (failure,) = read_sources([path])
    assert isinstance(failure, Failure)
    assert failure.location == "after record 0"
    assert failure.reason.startswith("archive is truncated or corrupt: ")


def test_record_over_the_limit(tmp_path: Path) -> None:
    archive = Archive()
    archive.response(PAGES[0][0], page("word " * 400).encode())
    archive.response(PAGES[1][0], page(PAGES[1][1]).encode())
    path = tmp_path / "big.warc.gz"
    path.write_bytes(archive.data)
    items = list(read_sources([path], ReadOptions(max_bytes=1000)))
    assert items[0] == Failure(
        str(path),
        "record body is over the 1000 bytes limit for one document; raise --max-bytes",
        location=f"record {record_id(archive, 0)}",
        document_id=record_id(archive, 0),
    )
    assert isinstance(items[1], Document) and items[1].text == PAGES[1][1]


def test_warc_without_extension_is_sniffed(tmp_path: Path) -> None:
    for name, data in [("plain", sample(False).data), ("packed", sample(True).data)]:
        path = tmp_path / name
        path.write_bytes(data)
        docs = [i for i in read_sources([path]) if isinstance(i, Document)]
        assert len(docs) == 4, name


def test_warc_without_records(tmp_path: Path) -> None:
    path = tmp_path / "blank.warc.gz"
    path.write_bytes(gzip_module.compress(b""))
    assert list(read_sources([path])) == [Failure(str(path), "no WARC records found")]


def test_a_bug_on_one_record_does_not_end_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = warc.html_document

    def flaky(data: bytes, **kwargs: Any) -> Document:
        if b"Regeringen" in data:
            raise RecursionError("too deep")
        return real(data, **kwargs)

    monkeypatch.setattr(warc, "html_document", flaky)
    archive = sample()
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(archive.data)
    items = list(read_sources([path]))
    assert [type(i).__name__ for i in items] == ["Document", "Failure", "Document", "Failure", "Document"]
    assert items[1] == Failure(
        str(path),
        "unexpected error: RecursionError: too deep",
        location=f"record {record_id(archive, 5)}",
        document_id=record_id(archive, 5),
    )
