"""What a reader sees and touches in the article view, in a real browser (Playwright + Debian's
chromium, as tests/test_web_browser.py): display thresholds and the slider, the explanation panel,
overlapping techniques, links to one span, the search page, deleting a document, trying a text
without keeping it. The articles are invented here, with hand-set spans, so each case is certain.
"""

from __future__ import annotations

import json
import re
import time
import urllib.request
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

from slant.document import Document, Span
from tests.test_web_browser import SMALL_PIPELINE, Watched, running_server, store_docs

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Dialog, Page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TEXT = (
    "Harbour reform\n\n"
    "The government's so-called reform is a shameless raid on working families. "
    "Officials call it modernisation. "
    '"Nobody asked us," said Ana Reyes, a dock worker. '
    "The ministry says 400 jobs are affected."
)
SPARE = "Spare article\n\nA short text about the spare harbour crane, stored to be deleted."


def _at(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def _technique(needle: str, label: str, category: str, score: float, display: float) -> Span:
    start, end = _at(needle)
    attrs: dict[str, object] = {
        "category": category,
        "threshold": 0.25,
        "display_threshold": display,
        "scope": "phrase",
        "explanation": f"Cue: {needle!r}.",
    }
    if score < display:
        attrs["hidden"] = True
    return Span("technique", start, end, label, score, attrs, "slant.techniques.accurate@1")


def reader_doc() -> Document:
    spans = [
        Span("paragraph", 0, 14),
        Span("paragraph", 16, len(TEXT)),
        _technique("shameless raid on working families", "Loaded_Language", "manipulative_wording", 0.72, 0.4),  # noqa: E501
        _technique("shameless raid", "Name_Calling-Labeling", "attack_on_reputation", 0.55, 0.3),
        _technique("so-called reform", "Name_Calling-Labeling", "attack_on_reputation", 0.61, 0.3),
        _technique("modernisation", "Loaded_Language", "manipulative_wording", 0.2, 0.6),
        Span(
            "quote", *_at('"Nobody asked us,"'), "direct", 0.8,
            {"kind": "direct", "speaker": "per:ana-reyes", "speaker_name": "Ana Reyes"}, "slant.quotes@1",
        ),
        Span("claim", *_at("The ministry says 400 jobs are affected."), "claim", 0.81, {}, "slant.claims@1"),
        Span("entity", *_at("Ana Reyes"), "PER", None, {"canonical": "per:ana-reyes"}, "slant.entities@1"),
    ]  # fmt: skip
    return Document(
        "reader-en-reform",
        TEXT,
        {"title": "Harbour reform", "outlet": "Test Voice", "language": "en", "published": "2026-10-20"},
        spans,
    )


def spare_doc() -> Document:
    start = SPARE.index("spare harbour crane")
    return Document(
        "reader-en-spare",
        SPARE,
        {"title": "Spare article", "outlet": "Test Voice", "language": "en", "published": "2026-10-21"},
        [Span("technique", start, start + 19, "Loaded_Language", 0.9, {"category": "manipulative_wording"})],
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("reader") / "reader.db")
    store_docs(db, [reader_doc(), spare_doc()])
    with running_server(db, pipeline=SMALL_PIPELINE) as base:
        yield base


def _segment(page: Page, words: str) -> Any:
    return page.locator("#text .h", has_text=words).first


def _json(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url) as response:
        return dict(json.load(response))


def test_weak_span_hidden_by_default_and_shown_by_the_slider(server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{server}/doc/reader-en-reform")
    weak = _segment(page, "modernisation")
    assert "on-technique" not in (weak.get_attribute("class") or "")
    assert page.locator("#shown-count").inner_text() == "4 shown · 1 below threshold"
    assert page.locator("#use-thresholds").is_checked()
    page.locator("#min-score").fill("0.15")
    assert "on-technique" in (weak.get_attribute("class") or "")
    assert not page.locator("#use-thresholds").is_checked()
    assert page.locator("#shown-count").inner_text() == "5 shown · 0 below 0.15"
    page.locator("#use-thresholds").check()  # back to each model's display threshold
    assert "on-technique" not in (weak.get_attribute("class") or "")
    # The summary names the strongest findings, each a link to its span.
    summary = page.locator("section.summary").inner_text()
    assert "Name calling or labelling ×2" in summary and "Loaded language ×1" in summary
    assert "Ana Reyes" in summary and "The ministry says 400 jobs are affected." in summary
    assert not tab.errors, tab.errors


def test_click_a_highlight_to_see_why(server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{server}/doc/reader-en-reform")
    assert page.locator("#explain").is_hidden()
    _segment(page, "so-called reform").click()
    panel = page.locator("#explain")
    assert panel.is_visible()
    text = panel.inner_text()
    assert "Name calling or labelling" in text and "Attack on reputation" in text
    assert "fairly high (0.61)" in text and "at or above its display threshold 0.30" in text
    assert "A person or group is given a label" in text  # the definition
    page.locator("#explain-close").click()
    assert panel.is_hidden()
    assert not tab.errors, tab.errors


def test_overlapping_techniques_show_as_stripes(server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{server}/doc/reader-en-reform")
    both = _segment(page, "shameless raid")
    assert "multi" in (both.get_attribute("class") or "")
    assert "repeating-linear-gradient" in both.evaluate("e => getComputedStyle(e).backgroundImage")
    alone = _segment(page, "on working families")
    assert "multi" not in (alone.get_attribute("class") or "")
    both.click()  # the panel explains every technique marking the words
    titles = page.locator("#explain h3").all_inner_texts()
    assert sorted(titles) == ["Loaded language", "Name calling or labelling"]


def test_side_list_outlines_a_span_that_shares_its_start(server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{server}/doc/reader-en-reform")
    item = page.locator(
        "details.layer-technique ol.spans li", has_text=re.compile(r"Name calling.*shameless raid", re.S)
    )
    item.locator("a").click()
    focused = page.locator("#text .h.focus")
    assert focused.count() >= 1
    assert "".join(focused.all_inner_texts()) == "shameless raid"
    outline = focused.first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    assert page.locator("#explain h3").all_inner_texts() == ["Name calling or labelling"]


def test_search_spans_from_the_navigation_bar(server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(server + "/")
    with page.expect_navigation():
        page.locator("header nav a", has_text="Spans").click()
    page.fill("form.span-search input[name=text]", "modernisation")
    page.select_option("form.span-search select[name=layer]", "technique")
    with page.expect_navigation():
        page.locator("form.span-search button[type=submit]").click()
    assert "text=modernisation" in page.url
    # Below its display threshold: not found unless asked for.
    assert "No spans match" in page.locator("table.spans").inner_text()
    page.goto(page.url + "&hidden=true")
    row = page.locator("table.spans tbody tr").first
    assert "Officials call it modernisation." in row.inner_text()  # the sentence around the hit
    with page.expect_navigation():
        row.locator("a.jump").click()
    assert "#at-technique-" in page.url
    focused = page.locator("#text .h.focus")
    assert focused.count() == 1 and focused.inner_text() == "modernisation"
    assert "on-technique" in (focused.get_attribute("class") or "")  # revealed, though below threshold
    assert not tab.errors, tab.errors


def test_delete_from_the_page(server: str, browser: Browser) -> None:
    page = browser.new_context().new_page()
    page.set_default_timeout(15_000)
    messages: list[str] = []

    def accept(dialog: Dialog) -> None:  # the confirmation: read, then accepted
        messages.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    page.goto(f"{server}/doc/reader-en-spare")
    with page.expect_navigation():
        page.locator("#delete-doc").click()
    assert messages and "cannot be undone" in messages[0]
    assert "Deleted" in page.locator("p.notice").inner_text()
    assert "Spare article" not in page.locator("table.docs").inner_text()
    response = page.goto(f"{server}/doc/reader-en-spare")
    assert response is not None and response.status == 404
    assert _json(f"{server}/api/spans?text=spare")["total"] == 0
    assert "reader-en-spare" not in json.dumps(_json(f"{server}/api/stats"))
    page.context.close()


def test_try_a_text_without_keeping_it(server: str, tab: Watched) -> None:
    page = tab.page
    before = _json(f"{server}/api/documents")["total"]
    page.goto(server + "/analyze")
    page.fill("input[name=title]", "Trial run")
    page.fill(
        "textarea[name=text]",
        '"We will not move," said Lena Sorra on the bridge. The port stayed shut on 3 May 2026.',
    )
    page.check("#analyze-form input[name=keep]")
    started = time.monotonic()
    page.click("#analyze-form button[type=submit]")
    page.wait_for_url("**/try/*", timeout=45_000)
    assert time.monotonic() - started < 45
    assert "Not stored" in page.locator("p.trial").inner_text()
    assert page.locator("h1").inner_text() == "Trial run"
    assert page.locator("#text .h.on-quote").count() > 0
    assert page.locator("#delete-doc").count() == 0  # nothing stored, nothing to delete
    assert _json(f"{server}/api/documents")["total"] == before
    assert not tab.errors, tab.errors
