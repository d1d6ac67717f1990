"""The actor page and API (one actor through each outlet) and the dashboard's role heatmap, over a
real store of invented documents with known counts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app
from tests.test_web_data import FAST

BASE = "http://127.0.0.1"
HTML = {"accept": "text/html"}
EVIL = "<script>alert(1)</script>"
ACTOR = "org:corvane"
SURE = "named"


def _doc(doc_id: str, outlet: str, text: str, spans: list[tuple[str, str, str, dict, float]]) -> Document:
    """A document whose spans are given by the text they cover (the first occurrence)."""
    doc = Document(doc_id, text, {"source": "test", "outlet": outlet, "language": "en"})
    sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    for start, end in sentences:
        doc.spans.append(Span("sentence", start, end, None, None, {}, "test@1"))
    for layer, label, covered, attrs, score in spans:
        start = text.index(covered)
        doc.spans.append(Span(layer, start, start + len(covered), label, score, attrs, "test@1"))
    return doc


def _mention(name: str, actor: str = ACTOR) -> tuple[str, str, str, dict, float]:
    return ("entity", "ORG", name, {"canonical": actor}, 0.95)


def _role(name: str, role: str, fine: str, score: float = 0.9, hidden: bool = False) -> tuple:
    return ("role", role, name, {"canonical": ACTOR, "fine_role": fine, "hidden": hidden}, score)


def fill(url: str) -> None:
    """Ledger casts Corvane as a protagonist, Courier as an antagonist (one hidden role each
    way must not count); techniques sit in sentences naming it or not."""
    ledger1 = "Corvane Logistics saved the port. The mob blocked the bridge. Corvane hired forty dockers."
    ledger2 = "Investors trust Corvane. Ministers praised the deal."
    courier1 = "Corvane bought the harbour for nothing. Corvane is a vulture. Residents are afraid."
    courier2 = "Nobody voted for Corvane. The deal is secret."
    docs = [
        _doc(
            "l1",
            "Ledger",
            ledger1,
            [
                _mention("Corvane Logistics"),
                _mention("Corvane hired"),
                _role("Corvane Logistics", "Protagonist", "Guardian"),
                _role("Corvane hired", "Protagonist", "Virtuous", 0.85),
                ("technique", "Name_Calling-Labeling", "The mob", {}, 0.9),  # not about Corvane
                ("technique", "Loaded_Language", "saved the port", {}, 0.9),
                (
                    "quote",
                    "direct",
                    "hired forty dockers",
                    {"speaker": ACTOR, "speaker_confidence": "named"},
                    0.9,
                ),
                ("genre", "reporting", ledger1, {}, 0.9),
                ("frame", "Economic", ledger1, {}, 0.8),
            ],
        ),
        _doc(
            "l2",
            "Ledger",
            ledger2,
            [
                _mention("Corvane"),
                _role("Corvane", "Antagonist", "Corrupt", 0.5, hidden=True),  # hidden: not counted
                ("narrative", "URW: Praise of Russia", ledger2, {"subnarrative": "x"}, 0.7),
                ("genre", "opinion", ledger2, {}, 0.9),
            ],
        ),
        _doc(
            "c1",
            "Courier",
            courier1,
            [
                _mention("Corvane bought"),
                _mention("Corvane is"),
                _role("Corvane bought", "Antagonist", "Corrupt"),
                _role("Corvane is", "Antagonist", "Deceiver", 0.95),
                ("technique", "Name_Calling-Labeling", "a vulture", {}, 0.9),
                ("technique", "Loaded_Language", "for nothing", {}, 0.9),
                ("technique", "Appeal_to_Fear-Prejudice", "Residents are afraid", {}, 0.9),  # not about it
                ("technique", "Doubt", "Corvane is a", {}, 0.4),
                ("genre", "opinion", courier1, {}, 0.9),
                ("frame", "Economic", courier1, {}, 0.8),
            ],
        ),
        _doc(
            "c2",
            "Courier",
            courier2,
            [
                _mention("Corvane"),
                _role("Corvane", "Protagonist", "Virtuous", 0.4, hidden=True),
                _role("Corvane", "Antagonist", "Conspirator", 0.88),
                ("technique", "Doubt", "The deal is secret", {}, 0.9),  # next sentence: not about it
            ],
        ),
        _doc(
            "x1",
            EVIL,
            f"{EVIL} met Corvane.",
            [_mention("Corvane"), _mention(EVIL, EVIL)],
        ),
    ]
    with Store(url) as store:
        result = store.write(None, docs)
        assert not result.failures


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    fill(db_url)
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as test_client:
        yield test_client


def _by(rows: list[dict], *keys: str) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows}


def test_api_counts_each_outlet_side_by_side(client: TestClient) -> None:
    found = client.get(f"/api/actors/{ACTOR}")
    assert found.status_code == 200, found.text
    view = found.json()
    assert view["name"] == "Corvane"  # the most frequent written form
    assert view["outlets"][:2] == ["Courier", "Ledger"]  # 3 mentions each; ties by name
    mentions = _by(view["mentions"], "outlet")
    assert (mentions["Ledger"]["mentions"], mentions["Ledger"]["documents"]) == (3, 2)
    assert (mentions["Courier"]["mentions"], mentions["Courier"]["documents"]) == (3, 2)

    roles = _by(view["roles"], "outlet", "role")
    assert set(roles) == {("Ledger", "Protagonist"), ("Courier", "Antagonist")}  # hidden ones left out
    assert roles["Ledger", "Protagonist"]["count"] == 2
    assert roles["Courier", "Antagonist"]["count"] == 3
    assert roles["Courier", "Antagonist"]["share"] == 1.0
    assert [f["role"] for f in roles["Courier", "Antagonist"]["fine_roles"]] == [
        "Conspirator",
        "Corrupt",
        "Deceiver",
    ]
    examples = roles["Courier", "Antagonist"]["examples"]
    assert [e["score"] for e in examples] == [0.95, 0.9]  # the surest two

    techniques = _by(view["techniques"], "outlet", "technique")
    # Only spans overlapping a sentence that names Corvane; Doubt at 0.4 counts (no threshold set).
    assert set(techniques) == {
        ("Ledger", "Loaded_Language"),
        ("Courier", "Name_Calling-Labeling"),
        ("Courier", "Loaded_Language"),
        ("Courier", "Doubt"),
    }
    quotes = _by(view["quotes"], "outlet")
    assert quotes["Ledger"]["quotes"] == 1 and "Courier" not in quotes
    genres = _by(view["genre"], "outlet", "label")
    assert genres["Ledger", "reporting"]["documents"] == 1 and genres["Courier", "opinion"]["documents"] == 1
    assert _by(view["frame"], "outlet", "label")["Courier", "Economic"]["documents"] == 1
    assert _by(view["narrative"], "outlet", "label")["Ledger", "URW: Praise of Russia"]["documents"] == 1

    lowered = client.get(f"/api/actors/{ACTOR}", params={"min_score": "0.5"}).json()
    assert ("Courier", "Doubt") not in _by(lowered["techniques"], "outlet", "technique")
    only = client.get(f"/api/actors/{ACTOR}", params={"outlet": "Ledger"}).json()
    assert {r["outlet"] for r in only["roles"]} == {"Ledger"}


def test_unknown_actor_is_a_404_page(client: TestClient) -> None:
    page = client.get("/actors/org:nobody-here", headers=HTML)
    assert page.status_code == 404
    assert "no actor with the id" in page.text and "org:nobody-here" in page.text
    assert page.headers["content-type"].startswith("text/html")
    api = client.get("/api/actors/org:nobody-here")
    assert api.status_code == 404 and "no actor" in api.json()["detail"]
    assert client.get("/actors/" + "x" * 300, headers=HTML).status_code == 404


def _links(html: str) -> list[str]:
    return [m.replace("&amp;", "&") for m in re.findall(r'href="(/spans\?[^"]+)"', html)]


def test_page_numbers_open_the_spans_they_count(client: TestClient) -> None:
    page = client.get(f"/actors/{ACTOR}", headers=HTML)
    assert page.status_code == 200
    html = page.text
    for heading in ("Roles it is given", "Techniques in sentences that name it", "Words used about it"):
        assert heading in html
    links = _links(html)
    role = next(u for u in links if "layer=role" in u and "Courier" in u)
    technique = next(
        u for u in links if "layer=technique" in u and "label=Loaded_Language" in u and "Courier" in u
    )
    for link, expected in ((role, 3), (technique, 1)):
        listed = client.get(link, headers=HTML)
        assert listed.status_code == 200, link
        assert re.search(rf"<p class=\"count\">{expected} span", listed.text), (link, listed.text[:2000])
    query = parse_qs(urlsplit(technique).query)
    assert query["about"] == [ACTOR]


def test_compare_picks_outlets_and_text_is_escaped(client: TestClient) -> None:
    page = client.get(f"/actors/{ACTOR}", params={"compare": ["Ledger"]}, headers=HTML).text
    header = re.search(r"<thead>(.*?)</thead>", page, re.S)
    assert header and "Ledger" in header.group(1) and "Courier" not in header.group(1)
    evil = client.get("/actors/" + EVIL.replace("/", "%2F"), headers=HTML)
    assert evil.status_code == 200
    assert "<script>alert(1)</script>" not in evil.text
    assert "&lt;script&gt;" in evil.text


def test_role_heatmap_rows_and_dominant_role(client: TestClient) -> None:
    response = client.get("/api/corpus/actor-roles")
    assert response.status_code == 200
    rows = _by(response.json()["rows"], "actor", "outlet")
    ledger, courier = rows[ACTOR, "Ledger"], rows[ACTOR, "Courier"]
    assert (ledger["protagonist"], ledger["antagonist"], ledger["dominant"]) == (2, 0, "Protagonist")
    assert (courier["antagonist"], courier["dominant"], courier["share"]) == (3, "Antagonist", 1.0)
    csv_text = client.get("/api/corpus/actor-roles", params={"format": "csv"}).text
    assert csv_text.splitlines()[0].startswith("actor,")
    dashboard = client.get("/dashboard", headers=HTML).text
    assert 'id="chart-actor-roles"' in dashboard


def test_hidden_counts_roles_below_their_thresholds_and_links_keep_it(client: TestClient) -> None:
    view = client.get(f"/api/actors/{ACTOR}", params={"hidden": "true"}).json()
    roles = _by(view["roles"], "outlet", "role")
    assert roles["Ledger", "Antagonist"]["count"] == 1 and roles["Courier", "Protagonist"]["count"] == 1
    assert view["hidden"] is True
    page = client.get(f"/actors/{ACTOR}", params={"hidden": "true"}, headers=HTML).text
    role_links = [u for u in _links(page) if "layer=role" in u]
    assert role_links and all("hidden=true" in u for u in role_links)
    listed = client.get(next(u for u in role_links if "Courier" in u and "Protagonist" in u), headers=HTML)
    assert '<p class="count">1 span' in listed.text


def test_a_large_actor_is_read_from_its_newest_documents_and_links_say_since(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from slant.corpus import actor as actor_view

    monkeypatch.setattr(actor_view, "SAMPLE", 1)  # one document per outlet read
    view = client.get(f"/api/actors/{ACTOR}").json()
    ledger = _by(view["mentions"], "outlet")["Ledger"]
    assert (ledger["mentions"], ledger["documents"], ledger["read"]) == (3, 2, 1)  # mentions: all
    page = client.get(f"/actors/{ACTOR}", params={"outlet": "Ledger"}, headers=HTML)
    assert page.status_code == 200  # an outlet filter and the columns' outlets do not clash
    assert "read below" in page.text
