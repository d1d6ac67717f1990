"""Invented articles for the workbench tests, analysed by slant's pipeline and stored.

The fast analyzers run for real; spans of the slower layers (technique,
entity, quote, claim) are added by hand, some carrying hostile markup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from slant.analyze import Pipeline, build
from slant.document import Document, Span
from slant.store import Store

FAST = ["paragraphs", "language", "sentences", "sources", "dates"]
EVIL = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_LINK = '<a href="javascript:alert(1)">click</a>'

ENGLISH = (
    "Council blames engineers for bridge collapse\n\n"
    "The Varne bridge collapsed on 14 October 2026, the council said on Tuesday. "
    'According to Reuters, the mayor Marta Kowalczyk called the engineers "reckless cowards".\n\n'
    "Critics say the council ignored warnings for years. "
    '"We told them in March," said Jonas Berg of the local residents\' group.'
)
ARABIC = (
    "انهيار جسر فارني\n\n"
    "قال المرصد السوري لحقوق الإنسان إن الجسر انهار يوم الثلاثاء. "
    "وأضاف أن السلطات تجاهلت التحذيرات منذ سنوات طويلة، بحسب وكالة رويترز."
)
HOSTILE = (
    f"Breaking {EVIL} news\n\n"
    f"An attacker wrote {IMG} and a link {JS_LINK} into this text. "
    "Outlets such as Reuters reported it on 3 May 2026.\n\n"
    "Second paragraph with \x07 a control character & an ampersand."
)


@lru_cache(maxsize=1)
def fast_pipeline() -> Pipeline:
    """The quick analyzers, built once per test session."""
    return build(FAST)


def _find(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def english() -> Document:
    doc = Document(
        "ledger-en-bridge",
        ENGLISH,
        {
            "title": "Council blames engineers",
            "outlet": "The Northern Ledger",
            "published": "2026-10-14T08:30:00+00:00",
        },
    )
    fast_pipeline()(doc)
    s, e = _find(ENGLISH, "reckless cowards")
    doc.spans.append(
        Span(
            "technique", s, e, "Name_Calling-Labeling", 0.91,
            {"category": "attack_on_reputation", "scope": "phrase", "explanation": "cue 'cowards'"},
            "slant.techniques@1",
        )
    )  # fmt: skip
    s2, e2 = _find(ENGLISH, "Critics say the council ignored warnings for years.")
    doc.spans.append(
        Span("technique", s2, e2, "Doubt", 0.42, {"category": "attack_on_reputation"}, "slant.techniques@1")
    )
    doc.spans.append(
        Span("claim", s2, e2, "claim", 0.77, {"explanation": "states a number"}, "slant.claims@1")
    )
    ms, me = _find(ENGLISH, "Marta Kowalczyk")
    doc.spans.append(
        Span(
            "entity",
            ms,
            me,
            "PER",
            None,
            {"canonical": "per:marta-kowalczyk", "name": "Marta Kowalczyk"},
            "m@1",
        )
    )
    js, je = _find(ENGLISH, "Jonas Berg")
    doc.spans.append(
        Span("entity", js, je, "PER", None, {"canonical": "per:jonas-berg", "name": "Jonas Berg"}, "m@1")
    )
    qs, qe = _find(ENGLISH, "We told them in March,")
    doc.spans.append(
        Span(
            "quote", qs, qe, "direct", 0.8,
            {"kind": "direct", "source_start": js, "source_end": je, "speaker": "per:jonas-berg",
             "speaker_name": "Jonas Berg"},
            "slant.quotes@1",
        )
    )  # fmt: skip
    return doc


def arabic() -> Document:
    doc = Document(
        "araby-ar-bridge",
        ARABIC,
        {"title": "انهيار جسر فارني", "outlet": "Al Araby", "published": "2026-10-15"},
    )
    fast_pipeline()(doc)
    s, e = _find(ARABIC, "السلطات")
    doc.spans.append(Span("entity", s, e, "ORG", 0.7, {"canonical": "org:authorities"}, "m@1"))
    return doc


def hostile() -> Document:
    doc = Document(
        "evil-doc",
        HOSTILE,
        {
            "title": f"Title {EVIL} {IMG}",
            "outlet": f"Outlet {EVIL}",
            "url": "javascript:alert(1)",
            "published": "2026-05-04",
        },
    )
    fast_pipeline()(doc)
    s, e = _find(HOSTILE, EVIL)
    doc.spans.append(
        Span(
            "technique", s, e, f"Label{EVIL}", 0.99,
            {"category": f"x\" onmouseover=\"alert(1){IMG}", "explanation": f"{EVIL} {IMG} {JS_LINK}"},
            f"model{IMG}",
        )
    )  # fmt: skip
    s2, e2 = _find(HOSTILE, IMG)
    doc.spans.append(
        Span(f"layer{EVIL}", s2, e2, JS_LINK, 0.5, {"canonical": EVIL, "explanation": IMG}, "x@1")
    )
    s3, e3 = _find(HOSTILE, JS_LINK)
    doc.spans.append(Span("entity", s3, e3, "MISC", None, {"canonical": f"{EVIL}", "name": IMG}, JS_LINK))
    return doc


def fill(db_url: str) -> list[Document]:
    """Store the three invented articles; returns them."""
    docs = [english(), arabic(), hostile()]
    with Store(db_url) as store:
        run_id = store.start_run("test", ["invented"], {})
        result = store.write(run_id, docs)
        assert not result.failures, result.failures
    return docs


def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "web.db")


def test_fill_stores_all_three(tmp_path: Path) -> None:
    docs = fill(sqlite_url(tmp_path))
    with Store(sqlite_url(tmp_path)) as store:
        assert store.count() == 3
        arabic_doc = store.get("araby-ar-bridge")
    assert arabic_doc is not None and arabic_doc.language == "ar"
    assert {s.layer for s in docs[0].spans} >= {"paragraph", "sentence", "language", "technique", "quote"}
