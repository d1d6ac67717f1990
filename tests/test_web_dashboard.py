"""The corpus dashboard over a real store: every /api/corpus endpoint, its filters, CSV, escaping."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app
from slant.web.dashboard import CHARTS
from tests.test_web_data import FAST

BASE = "http://127.0.0.1"
EVIL = "=cmd|<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
WORDS_100 = "word " * 120  # 600 characters: 100 estimated words


def _doc(doc_id: str, text: str, meta: dict, spans: list[tuple]) -> Document:
    doc = Document(doc_id, text, {"source": "test", **meta})
    for i, (layer, label, attrs) in enumerate(spans):
        doc.spans.append(Span(layer, i * 5, i * 5 + 4, label, 0.9, attrs, "test@1"))
    return doc


def fill(url: str) -> None:
    """Four invented documents with known counts (see the tests' expected numbers)."""
    t, e = "technique", "entity"
    docs = [
        _doc(
            "a1",
            WORDS_100,
            {"outlet": "Ledger", "language": "en", "published": "2026-10-14T08:00:00+00:00"},
            [
                (t, "Loaded_Language", {}),
                (t, "Loaded_Language", {}),
                (t, "Doubt", {}),
                (e, "GPE", {"canonical": "us"}),
                (e, "GPE", {"canonical": "us"}),
                (e, "GPE", {"canonical": "ru"}),
                ("quote", "direct", {"speaker": "per:marta"}),
                ("claim", "claim", {}),
                ("source", "agency", {"outlet": "reuters"}),
            ],
        ),
        _doc(
            "a2",
            WORDS_100,
            {"outlet": "Ledger", "language": "en", "published": "2026-11-02"},
            [
                (t, "Loaded_Language", {}),
                (e, "GPE", {"canonical": "us"}),
                ("source", "agency", {"outlet": "reuters"}),
                ("source", "monitor", {"outlet": "sohr"}),
                ("quote", "direct", {"speaker": "per:marta"}),
            ],
        ),
        _doc(
            "b1",
            WORDS_100 * 2,
            {"outlet": EVIL, "language": "ar", "published": "2026-10-20", "title": IMG},
            [
                (t, IMG, {}),
                (e, "GPE", {"canonical": "us"}),
                ("quote", "direct", {"speaker": EVIL}),
                ("claim", "claim", {}),
                ("claim", "claim", {}),
                ("source", "outlet", {"outlet": EVIL}),
            ],
        ),
        _doc("c1", "An undated text without an outlet, sixty characters long...", {}, [(t, "Doubt", {})]),
    ]
    with Store(url) as store:
        result = store.write(None, docs)
        assert not result.failures


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    fill(db_url)
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as test_client:
        yield test_client


def rows(client: TestClient, name: str, **params: str) -> list[dict]:
    response = client.get(f"/api/corpus/{name}", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()["rows"]


def test_techniques_rate_per_1000_words_and_filters(client: TestClient) -> None:
    found = {(r["outlet"], r["technique"]): r for r in rows(client, "techniques")}
    assert found["Ledger", "Loaded_Language"]["spans"] == 3
    assert found["Ledger", "Loaded_Language"]["words"] == 200
    assert found["Ledger", "Loaded_Language"]["per_1000_words"] == 15.0
    assert found["Ledger", "Doubt"]["per_1000_words"] == 5.0
    assert found[EVIL, IMG]["per_1000_words"] == 5.0
    assert found[None, "Doubt"]["spans"] == 1
    assert {(r["outlet"], r["technique"]) for r in rows(client, "techniques", language="ar")} == {(EVIL, IMG)}
    assert {r["technique"] for r in rows(client, "techniques", technique="Doubt")} == {"Doubt"}
    late = rows(client, "techniques", **{"from": "2026-11-01"})
    assert [(r["technique"], r["spans"], r["per_1000_words"]) for r in late] == [("Loaded_Language", 1, 10.0)]
    october = rows(client, "techniques", **{"from": "2026-10-01", "to": "2026-10"})
    assert {r["outlet"] for r in october} == {"Ledger", EVIL}
    assert [r["spans"] for r in rows(client, "techniques", outlet="Ledger", technique="Loaded_Language")] == [
        3
    ]


def test_actors_heatmap_and_actor_filter(client: TestClient) -> None:
    found = {(r["actor"], r["outlet"]): r["mentions"] for r in rows(client, "actors")}
    assert found == {("us", "Ledger"): 3, ("us", EVIL): 1, ("ru", "Ledger"): 1}
    assert rows(client, "actors")[0]["actor"] == "us"  # most mentioned first
    with_ru = {(r["actor"], r["outlet"]): r["mentions"] for r in rows(client, "actors", actor="ru")}
    assert with_ru == {("us", "Ledger"): 2, ("ru", "Ledger"): 1}
    assert {r["actor"] for r in rows(client, "actors", limit="1")} == {"us"}
    # The actor filter narrows every chart to documents mentioning that actor.
    assert {r["technique"] for r in rows(client, "techniques", actor="ru")} == {"Loaded_Language", "Doubt"}


def test_timeline_buckets(client: TestClient) -> None:
    chosen = client.get("/api/corpus/timeline").json()  # 2026-10-14 .. 2026-11-02: days fit
    assert chosen["bucket"] == "day" and (chosen["first"], chosen["last"]) == ("2026-10-14", "2026-11-02")
    assert [r["period"] for r in chosen["rows"]] == ["2026-10-14", "2026-10-20", "2026-11-02"]
    assert [r["period"] for r in rows(client, "timeline", bucket="year")] == ["2026"]
    month = rows(client, "timeline", bucket="month")
    assert month == [
        {"period": "2026-10", "documents": 2, "technique_spans": 4},
        {"period": "2026-11", "documents": 1, "technique_spans": 1},
    ]
    week = rows(client, "timeline", bucket="week")
    assert [(r["period"], r["documents"]) for r in week] == [
        ("2026-10-12", 1),
        ("2026-10-19", 1),
        ("2026-11-02", 1),
    ]
    day = rows(client, "timeline", bucket="day", technique="Loaded_Language")
    assert day == [
        {"period": "2026-10-14", "documents": 1, "technique_spans": 2},
        {"period": "2026-11-02", "documents": 1, "technique_spans": 1},
    ]


def test_citations_speakers_claims(client: TestClient) -> None:
    cited = {(r["outlet"], r["cited"]): r["count"] for r in rows(client, "citations")}
    assert cited == {("Ledger", "reuters"): 2, ("Ledger", "sohr"): 1, (EVIL, EVIL): 1}
    assert {r["cited"] for r in rows(client, "citations", **{"to": "2026-10-31"})} == {"reuters", EVIL}
    speakers = {(r["speaker"], r["outlet"]): r["count"] for r in rows(client, "speakers")}
    assert speakers == {("per:marta", "Ledger"): 2, (EVIL, EVIL): 1}
    claims = {r["outlet"]: (r["claims"], r["per_1000_words"]) for r in rows(client, "claims")}
    assert claims == {"Ledger": (1, 5.0), EVIL: (2, 10.0), None: (0, 0.0)}
    assert [r["outlet"] for r in rows(client, "claims", outlet="Ledger")] == ["Ledger"]


def test_csv_is_formula_guarded(client: TestClient) -> None:
    for name in ("techniques", "actors", "timeline", "citations", "speakers", "claims"):
        response = client.get(f"/api/corpus/{name}", params={"format": "csv"})
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/csv")
        table = list(csv.reader(io.StringIO(response.text)))
        assert table[0] and len(table) > 1
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in table for cell in row), name
    techniques = list(csv.DictReader(io.StringIO(client.get("/api/corpus/techniques?format=csv").text)))
    assert {"'" + EVIL} <= {r["outlet"] for r in techniques}
    assert client.get("/api/corpus/claims", params={"format": "csv", "outlet": "nobody"}).text.strip() == ""


def test_json_escapes_markup(client: TestClient) -> None:
    for name in ("techniques", "speakers", "citations"):
        raw = client.get(f"/api/corpus/{name}").text
        assert "<script" not in raw and "<img" not in raw
        assert "\\u003cscript\\u003e" in raw or "\\u003cimg" in raw
    assert {r["outlet"] for r in rows(client, "speakers")} == {"Ledger", EVIL}  # decoded intact


@pytest.mark.parametrize(
    "path",
    [
        "/api/corpus/timeline?bucket=decade",
        "/api/corpus/techniques?format=xml",
        "/api/corpus/actors?from=yesterday",
        "/api/corpus/actors?limit=0",
        "/spans?attr=text&value=x",
        "/spans?layer=quote&cluster=-1",
        "/spans?layer=quote&cluster=abc",
        "/api/corpus/quote-clusters?limit=1000",
        "/api/corpus/wording?top=0",
        "/api/corpus/wording?outlets=" + "x" * 201 + "&outlets=y",
        "/api/corpus/wording?" + "&".join(f"outlets=o{i}" for i in range(7)),
    ],
)
def test_bad_parameters_are_refused(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 422


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self.events: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.events += [k for k, _ in attrs if k.startswith("on")]
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True
        if tag == "a":
            self.links.append(dict(attrs).get("href") or "")
        if tag == "img":
            self.events.append("img")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_dashboard_page_has_no_inline_script_and_escapes(client: TestClient) -> None:
    response = client.get(
        "/dashboard", params={"outlet": EVIL, "actor": IMG}, headers={"accept": "text/html"}
    )
    assert response.status_code == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    html = response.text
    assert "<script>alert" not in html and "<img src=x" not in html
    tags = parse(html)
    assert tags.inline == [] and tags.events == []
    assert {s.get("src") for s in tags.scripts} == {
        "/static/vendor/echarts/echarts.min.js",
        "/static/dashboard.js",
    }
    assert all(link.startswith("/") and not link.startswith("//") for link in tags.links)
    csv_links = [link for link in tags.links if "format=csv" in link]
    assert len(csv_links) == len(CHARTS) == 10 and all("outlet=%3Dcmd" in link for link in csv_links)
    for path in ("/static/vendor/echarts/echarts.min.js", "/static/dashboard.js", "/static/dashboard.css"):
        assert client.get(path).status_code == 200
    assert client.get("/static/vendor/echarts/LICENSE").status_code == 200


def test_spans_page_lists_what_a_chart_element_counts(client: TestClient) -> None:
    html = client.get("/spans", params={"layer": "technique", "outlet": "Ledger"}).text
    assert "3 spans" not in html and "4 spans" in html and 'href="/doc/a1"' in html
    speaker = client.get("/spans", params={"layer": "quote", "attr": "speaker", "value": "per:marta"}).text
    assert "2 spans" in speaker and 'href="/doc/a2"' in speaker
    hostile = client.get("/spans", params={"layer": "technique", "label": IMG, "outlet": EVIL}).text
    assert "1 span " in hostile or "1 span\n" in hostile
    assert "<img src=x" not in hostile and "<script>alert" not in hostile
    tags = parse(hostile)
    assert tags.inline == [] and tags.events == []
    dated = client.get("/spans", params={"layer": "technique", "from": "2026-10-12", "to": "2026-10-18"}).text
    assert "3 spans" in dated
    assert "0 spans" in client.get("/spans", params={"layer": "technique", "actor": "nobody"}).text
    # Every /api/spans parameter is honoured here (document, hidden, min_score) or refused with a message.
    one = client.get("/spans", params={"layer": "technique", "document": "a1"}).text
    assert 'href="/doc/a1"' in one and 'href="/doc/a2"' not in one and "#at-technique-" in one
    strong = client.get("/spans", params={"layer": "technique", "min_score": "0.99"}).text
    assert "0 spans" in strong or "1 span" in strong
    for bad, words in ((("limit", "10"),), "page=N"), ((("colour", "red"),), "colour"):
        refused = client.get("/spans", params=dict(bad), headers={"accept": "text/html"})
        assert refused.status_code == 422 and words in refused.text
    assert client.get("/spans", params={"min_score": "2"}).status_code == 422


def test_human_corrections_take_precedence_in_every_corpus_view(db_url: str) -> None:
    """An analyst reviewed a1's techniques (kept one Doubt, rejected the rest) and a2's entities
    (rejected "us"): the dashboard, the span list and /api/spans count what the views show."""
    fill(db_url)
    with Store(db_url) as store:
        store.replace_human_spans("a1", ["technique"], [Span("technique", 0, 4, "Doubt", None, {})])
        store.replace_human_spans("a2", ["entity"], [])
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        found = {
            (r["outlet"], r["technique"]): r["spans"] for r in rows(client, "techniques", outlet="Ledger")
        }
        assert found == {("Ledger", "Loaded_Language"): 1, ("Ledger", "Doubt"): 1}
        actors = {(r["actor"], r["outlet"]): r["mentions"] for r in rows(client, "actors")}
        assert actors[("us", "Ledger")] == 2
        # a2 no longer mentions "us": the actor filter leaves it out of every chart.
        assert [r["spans"] for r in rows(client, "techniques", actor="us", outlet="Ledger")] == [1]
        assert rows(client, "timeline", bucket="month")[0]["technique_spans"] == 2
        assert "2 spans" in client.get("/spans", params={"layer": "technique", "outlet": "Ledger"}).text
        body = client.get("/api/spans", params={"layer": "technique", "document": "a1"}).json()
        assert [(s["label"], s["model"]) for s in body["items"]] == [("Doubt", "human")]
        human = client.get("/api/spans", params={"layer": "technique", "label": "Doubt", "outlet": "Ledger"})
        assert human.json()["total"] == 1


def test_spans_page_honours_text_and_min_score(client: TestClient) -> None:
    base = {"layer": "technique", "outlet": "Ledger"}
    assert "4 spans" in client.get("/spans", params={**base, "min_score": "0.5"}).text
    assert "0 spans" in client.get("/spans", params={**base, "min_score": "0.95"}).text
    assert "4 spans" in client.get("/spans", params={**base, "text": "word"}).text
    assert "0 spans" in client.get("/spans", params={**base, "text": "absent"}).text
    assert client.get("/spans", params={**base, "min_score": "2"}).status_code == 422
    assert client.get("/spans", params={**base, "min_score": "nan?"}).status_code == 422
    # The search form sends empty fields: they mean "no filter".
    form = client.get("/spans", params={"text": "", "layer": "", "label": "", "outlet": "", "min_score": ""})
    assert form.status_code == 200 and 'name="text"' in form.text and 'href="/spans"' in form.text


def test_top_speakers_count_only_sure_attributions(db_url: str) -> None:
    quotes = [
        ("quote", "direct", {"speaker": "per:named", "speaker_confidence": "named"}),
        ("quote", "direct", {"speaker": "per:guess", "speaker_confidence": "carried"}),
        ("quote", "direct", {"speaker": "per:guess", "speaker_confidence": "carried"}),
    ]
    with Store(db_url) as store:
        assert not store.write(
            None, [_doc("s1", WORDS_100, {"outlet": "Ledger", "language": "en"}, quotes)]
        ).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        assert {r["speaker"] for r in rows(client, "speakers")} == {"per:named"}
        assert {r["speaker"] for r in rows(client, "speakers", all="true")} == {"per:named", "per:guess"}


def test_a_confidence_filter_applies_to_the_charts_and_is_stated(client: TestClient) -> None:
    assert rows(client, "techniques", min_score="0.5")
    assert rows(client, "techniques", min_score="0.95") == []
    answer = client.get("/api/corpus/speakers", params={"min_score": "0.95"}).json()
    assert answer["filters"]["min_score"] == "0.95" and answer["rows"] == []
    assert client.get("/api/corpus/techniques", params={"min_score": "1.5"}).status_code == 422
    page = client.get("/dashboard", params={"min_score": "0.5"}).text
    assert 'name="min_score"' in page and 'value="0.5"' in page


def _named(doc_id: str, text: str, meta: dict, marks: list[tuple[str, str, dict]]) -> Document:
    doc = Document(doc_id, text, {"source": "test", **meta})
    for layer, words, attrs in marks:
        start = text.index(words)
        doc.spans.append(Span(layer, start, start + len(words), "PER", None, attrs, "test@1"))
    return doc


def test_actors_and_speakers_by_name_in_every_script(db_url: str) -> None:
    sallin, dostan = {"canonical": "per:petr-sallin"}, {"canonical": "per:x0bb414bd5e"}
    docs = [
        _named(
            "en1",
            "Petr Sallin spoke. Sallin said more. Mirela Dostan agreed.",
            {"outlet": "Ledger", "language": "en", "published": "2026-10-14"},
            [
                ("entity", "Petr Sallin", sallin),
                ("entity", "Sallin", sallin),
                ("entity", "Mirela Dostan", dostan),
            ],
        ),
        _named(
            "en2",
            "Petr Sallin again. He said so.",
            {"outlet": "Ledger", "language": "en", "published": "2026-10-15"},
            [("entity", "Petr Sallin", sallin)],
        ),
        _named(
            "ar1",
            "قالت ميريلا دوستان إن الميناء فتح. وأكدت ميريلا دوستان ذلك.",
            {"outlet": "Araby", "language": "ar", "published": "2026-10-16"},
            [("entity", "ميريلا دوستان", dostan)],
        ),
    ]
    second = docs[2].text.rindex("ميريلا دوستان")
    docs[2].spans.append(Span("entity", second, second + len("ميريلا دوستان"), "PER", None, dostan, "test@1"))
    for doc, name in ((docs[0], "Petr Sallin"), (docs[1], "han")):
        said = {"speaker": "per:petr-sallin", "speaker_name": name, "speaker_confidence": "named"}
        doc.spans.append(Span("quote", 0, 5, "direct", 0.9, said, "test@1"))
    with Store(db_url) as store:
        assert not store.write(None, docs).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        actors = {r["actor"]: r for r in rows(client, "actors")}
        assert actors["per:petr-sallin"]["name"] == "Petr Sallin"
        assert actors["per:petr-sallin"]["names"] == ["Petr Sallin", "Sallin"]
        assert {r["name"] for r in rows(client, "actors", language="ar")} == {"ميريلا دوستان"}  # not a hash
        assert {
            r["name"] for r in rows(client, "actors", language="en") if r["actor"] == "per:x0bb414bd5e"
        } == {"Mirela Dostan"}
        speakers = rows(client, "speakers")
        assert [r["name"] for r in speakers] == ["Petr Sallin"]  # "han" is never a name
        # The actor filter takes a part of a name, in any script, as well as an id.
        assert {r["outlet"] for r in rows(client, "techniques", actor="sallin")} <= {"Ledger"}
        assert (
            client.get("/api/corpus/claims", params={"actor": "sallin"}).json()["rows"][0]["documents"] == 2
        )
        by_name = {
            r["outlet"] for r in client.get("/api/corpus/claims", params={"actor": "دوستان"}).json()["rows"]
        }
        assert by_name == {"Ledger", "Araby"}
        page = client.get("/dashboard").text
        assert '<option value="per:petr-sallin" label="Petr Sallin" dir="auto">' in page


def test_dashboard_states_its_threshold_and_overview(client: TestClient) -> None:
    page = client.get("/dashboard").text
    overview = page.split('id="overview"', 1)[1].split("</p>", 1)[0]
    assert "<b>4</b> documents" in overview and "<b>2</b> outlets" in overview
    assert "<b>2</b> languages" in overview and "<b>2026-10-14</b> to <b>2026-11-02</b>" in overview
    assert (
        page.count("Counts spans shown by default (each model&#39;s display threshold).") == len(CHARTS) - 1
    )
    stated = client.get("/api/corpus/techniques", params={"min_score": "0.5"}).json()
    assert (
        stated["counted"] == "spans shown by default (each model's display threshold), minimum confidence 0.5"
    )
    table = list(
        csv.DictReader(io.StringIO(client.get("/api/corpus/techniques", params={"format": "csv"}).text))
    )
    assert table and all(r["counted"].startswith("spans shown by default") for r in table)
    narrowed = client.get("/dashboard", params={"outlet": "Ledger"}).text.split('id="overview"', 1)[1]
    assert "<b>2</b> documents" in narrowed.split("</p>", 1)[0]


def test_a_week_of_news_is_drawn_by_day(db_url: str) -> None:
    """The bucket fits the dates under the filters: a week by day, a season by week, years by month."""
    from slant.corpus.views import auto_bucket

    assert auto_bucket("2026-10-14", "2026-10-20") == "day"
    assert auto_bucket("2026-03-01", "2026-09-30") == "week"
    assert auto_bucket("2020-01-01", "2026-09-30") == "month"
    assert auto_bucket("1990-01-01", "2026-09-30") == "year"
    assert auto_bucket(None, None) == "month"
    week = [
        _doc(f"w{day}", WORDS_100, {"outlet": "Ledger", "published": f"2026-10-{day}"}, [])
        for day in range(14, 21)
    ]
    with Store(db_url) as store:
        assert not store.write(None, week).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        answer = client.get("/api/corpus/timeline").json()
        assert answer["bucket"] == "day" and len(answer["rows"]) == 7
        assert [r["documents"] for r in answer["rows"]] == [1] * 7
        narrowed = client.get(
            "/api/corpus/timeline", params={"from": "2026-10-16", "to": "2026-10-17"}
        ).json()
        assert (narrowed["bucket"], narrowed["first"], narrowed["last"]) == (
            "day",
            "2026-10-16",
            "2026-10-17",
        )
        # The CSV says which bucket its periods are (a week's row reads like a day's).
        table = list(csv.DictReader(io.StringIO(client.get("/api/corpus/timeline?format=csv").text)))
        assert {r["bucket"] for r in table} == {"day"} and len(table) == 7
        weekly = client.get("/api/corpus/timeline", params={"format": "csv", "bucket": "week"}).text
        assert {r["bucket"] for r in csv.DictReader(io.StringIO(weekly))} == {"week"}


def test_csv_file_names_carry_the_minimum_confidence(client: TestClient) -> None:
    plain = client.get("/api/corpus/techniques", params={"format": "csv"})
    assert plain.headers["content-disposition"] == 'attachment; filename="slant-techniques.csv"'
    for name in ("techniques", "actors", "timeline", "speakers", "claims", "quote-clusters", "wording"):
        strict = client.get(f"/api/corpus/{name}", params={"format": "csv", "min_score": "0.5"})
        assert strict.status_code == 200, name
        assert strict.headers["content-disposition"] == f'attachment; filename="slant-{name}-min0.50.csv"'
    table = list(
        csv.DictReader(
            io.StringIO(
                client.get("/api/corpus/techniques", params={"format": "csv", "min_score": "0.5"}).text
            )
        )
    )
    assert table and {r["counted"] for r in table} == {
        "spans shown by default (each model's display threshold), minimum confidence 0.5"
    }


def test_overview_counts_spans_below_the_minimum_confidence_as_left_out(client: TestClient) -> None:
    every = client.get("/api/corpus/overview").json()["rows"][0]
    assert (every["documents"], every["outlets"], every["languages"]) == (4, 2, 2)
    assert (every["first"], every["last"]) == ("2026-10-14", "2026-11-02")
    assert (every["techniques_shown"], every["techniques_below"]) == (6, 0)
    strict = client.get("/api/corpus/overview", params={"min_score": "0.95"}).json()["rows"][0]
    assert (strict["techniques_shown"], strict["techniques_below"]) == (0, 6)  # every span scores 0.9
    assert strict["documents"] == 4  # documents are not filtered by a span score
    page = client.get("/dashboard", params={"min_score": "0.95"}).text
    strip = page.split('id="overview"', 1)[1].split("</p>", 1)[0]
    assert "<b>0</b> technique spans shown · 6 below the thresholds" in strip
    assert "minimum confidence <b>0.95</b>" in strip
    assert page.count(
        "Counts spans shown by default (each model&#39;s display threshold), minimum confidence 0.95."
    ) == (len(CHARTS) - 1)
    assert "Counts the words of the texts, not spans" in page  # the wording chart says what it counts
    ledger = client.get("/api/corpus/overview", params={"outlet": "Ledger"}).json()["rows"][0]
    assert (ledger["documents"], ledger["outlets"], ledger["techniques_shown"]) == (2, 1, 4)


def test_the_actor_filter_says_whom_it_found(db_url: str) -> None:
    """A part of a name in any script finds the actor; the strip names what it matched (Arabic in
    Arabic script, written right to left), or says that nothing has that name."""
    nizar, sallin = {"canonical": "org:x31d163ce49"}, {"canonical": "per:petr-sallin"}
    docs = [
        _named(
            "ar1",
            "قال المتحدث باسم نقابة عمال الميناء إن الإضراب انتهى.",
            {"outlet": "Araby", "language": "ar", "published": "2026-10-16"},
            [("entity", "نقابة عمال الميناء", nizar)],
        ),
        _named(
            "en1",
            "The Harbour Workers' Union said the strike was over. Petr Sallin agreed.",
            {"outlet": "Ledger", "language": "en", "published": "2026-10-17"},
            [("entity", "Harbour Workers' Union", nizar), ("entity", "Petr Sallin", sallin)],
        ),
    ]
    with Store(db_url) as store:
        assert not store.write(None, docs).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        found = client.get("/api/corpus/overview", params={"actor": "عمال"}).json()["rows"][0]
        assert found["actors"] == [{"actor": "org:x31d163ce49", "name": "نقابة عمال الميناء"}]
        assert found["actors_matched"] == 1 and found["documents"] == 2
        english = client.get("/api/corpus/overview", params={"actor": "union", "language": "en"}).json()
        assert english["rows"][0]["actors"] == [
            {"actor": "org:x31d163ce49", "name": "Harbour Workers' Union"}
        ]
        assert {r["name"] for r in rows(client, "actors", language="ar")} == {"نقابة عمال الميناء"}
        by_id = client.get("/api/corpus/overview", params={"actor": "per:petr-sallin"}).json()["rows"][0]
        assert by_id["actors"] == [{"actor": "per:petr-sallin", "name": "Petr Sallin"}]
        page = client.get("/dashboard", params={"actor": "عمال"}).text
        strip = page.split('id="actor-match"', 1)[1].split("</span>", 1)[0]
        assert '<bdi class="actor-name" dir="auto" title="org:x31d163ce49">نقابة عمال الميناء</bdi>' in strip
        assert 'name="actor" list="actor-ids" maxlength="200" dir="auto"' in page
        nobody = client.get("/dashboard", params={"actor": "Nobody Atall"}).text
        assert "no actor has that name or id" in nobody
        none = client.get("/api/corpus/overview", params={"actor": "Nobody Atall"}).json()["rows"][0]
        assert none["actors"] == [] and none["documents"] == 0
