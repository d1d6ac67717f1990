"""HTML files: main text with paragraphs, metadata, charsets, and broken pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from slant.document import Document
from slant.errors import Failure
from slant.ingest import read_sources

PARAGRAPHS = [
    "Regeringen meddelade på tisdagen att skatten på arbete ska sänkas med flera miljarder kronor nästa år.",
    "Oppositionen kallar förslaget oansvarigt och menar att välfärden kommer att drabbas hårt av besluten.",
    "Finansministern försvarade förslaget i riksdagen och sade att det stärker ekonomin på lång sikt.",
]

PAGE = """<!DOCTYPE html>
<html lang="sv-SE">
<head>
<meta charset="utf-8">
<title>Regeringen sänker skatten - Dagens Nyheter</title>
<meta property="og:site_name" content="Dagens Nyheter">
<meta name="author" content="Anna Svensson; Erik Berg">
<meta property="article:published_time" content="2024-03-05T10:00:00+01:00">
<link rel="canonical" href="https://www.DN.se/ekonomi/skatten/">
</head>
<body>
<nav><a href="/">Hem</a> <a href="/sport">Sport</a> <a href="/kultur">Kultur</a></nav>
<article>
<h1>Regeringen sänker skatten</h1>
<p>{0}</p>
<p>{1}</p>
<p>{2}</p>
</article>
<footer>Copyright 2024 Dagens Nyheter. Alla rättigheter förbehållna.</footer>
</body>
</html>
"""


def read_one(path: Path) -> Document | Failure:
    items = list(read_sources([path]))
    assert len(items) == 1, items
    return items[0]


def test_article_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "skatten.html"
    path.write_text(PAGE.format(*PARAGRAPHS), encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.id == "skatten"
    assert doc.text == "\n\n".join(["Regeringen sänker skatten", *PARAGRAPHS])
    assert doc.meta == {
        "source": str(path),
        "format": "html",
        "encoding": "utf-8",
        "url": "https://www.dn.se/ekonomi/skatten/",
        "domain": "dn.se",
        "title": "Regeringen sänker skatten",
        "authors": ["Anna Svensson", "Erik Berg"],
        "published": "2024-03-05",
        "outlet": "Dagens Nyheter",
        "declared_language": "sv-SE",
        "sha256": doc.sha256,
    }
    assert "Copyright" not in doc.text and "Sport" not in doc.text


RU_PARAGRAPHS = [
    "Правительство объявило во вторник о новых мерах поддержки экономики страны.",
    "Оппозиция назвала их недостаточными и потребовала отставки министра финансов.",
]


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
        "",  # no declaration: detected
    ],
)
def test_legacy_charset(tmp_path: Path, head: str) -> None:
    page = (
        f"<html><head>{head}<title>Новости</title></head><body><article>"
        + "".join(f"<p>{p}</p>" for p in RU_PARAGRAPHS)
        + "</article></body></html>"
    )
    path = tmp_path / "ru.htm"
    path.write_bytes(page.encode("cp1251"))
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == "\n\n".join(RU_PARAGRAPHS)
    assert doc.meta["encoding"] == "cp1251"


def test_wrong_declared_charset_falls_back_to_detection(tmp_path: Path) -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>{}</p></body></html>'
    path = tmp_path / "liar.html"
    path.write_bytes(page.format(RU_PARAGRAPHS[0]).encode("cp1251"))
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == RU_PARAGRAPHS[0]
    assert doc.meta["encoding"] == "cp1251"


def test_declared_utf16_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "odd.html"
    body = f'<html><head><meta charset="utf-16"></head><body><p>{PARAGRAPHS[0]}</p></body></html>'
    path.write_bytes(body.encode("utf-8"))
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == PARAGRAPHS[0]


def test_malformed_html_recovers_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.html"
    path.write_text(
        "<html><body><div><p>Unclosed <b>bold <i>words in the first paragraph of this text"
        "<p>Another paragraph &&& with <<garbage>> and a missing end</div></span></table>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert "Unclosed bold words in the first paragraph of this text" in doc.text
    assert "Another paragraph" in doc.text


def test_fragment_uses_fallback(tmp_path: Path) -> None:
    path = tmp_path / "fragment.html"
    path.write_text("<p>Kort.</p><p>Två.</p>", encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == "Kort.\n\nTvå."


@pytest.mark.parametrize(
    "page",
    [
        "<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>",
        "<html><body><p>   </p><!-- nothing --></body></html>",
    ],
)
def test_no_text(tmp_path: Path, page: str) -> None:
    path = tmp_path / "nothing.html"
    path.write_text(page, encoding="utf-8")
    assert read_one(path) == Failure(str(path), "no main text found in HTML")


def test_xhtml_with_xml_declaration(tmp_path: Path) -> None:
    path = tmp_path / "page.xhtml"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr" lang="fr"><body>'
        "<p>Le gouvernement a annoncé mardi une réforme très controversée.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.text == "Le gouvernement a annoncé mardi une réforme très controversée."
    assert doc.meta["declared_language"] == "fr"


def test_html_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text(PAGE.format(*PARAGRAPHS), encoding="utf-8")
    doc = read_one(path)
    assert isinstance(doc, Document)
    assert doc.meta["format"] == "html"
    assert doc.text.endswith(PARAGRAPHS[-1])


def test_extraction_is_quiet(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    for name, page in [("a.html", "<html><body></body></html>"), ("b.html", "<p>x</p>")]:
        (tmp_path / name).write_text(page, encoding="utf-8")
    list(read_sources([tmp_path]))
    captured = capfd.readouterr()
    assert captured.out == "" and captured.err == ""
