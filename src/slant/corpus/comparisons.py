"""What the outlets share and how they differ, as corpus views: quotes and claims clustered
across documents (``slant.corpus.clusters``) and the words typical of each outlet
(``slant.corpus.wording``), read from the store under a corpus filter."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, exists, func, select

from slant.corpus.clusters import Cluster, ClusterItem, cluster_texts
from slant.corpus.filters import CorpusFilter
from slant.corpus.wording import compare_wording, stopwords_for
from slant.store import schema
from slant.store.database import Store
from slant.store.queries import span_snippet

MAX_CLUSTER_SPANS = 20_000
"""Quotes or claims clustered per request, the newest first (``cluster_texts`` takes about
0.3 s for this many on one core: benchmarks/clusters_bench.py)."""
MAX_TRANSLATION_UNITS = 2_000
"""Distinct wordings embedded per request when translations are joined (the groups spanning the
most documents first): the encoder costs ~25-80 ms a sentence on a shared CPU core, so 2,000 is
~1-3 minutes the first time and near nothing once its vectors are memoised
(``slant.encoder.vectors.MEMO_SIZE``)."""
TRANSLATIONS = False
"""Whether the dashboard's cluster views join translations. Off: embedding the 20,000 spans of a
request would take 8-25 minutes on a CPU; Python callers pass ``translations=True``."""
CLUSTER_CHARS = 600
"""Characters of a span read for clustering (longer quotes are compared on their start)."""
MAX_WORDING_DOCS = 1_000
"""Documents read per outlet for the wording comparison, the newest first."""
WORDING_OUTLETS = 4
"""Outlets compared when none are named: the ones with the most documents."""
DOCUMENT_CHARS = 20_000
"""Characters of a document read for the wording comparison."""
CLUSTER_LAYERS = ("quote", "claim")


def cluster_items(store: Store, filters: CorpusFilter, layer: str) -> tuple[list[ClusterItem], int]:
    """The newest :data:`MAX_CLUSTER_SPANS` spans of ``layer`` in the filtered documents, and
    how many there are in all."""
    docs, spans = schema.documents, schema.spans
    where = and_(spans.c.layer == layer, filters.where(store), store.shown(spans), filters.spans_where(spans))
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    text = span_snippet(store, spans, CLUSTER_CHARS)
    query = (
        select(spans.c.id, spans.c.document_id, text, docs.c.outlet, docs.c.published, docs.c.language)
        .select_from(joined)
        .where(where)
        .order_by(docs.c.published.desc().nulls_last(), spans.c.id)
        .limit(MAX_CLUSTER_SPANS)
    )
    with store.engine.connect() as connection:
        items = [
            ClusterItem(int(r[0]), r[1], r[2] or "", r[3], r[4], r[5]) for r in connection.execute(query)
        ]
        total = len(items)
        if total == MAX_CLUSTER_SPANS:
            total = int(
                connection.execute(select(func.count()).select_from(joined).where(where)).scalar() or 0
            )
    return items, total


def clusters(
    store: Store,
    filters: CorpusFilter,
    layer: str,
    translations: bool | None = None,
    units: int = MAX_TRANSLATION_UNITS,
) -> tuple[list[Cluster], int, int]:
    """Clusters of near-identical spans of ``layer``; with the spans considered and in all.

    ``translations`` (default :data:`TRANSLATIONS`): also join translations across languages
    (needs ``slant[accurate]``; at most ``units`` wordings embedded)."""
    items, total = cluster_items(store, filters, layer)
    joined = TRANSLATIONS if translations is None else translations
    found = cluster_texts(items, translations=joined, max_translation_units=units)
    return found, len(items), total


def cluster_rows(found: list[Cluster], limit: int) -> list[dict[str, Any]]:
    """One row per cluster: its id (the representative span's), text and spread."""
    rows = []
    for cluster in found[:limit]:
        outlets = cluster.outlets
        rows.append(
            {
                "cluster": cluster.representative.span_id,
                "text": cluster.representative.text[:300],
                "outlets": len([o for o in outlets if o is not None]),  # known outlets
                "documents": cluster.documents,
                "spans": len(cluster.items),
                "first_published": cluster.first_published,
                "last_published": cluster.last_published,
                "languages": " ".join(cluster.languages),
                "translated": cluster.translated,
                "by_outlet": [{"outlet": o, "spans": n} for o, n in outlets.items()],
            }
        )
    return rows


def cluster_members(
    store: Store,
    filters: CorpusFilter,
    layer: str,
    cluster: int,
    translations: bool | None = None,
    units: int = MAX_TRANSLATION_UNITS,
) -> list[int]:
    """The span ids of the cluster whose representative is span ``cluster`` (recomputed with
    the same filters, so a link from the chart lists what the chart counted)."""
    found, _, _ = clusters(store, filters, layer, translations, units)
    for candidate in found:
        if candidate.representative.span_id == cluster:
            return [item.span_id for item in candidate.items]
    return []


def newest_per_outlet(
    store: Store, filters: CorpusFilter, outlets: list[str] | None, first: str | None = None
) -> tuple[dict[str, str], list[str]]:
    """The newest :data:`MAX_WORDING_DOCS` filtered documents of each compared outlet (id →
    outlet), and the outlets compared: ``outlets``, or the :data:`WORDING_OUTLETS` with most
    documents (``first`` put first).

    Column filters take one indexed ``LIMIT`` query per outlet. A technique or actor filter
    scans spans, so then one query with window functions evaluates it once for all outlets."""
    docs = schema.documents
    condition = filters.where(store) & docs.c.outlet.is_not(None)
    if outlets:
        condition = condition & docs.c.outlet.in_(outlets)
    newest = (docs.c.published.desc().nulls_last(), docs.c.id)
    sizes: dict[str, int] = {}
    owner: dict[str, str] = {}
    spans_filtered = bool(filters.actor or filters.technique)
    with store.engine.connect() as connection:
        if spans_filtered:
            ranked = (
                select(
                    docs.c.id,
                    docs.c.outlet,
                    func.row_number().over(partition_by=docs.c.outlet, order_by=newest).label("rank"),
                    func.count().over(partition_by=docs.c.outlet).label("size"),
                )
                .where(condition)
                .subquery()
            )
            query = select(ranked.c.id, ranked.c.outlet, ranked.c.size).where(
                ranked.c.rank <= MAX_WORDING_DOCS
            )
            for doc_id, outlet, size in connection.execute(query):
                owner[doc_id] = outlet
                sizes[outlet] = int(size)
        else:
            counted = select(docs.c.outlet, func.count()).where(condition).group_by(docs.c.outlet)
            sizes = {str(o): int(n) for o, n in connection.execute(counted)}
        ranking = sorted(sizes, key=lambda o: (o != first, -sizes[o], o))
        chosen = outlets or ranking[:WORDING_OUTLETS]
        if not spans_filtered:
            for outlet in chosen:
                query = (
                    select(docs.c.id)
                    .where(condition & (docs.c.outlet == outlet))
                    .order_by(*newest)
                    .limit(MAX_WORDING_DOCS)
                )
                owner.update((doc_id, outlet) for doc_id in connection.execute(query).scalars())
    return {d: o for d, o in owner.items() if o in chosen}, chosen


def wording_texts(
    store: Store, filters: CorpusFilter, sample: dict[str, str]
) -> tuple[dict[str, list[str]], set[str]]:
    """Per outlet, the texts of the ``sample`` documents (id → outlet) to compare: with an actor
    filter, the sentences that mention the actor; otherwise the documents. Also the languages
    seen (for stop words)."""
    docs, spans = schema.documents, schema.spans
    ids = sorted(sample)
    if filters.actor:
        sentence, mention = spans.alias("sentence"), spans.alias("mention")
        names_actor = exists().where(
            (mention.c.document_id == sentence.c.document_id)
            & (mention.c.layer == "entity")
            & (mention.c.start >= sentence.c.start)
            & (mention.c.start < sentence.c.end)
            & (mention.c.attrs["canonical"].as_string() == filters.actor)
            & store.shown(mention)
        )
        query = (
            select(
                sentence.c.document_id,
                func.substr(docs.c.text, sentence.c.start + 1, sentence.c.end - sentence.c.start),
                docs.c.language,
            )
            .select_from(sentence.join(docs, docs.c.id == sentence.c.document_id))
            .where((sentence.c.layer == "sentence") & sentence.c.document_id.in_(ids) & names_actor)
        )
    else:
        query = select(docs.c.id, func.substr(docs.c.text, 1, DOCUMENT_CHARS), docs.c.language).where(
            docs.c.id.in_(ids)
        )
    texts: dict[str, list[str]] = defaultdict(list)
    languages: set[str] = set()
    with store.engine.connect() as connection:
        for doc_id, text, language in connection.execute(query):
            texts[sample[doc_id]].append(text or "")
            if language:
                languages.add(str(language))
    return dict(texts), languages


def wording(
    store: Store,
    filters: CorpusFilter,
    outlets: list[str] | None,
    top: int,
    min_count: int = 3,
    sample: dict[str, str] | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The words most typical of each outlet against the others (weighted log-odds with an
    informative Dirichlet prior, z ≥ 1.96), and what was compared: the newest documents of each
    outlet, or the ``sample`` given (document id → outlet, with ``outlets`` the ones compared)."""
    # Comparing needs other outlets: an outlet filter picks the outlet to set against the rest.
    others = replace(filters, outlet=None)
    if sample is None:
        sample, chosen = newest_per_outlet(store, others, outlets, first=filters.outlet)
    else:
        chosen = list(outlets or sorted(set(sample.values())))
    texts, languages = wording_texts(store, others, sample)
    about = {
        "outlets": chosen,
        "unit": f"sentences mentioning {filters.actor}" if filters.actor else "documents",
        "texts": {o: len(texts.get(o, [])) for o in chosen},
    }
    present = {o: t for o, t in texts.items() if t}
    if len(present) < 2:
        return [], {**about, "note": "fewer than two outlets with texts under these filters"}
    result = compare_wording(present, top=top, min_count=min_count, stopwords=stopwords_for(languages))
    rows = [
        {
            "outlet": outlet,
            "word": score.word,
            "z": round(score.z, 2),
            "count": score.count,
            "other_count": score.other_count,
            "per_10k": round(score.per_10k, 2),
            "other_per_10k": round(score.other_per_10k, 2),
        }
        for outlet in chosen
        for score in result.groups.get(outlet, [])
    ]
    if not rows:
        about["note"] = (
            f"no word sets an outlet apart (z ≥ 1.96, {min_count}+ uses in 2+ texts) in these texts"
        )
    return rows, {**about, "words": result.words}
