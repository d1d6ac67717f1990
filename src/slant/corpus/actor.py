"""One actor seen through each outlet ("a tale of two narratives"): the roles the outlets give it,
the techniques in the sentences that name it, the words they use about it, its quotes, and the
narratives, frames and genres of the documents that name it.

Every count is of spans shown by default (:meth:`Store.shown`) in documents under a
:class:`~slant.corpus.filters.CorpusFilter` (its ``actor`` is ignored: the actor is the subject);
each section is one grouped SQL query, with bound parameters only. What a number counts is
written beside it in :data:`SECTIONS`, and :func:`spans_link` says which ``/spans`` query lists
the spans behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from slant.corpus.filters import CorpusFilter
from slant.corpus.views import surface_forms
from slant.store import schema
from slant.store.database import Store, confident_speaker
from slant.store.queries import hit_columns
from slant.techniques.taxonomy import BY_NAME

ROLE_EXAMPLES = 2
"""Example sentences per outlet and role (the surest first)."""
QUOTE_EXAMPLES = 3
"""Example quotes per outlet (the newest first)."""
FINE_ROLES = 3
"""Fine roles listed per outlet and main role (the most frequent first)."""
WORDS = 12
"""Words about the actor listed per outlet."""
DOCUMENT_LAYERS = ("narrative", "frame", "genre")
"""Layers counted per document naming the actor (a label once per document)."""

SECTIONS = {
    "mentions": "entity mentions of the actor and the documents with one",
    "roles": "role spans on the actor's mentions (Protagonist, Antagonist, Innocent)",
    "techniques": "technique spans overlapping a sentence that names the actor",
    "wording": "words typical of each outlet's sentences naming the actor (z-score against the others)",
    "quotes": "quotes the actor is the sure speaker of",
    "narrative": "documents naming the actor that carry the narrative",
    "frame": "documents naming the actor that carry the frame",
    "genre": "documents naming the actor, by genre",
}


def _canonical(spans: Any) -> Any:
    return spans.c.attrs["canonical"].as_string()


def exists(store: Store, actor: str) -> bool:
    """Whether any entity or role span, or any quote's speaker, is this canonical id."""
    spans = schema.spans
    named = or_(
        spans.c.layer.in_(("entity", "role")) & (_canonical(spans) == actor),
        (spans.c.layer == "quote") & (spans.c.attrs["speaker"].as_string() == actor),
    )
    with store.engine.connect() as connection:
        return connection.execute(select(spans.c.id).where(named).limit(1)).first() is not None


SAMPLE = 500
"""Documents naming the actor read per outlet, the newest first: every section but the mention
counts is counted over them (as the wording comparison reads the newest 1,000 per outlet), so
the page stays fast for an actor named in most of a large corpus. Half the wording comparison's
1,000: the page makes seven such counts."""


def naming(
    store: Store, filters: CorpusFilter, actor: str, hidden: bool = False, per_outlet: int | None = None
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Per outlet: mentions of the actor and documents naming it (all of them), how many of those
    the other sections read (``read``) and, when that is not all, the day the oldest read one was
    published (``since``); and the documents read (id → outlet)."""
    docs, spans = schema.documents, schema.spans
    query = (
        select(spans.c.document_id, docs.c.outlet, docs.c.published, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            (spans.c.layer == "entity") & (_canonical(spans) == actor),
            store.shown(spans, hidden),
            filters.spans_where(spans),
            filters.where(store),
        )
        .group_by(spans.c.document_id, docs.c.outlet, docs.c.published)
    )
    by_outlet: dict[Any, list[tuple[str, str, int]]] = defaultdict(list)
    with store.engine.connect() as connection:
        for doc_id, outlet, published, n in connection.execute(query):
            by_outlet[outlet].append((str(published or ""), str(doc_id), int(n)))
    rows: list[dict[str, Any]] = []
    sample: dict[str, Any] = {}
    for outlet, found in by_outlet.items():
        found.sort(key=lambda f: (f[0], f[1]), reverse=True)  # the newest first (undated last)
        read = found[: per_outlet or SAMPLE]
        sample.update((doc_id, outlet) for _, doc_id, _ in read)
        cut = len(read) < len(found)
        rows.append(
            {
                "outlet": outlet,
                "mentions": sum(n for *_, n in found),
                "documents": len(found),
                "read": len(read),
                "since": (read[-1][0][:10] or None) if cut else None,
            }
        )
    rows.sort(key=lambda r: (-r["mentions"], str(r["outlet"] or "")))
    return rows, sample


def _in(spans: Any, ids: list[str]) -> ColumnElement[bool]:
    return spans.c.document_id.in_(ids)


def roles(
    store: Store, ids: list[str], filters: CorpusFilter, actor: str, hidden: bool = False
) -> list[dict[str, Any]]:
    """Per outlet and main role: role spans on the actor, their share of the outlet's role spans
    on it, the most frequent fine roles, and the surest example sentences."""
    docs, spans = schema.documents, schema.spans
    condition = and_(
        (spans.c.layer == "role") & (_canonical(spans) == actor),
        store.shown(spans, hidden),
        filters.spans_where(spans),
        _in(spans, ids),
    )
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    fine = spans.c.attrs["fine_role"].as_string()
    counts = (
        select(docs.c.outlet, spans.c.label, fine, func.count())
        .select_from(joined)
        .where(condition)
        .group_by(docs.c.outlet, spans.c.label, fine)
    )
    rank = (
        func.row_number()
        .over(partition_by=(docs.c.outlet, spans.c.label), order_by=(spans.c.score.desc(), spans.c.id))
        .label("rank")
    )
    ranked = select(*hit_columns(store), rank).select_from(joined).where(condition).subquery()
    examples_query = select(ranked).where(ranked.c.rank <= ROLE_EXAMPLES)
    table: dict[tuple[Any, Any], dict[str, Any]] = {}
    with store.engine.connect() as connection:
        for outlet, label, fine_role, n in connection.execute(counts):
            row = table.setdefault((outlet, label), {"outlet": outlet, "role": label, "count": 0, "fine": {}})
            row["count"] += int(n)
            if fine_role:
                row["fine"][fine_role] = row["fine"].get(fine_role, 0) + int(n)
        examples = [dict(r._mapping) for r in connection.execute(examples_query)]
    totals: dict[Any, int] = defaultdict(int)
    for (outlet, _), row in table.items():
        totals[outlet] += row["count"]
    for row in table.values():
        row["share"] = round(row["count"] / totals[row["outlet"]], 3)
        row["fine_roles"] = [
            {"role": r, "count": n} for r, n in sorted(row.pop("fine").items(), key=lambda x: (-x[1], x[0]))
        ][:FINE_ROLES]
        row["examples"] = []
    for example in examples:
        example.pop("rank", None)
        table[(example["outlet"], example["label"])]["examples"].append(example)
    return sorted(table.values(), key=lambda r: (str(r["outlet"] or ""), -r["count"], str(r["role"])))


def techniques(
    store: Store, ids: list[str], filters: CorpusFilter, actor: str, hidden: bool = False
) -> list[dict[str, Any]]:
    """Per outlet and technique: technique spans overlapping a sentence that names the actor
    (each span once, however many mentions its sentence has)."""
    docs, spans = schema.documents, schema.spans
    query = (
        select(docs.c.outlet, spans.c.label, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            spans.c.layer == "technique",
            near_actor(store, actor, spans, ids),
            store.shown(spans, hidden),
            filters.spans_where(spans),
        )
        .group_by(docs.c.outlet, spans.c.label)
    )
    with store.engine.connect() as connection:
        rows = [
            {
                "outlet": outlet,
                "technique": label,
                "title": BY_NAME[label].title if label in BY_NAME else label,
                "spans": int(n),
            }
            for outlet, label, n in connection.execute(query)
        ]
    return sorted(rows, key=lambda r: (str(r["outlet"] or ""), -r["spans"], str(r["technique"])))


def near_actor(store: Store, actor: str, spans: Any, within: list[str] | None = None) -> ColumnElement[bool]:
    """The condition on ``spans`` (the spans table or an alias) that a span overlaps a sentence
    naming the actor: what :func:`techniques` counts (in the documents ``within``), and the
    ``/spans`` page's ``about`` (in any document)."""
    mention, sentence = schema.spans.alias("about_mention"), schema.spans.alias("about_sentence")
    naming: Any = within
    if naming is None:
        naming = select(mention.c.document_id).where(
            (mention.c.layer == "entity") & (_canonical(mention) == actor) & store.shown(mention)
        )
    named_sentence = (
        select(sentence.c.id)
        .select_from(
            sentence.join(
                mention,
                (mention.c.document_id == sentence.c.document_id)
                & (mention.c.layer == "entity")
                & (mention.c.start >= sentence.c.start)
                & (mention.c.start < sentence.c.end),
            )
        )
        .where(
            (sentence.c.document_id == spans.c.document_id)
            & (sentence.c.layer == "sentence")
            & (sentence.c.start < spans.c.end)
            & (sentence.c.end > spans.c.start)
            & (_canonical(mention) == actor)
            & store.shown(mention)
        )
        .exists()
    )
    # The documents naming the actor first (a list, or an uncorrelated subquery): only their spans
    # are looked at.
    return spans.c.document_id.in_(naming) & named_sentence


def quotes(
    store: Store, ids: list[str], filters: CorpusFilter, actor: str, hidden: bool = False
) -> list[dict[str, Any]]:
    """Per outlet: quotes the actor is the sure speaker of, and the newest few."""
    docs, spans = schema.documents, schema.spans
    condition = and_(
        (spans.c.layer == "quote") & (spans.c.attrs["speaker"].as_string() == actor),
        confident_speaker(spans),
        store.shown(spans, hidden),
        filters.spans_where(spans),
        _in(spans, ids),
    )
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    counts = select(docs.c.outlet, func.count()).select_from(joined).where(condition).group_by(docs.c.outlet)
    rank = (
        func.row_number()
        .over(
            partition_by=docs.c.outlet,
            order_by=(docs.c.published.desc().nulls_last(), spans.c.document_id, spans.c.start),
        )
        .label("rank")
    )
    ranked = select(*hit_columns(store), rank).select_from(joined).where(condition).subquery()
    with store.engine.connect() as connection:
        rows = {o: {"outlet": o, "quotes": int(n), "examples": []} for o, n in connection.execute(counts)}
        for example in connection.execute(select(ranked).where(ranked.c.rank <= QUOTE_EXAMPLES)):
            found = dict(example._mapping)
            found.pop("rank", None)
            rows[found["outlet"]]["examples"].append(found)
    return sorted(rows.values(), key=lambda r: (-r["quotes"], str(r["outlet"] or "")))


def document_labels(
    store: Store, ids: list[str], filters: CorpusFilter, layer: str, hidden: bool = False
) -> list[dict[str, Any]]:
    """Per outlet and label of ``layer``: documents naming the actor that have such a span."""
    docs, spans = schema.documents, schema.spans
    query = (
        select(docs.c.outlet, spans.c.label, func.count(spans.c.document_id.distinct()))
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            spans.c.layer == layer,
            store.shown(spans, hidden),
            filters.spans_where(spans),
            _in(spans, ids),
        )
        .group_by(docs.c.outlet, spans.c.label)
    )
    with store.engine.connect() as connection:
        rows = [
            {"outlet": outlet, "label": label, "documents": int(n)}
            for outlet, label, n in connection.execute(query)
        ]
    return sorted(rows, key=lambda r: (str(r["outlet"] or ""), -r["documents"], str(r["label"])))


def actor_view(
    store: Store, actor: str, filters: CorpusFilter | None = None, hidden: bool = False
) -> dict[str, Any] | None:
    """Everything the actor page shows, per outlet (``None`` when no span names the actor); with
    ``hidden``, spans below their display thresholds count too. Mentions are counted in every
    document; the other sections in the newest :data:`SAMPLE` documents naming it per outlet."""
    from slant.corpus.comparisons import wording

    if not exists(store, actor):
        return None
    filters = replace(filters or CorpusFilter(), actor=None)
    forms = surface_forms(store, filters, "entity", "canonical", [actor]).get(actor, [])
    found_mentions, sample = naming(store, filters, actor, hidden)
    ids = sorted(sample)
    outlets = [r["outlet"] for r in found_mentions if r["outlet"] is not None]
    compared = {d: o for d, o in sample.items() if o in outlets[:8]}
    about = replace(filters, actor=actor)
    about._matches = [actor]  # the id itself: no name lookup
    sections: dict[str, Callable[[], Any]] = {
        "roles": lambda: roles(store, ids, filters, actor, hidden),
        "techniques": lambda: techniques(store, ids, filters, actor, hidden),
        "quotes": lambda: quotes(store, ids, filters, actor, hidden),
        "wording": lambda: wording(store, about, outlets[:8], WORDS, sample=compared),
        **{
            layer: (lambda layer=layer: document_labels(store, ids, filters, layer, hidden))  # type: ignore[misc]
            for layer in DOCUMENT_LAYERS
        },
    }
    # Independent queries: two at a time (SQLite and PostgreSQL both run them in parallel).
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = dict(zip(sections, pool.map(lambda make: make(), sections.values()), strict=True))
    words, said = found.pop("wording")
    return {
        "actor": actor,
        "name": forms[0] if forms else actor,
        "names": forms[:5],
        "outlets": outlets,
        "mentions": found_mentions,
        **found,
        "wording": words,
        "wording_about": said,
        "counted": SECTIONS,
        "hidden": hidden,
        "read_per_outlet": SAMPLE,
    }
