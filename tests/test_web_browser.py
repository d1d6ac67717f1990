"""End-to-end tests of the workbench in a real browser: Playwright driving Debian's chromium.

The demo corpus is analysed into a temporary SQLite store, the real server runs
(uvicorn in a background thread on a free loopback port) and chromium opens the
pages, clicks and types as a reader would. Playwright's own browsers are never
downloaded: the browser is the system's ``chromium`` (``SLANT_CHROMIUM`` names
another binary). Without playwright or chromium these tests are skipped, unless
``SLANT_REQUIRE_BROWSER=1`` (set by ``.ci/run``), where they fail instead.

``scripts/screenshots.py`` reuses these helpers to write the screenshots in docs/img/.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import struct
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from slant.store import Store
from tests.demo import analyze_args
from tests.test_web_data import EVIL, IMG, english, hostile

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "demo"
DEMO_IDS = sorted(p.stem for p in (DEMO / "articles").iterdir() if p.suffix in (".txt", ".html"))
DEMO_COUNT = 16  # the files above and the wire.jsonl records
ENGLISH_DOC = "voice-en-2026-10-16-opinion-sold-our-harbour"
# An opinion piece in which the technique tagger shows several spans (it shows none above its
# thresholds in ENGLISH_DOC: English recall is its weak side, docs/QUALITY.md).
MARKED_DOC = "voice-sv-2026-10-15-opinion-hamnen-ar-inte-till-salu"
ARABIC_DOC = "sentinel-ar-2026-10-15-port-resumes"
REPORT_DOC = "voice-en-2026-10-18-velsburg-march"
SMALL_PIPELINE = ["paragraphs", "language", "sentences", "quotes", "dates"]
"""What ``POST /api/analyze`` runs here: quick analyzers that still highlight something."""
TOKEN = "browser-test-token-0123456789"
VIEWPORT = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
]
SCREENSHOT_MAX_BYTES = 300_000
"""Largest screenshot written to docs/img (the test allows a fifth more: fonts differ between machines)."""


def chromium_path() -> str | None:
    """The chromium binary: ``SLANT_CHROMIUM``, else ``chromium`` (or ``chromium-browser``) on PATH."""
    named = os.environ.get("SLANT_CHROMIUM")
    if named:
        return named if Path(named).is_file() else shutil.which(named)
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing(reason: str) -> None:
    if os.environ.get("SLANT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SLANT_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


def analyse_demo(db: str, tier: str = "fast") -> None:
    """``slant analyze demo/articles --config demo/slant.toml --tier TIER --metadata
    demo/metadata.csv`` into ``db``, as scripts/demo.sh does (the tests use the fast tier)."""
    from typer.testing import CliRunner

    from slant.cli import app

    result = CliRunner().invoke(app, analyze_args(db, "--quiet", tier=tier))
    assert result.exit_code == 0, result.output


def store_docs(db: str, docs: Sequence[Any]) -> None:
    with Store(db) as store:
        run_id = store.start_run("test", ["invented"], {})
        result = store.write(run_id, list(docs))
        assert not result.failures, result.failures


@contextmanager
def running_server(db: str, token: str | None = None, pipeline: Sequence[str] | None = None) -> Iterator[str]:
    """The real app served by uvicorn in a background thread; yields its base URL."""
    from slant.web.app import create_app

    with serving(create_app(db, token, pipeline=pipeline)) as port:
        yield f"http://127.0.0.1:{port}"


@contextmanager
def serving(app: Any) -> Iterator[int]:
    """``app`` served as ``slant serve`` serves it (its limits included), in a background thread
    on a free loopback port; yields the port."""
    from slant.web.serve import build_server

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    server = build_server(app, log_level="warning")
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield sock.getsockname()[1]
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@contextmanager
def chromium_browser() -> Iterator[Browser]:
    """Debian's chromium under Playwright, headless, with a fresh temporary profile."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("playwright is not installed (pip install playwright)")
    executable = chromium_path()
    if executable is None:
        _missing("no chromium binary (apt-get install chromium, or set SLANT_CHROMIUM)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Watched:
    """A page with what it reported: dialogs (which are dismissed) and console errors."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def open_page(browser: Browser) -> Watched:
    """A new page in a fresh context (no cookies), watched for dialogs and errors."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = context.new_page()
    page.set_default_timeout(15_000)
    watched = Watched(page)

    def on_dialog(dialog: Any) -> None:
        watched.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda msg: watched.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: watched.errors.append(str(exc)))
    return watched


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


SHOTS = (
    # name, address (#part: scrolled to), a highlight to click first (its explanation opens)
    ("workbench-article.png", f"/doc/{REPORT_DOC}", "a whitewash written"),
    ("workbench-opinion.png", f"/doc/{MARKED_DOC}", None),
    ("workbench-arabic.png", f"/doc/{ARABIC_DOC}", None),
    ("workbench-spans.png", "/spans?layer=quote&text=hamn", None),
    ("workbench-analyze.png", "/analyze", None),
    ("workbench-dashboard.png", "/dashboard", None),
    ("workbench-comparisons.png", "/dashboard#box-quote-clusters", None),
    ("workbench-actor.png", "/actors/corvane-logistics?hidden=true#roles", None),
)


def take_screenshots(browser: Browser, base: str, folder: Path) -> list[Path]:
    """The workbench's screenshots at 1280x800 (:data:`SHOTS`): an English report with one
    finding explained, the Swedish opinion piece with its summary, the Arabic article, a span
    search, the analyse page, the dashboard's top and its comparisons (repeated quotes, wording),
    and one actor through both outlets."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    watched = open_page(browser)
    try:
        for name, path, click in SHOTS:
            address, _, anchor = path.partition("#")
            response = watched.page.goto(base + address, wait_until="networkidle")
            assert response is not None and response.status == 200, path
            if anchor:  # a part further down the page: scrolled to its top
                watched.page.locator("#" + anchor).evaluate("element => element.scrollIntoView()")
            if click:
                highlight = watched.page.locator("#text .h[class*='on-']", has_text=click)
                if highlight.count():  # the fast tier may not mark it
                    highlight.first.scroll_into_view_if_needed()
                    highlight.first.click()
            target = folder / name
            target.write_bytes(watched.page.screenshot(full_page=False, type="png"))
            written.append(target)
    finally:
        watched.page.context.close()
    return written


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    """The demo corpus analysed into a fresh store, served without a token."""
    db = str(tmp_path_factory.mktemp("browser") / "demo.db")
    analyse_demo(db)
    with running_server(db, pipeline=SMALL_PIPELINE) as base:
        yield base


@pytest.fixture(scope="module")
def guarded_server(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Iterator[str]:
    """A store with a hostile article (and a plain one), served with a token."""
    db = str(tmp_path_factory.mktemp("browser-guarded") / "hostile.db")
    store_docs(db, [english(), hostile()])
    with running_server(db, token=TOKEN) as base:
        yield base


def _count(page: Page, selector: str) -> int:
    return page.locator(selector).count()


# --- tests -----------------------------------------------------------------------------------


def test_index_lists_the_demo_documents(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(demo_server + "/")
    assert page.locator("p.count").inner_text().startswith(f"{DEMO_COUNT} documents")
    assert _count(page, "table.docs tbody tr") == DEMO_COUNT
    hrefs = page.locator("table.docs tbody a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert len(hrefs) == DEMO_COUNT
    for doc_id in DEMO_IDS:
        assert f"/doc/{doc_id}" in hrefs, doc_id
    assert not tab.errors and not tab.dialogs


def test_index_search_form(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(demo_server + "/")
    page.fill("input[name=q]", "Velsburg")
    with page.expect_navigation() as navigation:
        page.click("form.filters button")
    response = navigation.value
    assert response is not None
    assert response.status == 200  # the form sends its empty date fields as from=&to=
    assert 0 < _count(page, "table.docs tbody tr a") < DEMO_COUNT
    page.select_option("select[name=language]", "sv")
    page.click("form.filters button")
    page.wait_for_url("**language=sv*")
    languages = page.locator("table.docs tbody td:nth-child(3)").all_inner_texts()
    assert languages and set(languages) == {"sv"}


def test_article_highlights_several_layers(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{demo_server}/doc/{MARKED_DOC}")
    assert "Hamnen är inte till salu" in page.locator("h1").inner_text()
    # Techniques and quotes on when the page opens; the other layers one click away.
    assert _count(page, "#text .h.on-quote") > 0
    assert _count(page, "#text .h.on-entity") == 0 and _count(page, "#text .h.on-date") == 0
    for layer in ("entity", "date"):
        page.locator(f"#layer-controls input.toggle[data-layer={layer}]").check()
    counts = {
        layer: _count(page, f"#text .h.on-{layer}") for layer in ("technique", "entity", "quote", "date")
    }
    assert all(n > 0 for n in counts.values()), counts
    assert _count(page, "#text .h[class*='cat-']") > 0
    # The styles apply: entities are underlined, quotes italic, techniques have a background.
    entity = page.locator("#text .h.on-entity").first
    assert entity.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    quote = page.locator("#text .h.on-quote").first
    assert quote.evaluate("e => getComputedStyle(e).fontStyle") == "italic"
    technique = page.locator("#text .h[class*='cat-']").first
    assert technique.evaluate("e => getComputedStyle(e).backgroundColor") not in ("rgba(0, 0, 0, 0)", "")
    # The key above the text says what is shown and how to get the reasons.
    key = page.locator("#key").inner_text()
    assert "shown ·" in key and "below threshold" in key and "Click a highlight" in key
    assert not tab.errors, tab.errors  # no CSP violation, no script error


def test_toggle_a_layer_off_and_on(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{demo_server}/doc/{MARKED_DOC}")
    toggle = page.locator("#layer-controls input.toggle[data-layer=entity]")
    toggle.check()
    before = _count(page, "#text .h.on-entity")
    assert before > 0
    marked = page.locator("#text .h.on-entity").evaluate_all(
        "els => els.map(e => { e.dataset.wasEntity = '1'; return 1; }).length"
    )
    assert marked == before
    toggle.uncheck()
    assert _count(page, "#text .h.on-entity") == 0
    styles = page.locator("#text [data-was-entity]").evaluate_all(
        "els => els.map(e => getComputedStyle(e).borderBottomStyle)"
    )
    assert styles and all(s == "none" for s in styles), styles
    assert _count(page, "#text .h.on-technique") > 0  # other layers stay
    toggle.check()
    assert _count(page, "#text .h.on-entity") == before
    # Techniques off: no category background is left.
    page.locator("#layer-controls input.toggle[data-layer=technique]").uncheck()
    assert _count(page, "#text .h[class*='cat-']") == 0 and _count(page, "#text .h.on-technique") == 0
    page.locator("#layer-controls input.toggle[data-layer=technique]").check()
    assert _count(page, "#text .h.on-technique") > 0
    assert not tab.errors, tab.errors


def test_confidence_slider_hides_weak_spans(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{demo_server}/doc/{MARKED_DOC}")
    scores = page.locator("#span-data").evaluate(
        "n => Object.values(JSON.parse(n.textContent).spans).filter(s => s[0] === 'technique').map(s => s[1])"
    )
    assert scores and min(scores) < max(scores)
    threshold = round(sorted(scores)[len(scores) // 2] + 0.05, 2)
    threshold = min(1.0, round(threshold * 20) / 20)  # the slider's step is 0.05
    page.locator("#min-score").fill("0")
    all_techniques = _count(page, "#text .h.on-technique")
    assert _count(page, "ol.spans li.hidden") == 0
    page.locator("#min-score").fill(str(threshold))
    assert page.locator("#min-score-out").inner_text() == f"{threshold:.2f}"
    assert not page.locator("#use-thresholds").is_checked()  # the slider replaces the thresholds
    strong = _count(page, "#text .h.on-technique")
    assert strong < all_techniques
    assert _count(page, "ol.spans li.hidden") > 0
    assert f"below {threshold:.2f}" in page.locator("#shown-count").inner_text()
    # Spans without a score stay whatever the threshold (entities with a given canonical id here).
    page.locator("#layer-controls input.toggle[data-layer=entity]").check()
    unscored = page.locator("#span-data").evaluate(
        "n => Object.values(JSON.parse(n.textContent).spans)"
        ".filter(s => s[0] === 'entity' && s[1] === null).length"
    )
    page.locator("#min-score").fill("1")
    assert (_count(page, "#text .h.on-entity") > 0) == (unscored > 0)
    page.locator("#min-score").fill("0")
    assert _count(page, "#text .h.on-technique") == all_techniques
    assert _count(page, "ol.spans li.hidden") == 0


def test_arabic_article_runs_right_to_left(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{demo_server}/doc/{ARABIC_DOC}")
    paragraphs = page.locator("#text p")
    assert paragraphs.count() > 1
    info = paragraphs.evaluate_all(
        "ps => ps.map(p => [p.getAttribute('dir'), p.getAttribute('lang'), getComputedStyle(p).direction,"
        " p.matches(':dir(rtl)')])"
    )
    for dir_attr, lang, direction, rtl in info:
        assert dir_attr == "auto" and lang == "ar"
        assert direction == "rtl" and rtl
    assert page.locator("h1").evaluate("e => e.matches(':dir(rtl)')")
    page.locator("#layer-controls input.toggle[data-layer=entity]").check()
    assert _count(page, "#text .h.on-entity") > 0


def test_analyse_a_pasted_text(demo_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(demo_server + "/analyze")
    page.fill("input[name=title]", "Harbour strike ends")
    page.fill("input[name=outlet]", "Browser Test Gazette")
    page.fill(
        "textarea[name=text]",
        "The harbour strike ended on 12 November 2026 after nine days.\n\n"
        '"We got what we asked for," said Ana Reyes, a dock worker. '
        "The port authority said ships would sail again on Friday.",
    )
    started = time.monotonic()
    page.click("#analyze-form button[type=submit]")
    link = page.locator("#analyze-status a")
    link.wait_for(timeout=45_000)
    took = time.monotonic() - started
    assert link.inner_text() == "open the analysed document"
    link.click()
    page.wait_for_url("**/doc/sha256*")
    assert page.locator("h1").inner_text() == "Harbour strike ends"
    page.locator("#layer-controls input.toggle[data-layer=date]").check()
    assert _count(page, "#text .h.on-date") > 0
    assert _count(page, "#text .h.on-quote") > 0
    assert "ended on 12 November 2026" in page.locator("#text").inner_text()
    assert not tab.errors, tab.errors
    assert took < 45, took


def test_upload_files_from_the_browser(demo_server: str, tab: Watched, tmp_path: Path) -> None:
    page = tab.page
    page.goto(demo_server + "/analyze")
    good = tmp_path / "strike.txt"
    good.write_text(
        "Dock strike\n\nThe dock strike ended on 12 November 2026, the union said on Friday.",
        encoding="utf-8",
    )
    picture = tmp_path / "photo.txt"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    page.set_input_files("#upload-form input[type=file]", [str(good), str(picture)])
    page.click("#upload-form button[type=submit]")
    link = page.locator("#upload-results a")
    link.first.wait_for(timeout=45_000)
    results = page.locator("#upload-results").inner_text()
    assert "photo.txt" in results and "PNG" in results  # the failure, with its reason
    link.first.click()
    page.wait_for_url("**/doc/**")
    assert "ended on 12 November 2026" in page.locator("#text").inner_text()
    page.locator("#layer-controls input.toggle[data-layer=date]").check()
    assert _count(page, "#text .h.on-date") > 0
    assert not tab.errors, tab.errors


def test_token_required_then_cookie(guarded_server: str, tab: Watched) -> None:
    page = tab.page
    response = page.goto(guarded_server + "/")
    assert response is not None and response.status == 401
    response = page.goto(guarded_server + "/doc/ledger-en-bridge")
    assert response is not None and response.status == 401
    response = page.goto(guarded_server + "/doc/ledger-en-bridge?token=" + TOKEN)  # only /?token= counts
    assert response is not None and response.status == 401
    response = page.goto(f"{guarded_server}/?token={TOKEN}")
    assert response is not None and response.status == 200
    assert page.url == guarded_server + "/"  # redirected: the token left the address bar
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["slant_token"]["httpOnly"] and cookies["slant_token"]["sameSite"] == "Strict"
    assert _count(page, "table.docs tbody tr") == 2
    response = page.goto(guarded_server + "/doc/ledger-en-bridge")
    assert response is not None and response.status == 200
    assert _count(page, "#text .h") > 0
    assert page.evaluate("document.cookie") == ""  # HttpOnly: scripts cannot read it


def test_hostile_article_is_inert(guarded_server: str, tab: Watched) -> None:
    page = tab.page
    page.goto(f"{guarded_server}/?token={TOKEN}")
    for path in ("/", "/doc/evil-doc", "/?q=%3Cscript%3Ealert(1)%3C/script%3E"):
        response = page.goto(guarded_server + path)
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("networkidle")
        scripts = page.locator("script").evaluate_all(
            "ss => ss.map(s => [s.getAttribute('src'), s.getAttribute('type')])"
        )
        for src, kind in scripts:  # slant's own files, and the span data block (not run)
            assert (src or "").startswith("/static/") or (src is None and kind == "application/json"), scripts
        assert _count(page, "img") == 0
        handlers = page.evaluate(
            "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes)"
            ".filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name))"
        )
        assert handlers == []
        links = page.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert all(link.startswith(guarded_server + "/") for link in links), links
    page.goto(guarded_server + "/doc/evil-doc")
    text = page.locator("#text").inner_text()
    assert EVIL in text and IMG in text  # shown as text
    assert EVIL in page.locator("h1").inner_text()
    for segment in page.locator("#text .h").all():
        segment.hover()
    page.locator("#layer-controls input.toggle").first.uncheck()
    page.locator("#min-score").fill("0.5")
    page.wait_for_timeout(200)
    assert tab.dialogs == []
    assert page.evaluate("typeof window.alertFired") == "undefined"


def test_dashboard_opens(demo_server: str, tab: Watched) -> None:
    from playwright.sync_api import expect

    response = tab.page.goto(demo_server + "/dashboard", wait_until="networkidle")
    assert response is not None and response.status == 200
    for chart in ("techniques", "quote-clusters", "claim-clusters", "wording"):
        status = tab.page.locator(f"#status-{chart}")
        expect(status).not_to_have_text("")
        assert "could not load" not in status.inner_text(), chart
    # The demo's two outlets are compared; each word links to that outlet's documents using it.
    expect(tab.page.locator("#status-wording")).to_contain_text("compared: documents")
    # A week of news: the timeline is by day, its axis says so.
    expect(tab.page.locator("#status-timeline")).to_contain_text("by day")
    # Every chart states what it counts; the overview strip sums the selection up.
    assert tab.page.locator(".chart-box .counted").count() >= 8
    strip = tab.page.locator("#overview").inner_text()  # other tests here may have added documents
    assert re.search(r"\b(1[6-9]|2\d) documents", strip) and "published 2026-10-14" in strip, strip
    # Actors and speakers by name: the axis shows names, the data keep the ids.
    labels = tab.page.evaluate(
        """() => ["actors", "speakers"].map(n => {
            const chart = echarts.getInstanceByDom(document.getElementById("chart-" + n));
            const axis = chart.getOption().yAxis[0];
            return axis.data.map(v => axis.axisLabel.formatter(v));
        })"""
    )
    for shown in labels:
        assert shown and not any(label.startswith(("per:", "org:", "loc:")) for label in shown), shown
    # An empty chart is one line saying why, not an empty box.
    empty = tab.page.locator(".chart.empty")
    for i in range(empty.count()):
        assert empty.nth(i).bounding_box() is None  # not drawn at all
    assert not tab.errors and not tab.dialogs, tab.errors


def test_dashboard_filter_and_click_through(demo_server: str, tab: Watched) -> None:
    """Filter the dashboard by outlet, then click a bar of a chart: the spans behind it open."""
    from playwright.sync_api import expect

    page = tab.page
    page.goto(demo_server + "/dashboard", wait_until="networkidle")
    page.select_option("select[name=outlet]", "Harbour Voice")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "outlet=Harbour+Voice" in page.url
    expect(page.locator("#status-techniques")).to_contain_text("rows")
    csv_link = page.locator("#box-techniques .chart-links a").get_attribute("href") or ""
    assert csv_link.startswith("/api/corpus/techniques?") and "outlet=Harbour+Voice" in csv_link
    expect(page.locator("#status-quote-clusters")).to_contain_text("rows")
    page.locator("#chart-quote-clusters").scroll_into_view_if_needed()
    # The middle of the first non-empty segment of the top cluster's bar, in page pixels.
    point = page.evaluate(
        """() => {
            const el = document.getElementById("chart-quote-clusters");
            const chart = echarts.getInstanceByDom(el);
            const series = chart.getOption().series;
            const k = series[0].data.length - 1;
            const s = series.findIndex(x => x.data[k].value > 0);
            const [x, y] = chart.convertToPixel({seriesIndex: s}, [series[s].data[k].value / 2, k]);
            const box = el.getBoundingClientRect();
            return [box.left + x, box.top + y];
        }"""
    )
    with page.expect_navigation():
        page.mouse.click(point[0], point[1])
    assert "/spans?" in page.url and "cluster=" in page.url and "layer=quote" in page.url
    expect(page.locator("main")).to_contain_text("spans")
    assert page.locator("a[href^='/doc/']").count() >= 2  # every copy links to its article
    assert not tab.errors and not tab.dialogs, tab.errors


def test_screenshots(demo_server: str, browser: Browser, tmp_path: Path) -> None:
    folder = Path(os.environ.get("SLANT_SCREENSHOTS", tmp_path))
    for shot in take_screenshots(browser, demo_server, folder):
        data = shot.read_bytes()
        assert png_size(data) == (VIEWPORT["width"], VIEWPORT["height"]), shot
        assert len(data) < SCREENSHOT_MAX_BYTES * 1.2, (shot, len(data))
