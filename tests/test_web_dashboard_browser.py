"""The corpus dashboard in a real browser (Playwright driving the system's chromium, as in
tests/test_web_browser.py), over an invented store built to stress its charts: six outlets,
thirteen techniques scored 0.3 to 0.7, a week of news, an actor with a hashed id written in
Arabic, a speaker written two ways, and no claims or citations at all."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest

from slant.document import Document, Span
from slant.techniques.taxonomy import BY_NAME
from tests.test_web_browser import running_server, store_docs

pytestmark = [pytest.mark.slow, pytest.mark.browser]

TECHNIQUES = list(BY_NAME)[:13]
OUTLETS = [
    "Ledger",
    "The Capital Sentinel",
    "Harbour Voice",
    "Morning Post of the Northern Provinces",
    "Araby",
    "Wire",
]
ARABIC_NAME = "نزار القاسمي"
ARABIC_ID = "per:x31d163ce49"
ARABIC_TEXT = "قال نزار القاسمي إن الميناء فتح أبوابه صباح اليوم. وأكد نزار القاسمي ذلك في بيان قصير. "
ENGLISH_TEXT = "Petr Sallin said the port reopened at dawn. Sallin spoke again at noon. The union agreed. "


def _mark(
    doc: Document, layer: str, words: str, attrs: dict[str, Any], within: str = "", label: str = "PER"
) -> None:
    start = doc.text.index(within or words)  # the words, or their first place inside ``within``
    score = None if layer == "entity" else 0.9
    doc.spans.append(Span(layer, start, start + len(words), label, score, attrs, "test@1"))


ROLE_OF = {
    "Ledger": "Protagonist",
    "The Capital Sentinel": "Protagonist",
    "Harbour Voice": "Antagonist",
    "Morning Post of the Northern Provinces": "Antagonist",
    "Wire": "Innocent",
}
"""How each outlet casts Petr Sallin (the role spans on both his mentions)."""


def documents() -> list[Document]:
    """30 documents, 2026-10-14 to 2026-10-20: five technique spans each (scores 0.3 to 0.7),
    Arabic ones naming the hashed-id actor, English ones Petr Sallin (quoted as "Petr Sallin"
    once in three, "Sallin" otherwise)."""
    docs = []
    for i in range(30):
        outlet = OUTLETS[i % len(OUTLETS)]
        arabic = outlet == "Araby"
        doc = Document(
            f"dash-{i:02d}",
            (ARABIC_TEXT if arabic else ENGLISH_TEXT) * 3,
            {
                "source": "test",
                "outlet": outlet,
                "language": "ar" if arabic else "en",
                "published": f"2026-10-{14 + i % 7:02d}",
                "title": f"Port story {i}",
            },
        )
        for k in range(5):
            label = TECHNIQUES[(i + k) % len(TECHNIQUES)]
            doc.spans.append(
                Span("technique", k * 6, k * 6 + 5, label, round(0.3 + 0.1 * k, 2), {}, "test@1")
            )
        if arabic:
            _mark(doc, "entity", ARABIC_NAME, {"canonical": ARABIC_ID})
            said = {"speaker": ARABIC_ID, "speaker_name": ARABIC_NAME, "speaker_confidence": "named"}
        else:
            _mark(doc, "entity", "Petr Sallin", {"canonical": "per:petr-sallin"})
            _mark(doc, "entity", "Sallin", {"canonical": "per:petr-sallin"}, within="Sallin spoke")
            cast = {"canonical": "per:petr-sallin", "fine_role": "Guardian"}
            _mark(doc, "role", "Petr Sallin", cast, label=ROLE_OF[outlet])
            _mark(doc, "role", "Sallin", cast, within="Sallin spoke", label=ROLE_OF[outlet])
            name = "Petr Sallin" if i % 3 == 0 else "Sallin"
            said = {"speaker": "per:petr-sallin", "speaker_name": name, "speaker_confidence": "named"}
        doc.spans.append(Span("quote", 0, 20, "direct", 0.9, said, "test@1"))
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def dashboard_server(tmp_path_factory: pytest.TempPathFactory, browser: Any) -> Iterator[str]:
    db = str(tmp_path_factory.mktemp("dashboard") / "dashboard.db")
    store_docs(db, documents())
    with running_server(db) as base:
        yield base


CHARTS = (
    "techniques",
    "actors",
    "actor-roles",
    "timeline",
    "citations",
    "speakers",
    "claims",
    "quote-clusters",
    "wording",
)

GEOMETRY = """() => {
    function box(chart, name) {  // a component's drawn rectangle, in the chart's pixels
        const model = chart.getModel().getComponent(name);
        if (!model) return null;
        const view = chart.getViewOfComponentModel(model);
        const rect = view.group.getBoundingRect();
        return {top: view.group.y + rect.y, bottom: view.group.y + rect.y + rect.height};
    }
    const out = {};
    for (const name of ["techniques", "actors", "speakers"]) {
        const chart = echarts.getInstanceByDom(document.getElementById("chart-" + name));
        const grid = chart.getModel().getComponent("grid").coordinateSystem.getRect();
        const option = chart.getOption();
        const axis = name === "techniques" ? null : option.yAxis[0];
        out[name] = {
            height: chart.getHeight(), gridTop: grid.y, gridHeight: grid.height,
            legend: box(chart, "legend"),
            legendItems: option.legend && option.legend[0] ? option.legend[0].data.length : 0,
            xAxis: box(chart, "xAxis"), visualMap: box(chart, "visualMap"),
            labels: axis ? axis.data.map(v => axis.axisLabel.formatter(v)) : [],
        };
    }
    return out;
}"""


def _wait_for_charts(page: Any) -> None:
    from playwright.sync_api import expect

    for chart in CHARTS:
        expect(page.locator(f"#status-{chart}")).not_to_have_text("")


def test_charts_fit_their_data(dashboard_server: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page
    response = page.goto(dashboard_server + "/dashboard", wait_until="networkidle")
    assert response is not None and response.status == 200
    _wait_for_charts(page)
    strip = page.locator("#overview").inner_text()
    for part in ("30 documents", "6 outlets", "2 languages", "published 2026-10-14 to 2026-10-20"):
        assert part in strip, strip
    assert "150 technique spans shown" in strip
    # A week of news: by day, as the axis and the status line say.
    expect(page.locator("#status-timeline")).to_have_text("7 rows · by day")
    axis_name = page.evaluate(
        "() => echarts.getInstanceByDom(document.getElementById('chart-timeline')).getOption().xAxis[0].name"
    )
    assert axis_name == "published, by day"
    shapes = page.evaluate(GEOMETRY)
    techniques, actors, speakers = shapes["techniques"], shapes["actors"], shapes["speakers"]
    # Every technique in the legend, and the legend above the plot, not over it.
    assert techniques["legendItems"] == 13
    assert techniques["legend"]["bottom"] <= techniques["gridTop"], techniques
    assert speakers["legendItems"] == 6 and speakers["legend"]["bottom"] <= speakers["gridTop"], speakers
    # The heatmap has room for its rows and for its slanted outlet names above the colour scale.
    assert actors["gridHeight"] >= 2 * 26, actors
    assert actors["xAxis"]["bottom"] <= actors["visualMap"]["top"], actors
    assert actors["height"] < 400  # sized to two rows, not a fixed tall box
    # Names, not ids: the Arabic one in Arabic script; variants of a speaker under one bar.
    assert sorted(actors["labels"]) == sorted(["Petr Sallin", ARABIC_NAME]), actors["labels"]
    assert sorted(speakers["labels"]) == sorted(["Sallin", ARABIC_NAME]), speakers["labels"]
    tooltip = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById("chart-speakers"));
            const option = chart.getOption();
            const row = option.yAxis[0].data.indexOf("per:petr-sallin");
            return option.tooltip[0].formatter({dataIndex: row, seriesName: "Ledger", value: 5});
        }"""
    )
    assert tooltip.startswith("Sallin\n") and "also written: Petr Sallin" in tooltip, tooltip
    # Nothing to draw: one line that says why, and a short box.
    for chart, why in (
        ("claims", "no check-worthy claim in this selection"),
        ("citations", "no document here cites a known outlet"),
        ("claim-clusters", "no claim repeated across documents in this selection"),
    ):
        expect(page.locator(f"#status-{chart}")).to_have_text(why)
        assert page.locator(f"#chart-{chart}").bounding_box() is None, chart
        height = (page.locator(f"#box-{chart}").bounding_box() or {"height": 999})["height"]
        assert height < 150, (chart, height)
    # The quotes repeated (the Arabic and the English opening) get a chart as tall as two rows need.
    expect(page.locator("#status-quote-clusters")).to_have_text("2 rows")
    clusters = page.locator("#chart-quote-clusters").bounding_box()
    assert clusters is not None and clusters["height"] < 260, clusters
    assert not tab.errors and not tab.dialogs, tab.errors


def test_the_minimum_confidence_reaches_every_chart(dashboard_server: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if "/api/corpus/" in request.url else None)
    page.goto(dashboard_server + "/dashboard?min_score=0.65", wait_until="networkidle")
    _wait_for_charts(page)
    assert len(asked) == 10 and all("min_score=0.65" in url for url in asked), asked
    strict = page.request.get(dashboard_server + "/api/corpus/techniques?min_score=0.65").json()["rows"]
    every = page.request.get(dashboard_server + "/api/corpus/techniques").json()["rows"]
    assert 0 < len(strict) < len(every)
    expect(page.locator("#status-techniques")).to_have_text(f"{len(strict)} rows")
    drawn = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("chart-techniques")).getOption()
            .series.reduce((n, s) => n + s.data.filter(d => d.value > 0).length, 0)"""
    )
    assert drawn == len(strict)
    caption = page.locator("#box-techniques .counted").inner_text()
    assert (
        caption == "Counts spans shown by default (each model's display threshold), minimum confidence 0.65."
    )
    strip = page.locator("#overview").inner_text()
    assert (
        "30 technique spans shown · 120 below the thresholds" in strip and "minimum confidence 0.65" in strip
    )
    csv_link = page.locator("#box-techniques .chart-links a").get_attribute("href") or ""
    assert "min_score=0.65" in csv_link
    # A bar clicked lists the spans the chart counted: the same threshold goes along.
    page.goto(dashboard_server + "/dashboard?min_score=0.99", wait_until="networkidle")
    _wait_for_charts(page)
    expect(page.locator("#status-techniques")).to_have_text(
        "no technique span shown in this selection at minimum confidence 0.99"
    )
    assert page.locator("#chart-techniques").bounding_box() is None
    expect(page.locator("#status-timeline")).to_have_text("7 rows · by day")  # documents still count
    assert not tab.errors and not tab.dialogs, tab.errors


def test_the_actor_filter_finds_a_part_of_a_name(dashboard_server: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page
    page.goto(dashboard_server + "/dashboard", wait_until="networkidle")
    field = page.locator("input[name=actor]")
    assert field.get_attribute("dir") == "auto"
    suggestions = page.locator("#actor-ids option").evaluate_all(
        "options => options.map(o => [o.value, o.label])"
    )
    assert [ARABIC_ID, ARABIC_NAME] in suggestions and ["per:petr-sallin", "Petr Sallin"] in suggestions
    field.fill("القاسم")  # a part of the Arabic name
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert "actor=" + quote("القاسم") in page.url
    _wait_for_charts(page)
    matched = page.locator("#actor-match bdi")
    expect(matched).to_have_text(ARABIC_NAME)
    assert matched.get_attribute("dir") == "auto" and matched.get_attribute("title") == ARABIC_ID
    assert "5 documents" in page.locator("#overview").inner_text()
    labels = page.evaluate(GEOMETRY)["actors"]["labels"]
    assert labels == [ARABIC_NAME], labels
    field = page.locator("input[name=actor]")
    field.fill("sallin")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    _wait_for_charts(page)
    expect(page.locator("#actor-match bdi")).to_have_text("Petr Sallin")
    assert "25 documents" in page.locator("#overview").inner_text()
    assert page.evaluate(GEOMETRY)["actors"]["labels"] == ["Petr Sallin"]
    assert not tab.errors and not tab.dialogs, tab.errors


ROLE_CELLS = """() => {
    const chart = echarts.getInstanceByDom(document.getElementById("chart-actor-roles"));
    const option = chart.getOption();
    const outlets = option.xAxis[0].data, actors = option.yAxis[0].data;
    const grid = chart.getModel().getComponent("grid").coordinateSystem.getRect();
    const row = actors.indexOf("per:petr-sallin");
    const [, y] = chart.convertToPixel({xAxisIndex: 0, yAxisIndex: 0}, [0, row]);
    return {
        cells: option.series[0].data.map(d => [outlets[d.value[0]], actors[d.value[1]], d.value[2]]),
        label: {x: grid.x - 12, y: y},
    };
}"""


def test_the_role_heatmap_colours_outlets_and_opens_the_actor_page(dashboard_server: str, tab: Any) -> None:
    page = tab.page
    page.goto(dashboard_server + "/dashboard", wait_until="networkidle")
    _wait_for_charts(page)
    found = page.evaluate(ROLE_CELLS)
    roles = ["Protagonist", "Antagonist", "Innocent"]
    sallin = {outlet: roles[code] for outlet, actor, code in found["cells"] if actor == "per:petr-sallin"}
    assert sallin == ROLE_OF, sallin
    page.locator("#chart-actor-roles").scroll_into_view_if_needed()
    box = page.locator("#chart-actor-roles canvas").first.bounding_box()
    assert box is not None
    with page.expect_navigation():  # the actor's name on the axis opens its page
        page.mouse.click(box["x"] + found["label"]["x"], box["y"] + found["label"]["y"])
    assert page.url.endswith("/actors/" + quote("per:petr-sallin", safe=""))
    assert not tab.errors and not tab.dialogs, tab.errors


def test_the_actor_page_sets_outlets_side_by_side(dashboard_server: str, tab: Any) -> None:
    from playwright.sync_api import expect

    page = tab.page
    page.goto(dashboard_server + "/actors/per:petr-sallin", wait_until="networkidle")
    expect(page.locator("h1 bdi")).to_have_text("Petr Sallin")  # as often as "Sallin": the longer
    headers = page.locator("#roles thead th").all_inner_texts()
    assert len(headers) == 5 and headers[0] == "role", headers  # the four outlets naming him most
    ledger = headers.index("Ledger") if "Ledger" in headers else None
    voice = headers.index("Harbour Voice") if "Harbour Voice" in headers else None
    assert ledger and voice, headers
    dominant = page.locator("#roles tr.dominant td")
    assert dominant.nth(ledger - 1).inner_text().startswith("Protagonist")
    assert dominant.nth(voice - 1).inner_text().startswith("Antagonist")
    # Pick two outlets: only those are compared.
    for box in page.locator("fieldset.compare input").all():
        box.set_checked(box.get_attribute("value") in ("Ledger", "Harbour Voice"))
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    assert page.locator("#roles thead th").all_inner_texts() == ["role", "Harbour Voice", "Ledger"]
    link = page.locator("#roles tbody a.num").first
    count = int(link.inner_text())
    with page.expect_navigation():
        link.click()
    expect(page.locator("p.count")).to_contain_text(f"{count} span")
    assert "layer=role" in page.url and "value=per%3Apetr-sallin" in page.url
    missing = page.goto(dashboard_server + "/actors/per:nobody")
    assert missing is not None and missing.status == 404
    expect(page.locator("h1")).to_contain_text("404")
    expect(page.locator("main, body").first).to_contain_text("no actor with the id")
    assert not tab.dialogs
