"""The corpus views: counts across documents that the dashboard charts and ``Store.corpus``
returns: techniques, actors, speakers, citations and claims per outlet, the timeline, and an
overview of a selection. Every view counts the spans shown by default (``Store.shown``) under
a :class:`~slant.corpus.filters.CorpusFilter`; every value reaches SQL as a bound parameter,
and each view is one or two grouped queries (nothing loops over documents in Python). Words
are estimated from the text's length in characters divided by :data:`CHARS_PER_WORD` (the
store keeps no word count); rates are per 1,000 estimated words."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, case, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from slant.corpus.filters import CorpusFilter
from slant.store import schema
from slant.store.database import Store, citing, confident_speaker
from slant.techniques.taxonomy import BY_NAME

CHARS_PER_WORD = 6
"""Characters per word for the word estimate (about 5 letters and a space in English)."""
TOP = 20


def _words(chars: Any) -> float:
    return float(chars or 0) / CHARS_PER_WORD


def _rate(count: int, words: float) -> float:
    return round(1000.0 * count / words, 3) if words > 0 else 0.0


def outlet_sizes(store: Store, filters: CorpusFilter) -> dict[str | None, tuple[int, float]]:
    """Per outlet: documents and estimated words."""
    docs = schema.documents
    query = (
        select(docs.c.outlet, func.count(), func.sum(func.length(docs.c.text)))
        .where(filters.where(store))
        .group_by(docs.c.outlet)
    )
    with store.engine.connect() as connection:
        return {row[0]: (int(row[1]), _words(row[2])) for row in connection.execute(query)}


def _span_counts(
    store: Store, filters: CorpusFilter, layer: str, key: Any, extra: ColumnElement[bool] | None = None
) -> list[tuple[Any, Any, int]]:
    """Spans of ``layer`` in the filtered documents, counted by (outlet, key)."""
    docs, spans = schema.documents, schema.spans
    condition = and_(
        spans.c.layer == layer,
        filters.where(store),
        store.shown(spans),
        filters.spans_where(spans),
        true() if extra is None else extra,
    )
    query = (
        select(docs.c.outlet, key, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(condition)
        .group_by(docs.c.outlet, key)
    )
    with store.engine.connect() as connection:
        return [(row[0], row[1], int(row[2])) for row in connection.execute(query)]


def techniques(store: Store, filters: CorpusFilter) -> list[dict[str, Any]]:
    """Technique spans per outlet and label, with the rate per 1,000 words of that outlet."""
    sizes = outlet_sizes(store, filters)
    spans = schema.spans
    extra = spans.c.label == filters.technique if filters.technique else None
    rows = [
        {
            "outlet": outlet,
            "technique": label,
            "spans": n,
            "documents": sizes.get(outlet, (0, 0.0))[0],
            "words": round(sizes.get(outlet, (0, 0.0))[1]),
            "per_1000_words": _rate(n, sizes.get(outlet, (0, 0.0))[1]),
            "title": BY_NAME[label].title if label in BY_NAME else label,
        }
        for outlet, label, n in _span_counts(store, filters, "technique", spans.c.label, extra)
    ]
    return sorted(rows, key=lambda r: (str(r["outlet"] or ""), -r["spans"], str(r["technique"] or "")))


def _by_attr(
    store: Store,
    filters: CorpusFilter,
    layer: str,
    attr: str,
    name: str,
    limit: int,
    extra: ColumnElement[bool] | None = None,
) -> list[dict[str, Any]]:
    """The ``limit`` most frequent values of a span attribute, counted per outlet: one grouped
    query; the top values are picked from its (value, outlet) rows."""
    key = schema.spans.c.attrs[attr].as_string()
    counts = _span_counts(
        store, filters, layer, key, key.is_not(None) if extra is None else and_(key.is_not(None), extra)
    )
    totals: dict[str, int] = {}
    for _, value, n in counts:
        totals[value] = totals.get(value, 0) + n
    top = sorted(totals, key=lambda v: (-totals[v], v))[:limit]
    rank = {v: i for i, v in enumerate(top)}
    column = "mentions" if layer == "entity" else "count"
    forms = surface_forms(store, filters, layer, attr, top)
    rows = [
        {
            name: value,
            "name": forms[value][0] if forms.get(value) else value,
            "names": forms.get(value, [])[:NAME_VARIANTS],
            "outlet": outlet,
            column: n,
        }
        for outlet, value, n in counts
        if value in rank
    ]
    return sorted(rows, key=lambda r: (rank[r[name]], str(r["outlet"] or "")))


NAME_VARIANTS = 5
"""Surface forms listed beside an actor's name."""


NAME_DOCUMENTS = (2_000, 20_000)
"""Documents read to name actors, the newest first: names are stable, and counting every mention
in a large corpus would cost seconds. Actors the first sample misses are looked up in the second;
an actor in neither keeps its id."""


def surface_forms(
    store: Store,
    filters: CorpusFilter,
    layer: str,
    attr: str,
    ids: list[str],
    samples: tuple[int, ...] = NAME_DOCUMENTS,
) -> dict[str, list[str]]:
    """Per canonical id, how the filtered documents write it, most frequent first (in the newest
    documents: :data:`NAME_DOCUMENTS`): the entity spans' text, or the quotes' ``speaker_name``.
    With a language filter these are that language's forms; Arabic names stay in Arabic script."""
    tallies: dict[str, dict[str, int]] = {}
    for sample in samples:
        missed = [i for i in ids if i not in tallies]
        if not missed:
            break
        _count_forms(store, filters, layer, attr, missed, sample, tallies)
    return {value: sorted(t, key=lambda w: (-t[w], -len(w), w)) for value, t in tallies.items()}


def named_most(store: Store, sample: int, limit: int) -> list[tuple[str, str]]:
    """``(canonical id, name)`` of the ``limit`` actors mentioned most in the newest ``sample``
    documents, by name (a sample: quick on any store)."""
    tallies: dict[str, dict[str, int]] = {}
    _count_forms(store, CorpusFilter(), "entity", "canonical", None, sample, tallies)
    top = sorted(tallies, key=lambda i: -sum(tallies[i].values()))[:limit]
    named = [(i, max(tallies[i], key=lambda w: (tallies[i][w], len(w)))) for i in top]
    return sorted(named, key=lambda pair: pair[1].lower())


def _count_forms(
    store: Store,
    filters: CorpusFilter,
    layer: str,
    attr: str,
    ids: list[str] | None,
    sample: int,
    tallies: dict[str, dict[str, int]],
) -> None:
    docs, spans = schema.documents, schema.spans
    newest = (
        select(docs.c.id)
        .where(filters.where(store))
        .order_by(docs.c.published.desc().nulls_last(), docs.c.id)
        .limit(sample)
    )
    key = spans.c.attrs[attr].as_string()
    if layer == "entity":
        form = func.substr(docs.c.text, spans.c.start + 1, spans.c.end - spans.c.start)
    else:
        form = spans.c.attrs["speaker_name"].as_string()
    wanted = key.is_not(None) if ids is None else key.in_(ids)
    query = (
        select(key, form, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            spans.c.document_id.in_(newest.scalar_subquery()),
            (spans.c.layer == layer) & wanted & form.is_not(None),
            store.shown(spans),
        )
        .group_by(key, form)
    )
    with store.engine.connect() as connection:
        for value, written, n in connection.execute(query):
            text = " ".join(str(written).split())
            if text and not (layer == "quote" and text.lower() in PRONOUNS):
                tally = tallies.setdefault(str(value), {})
                tally[text] = tally.get(text, 0) + int(n)


#: Speaker names that only point back ("she", "hon"): never shown as an actor's name.
PRONOUNS = frozenset({
    "he", "she", "they", "him", "her", "it", "i", "we",  # en
    "han", "hon", "de", "den", "det",  # sv
    "er", "sie", "ihr",  # de
    "il", "elle", "ils", "elles",  # fr
    "он", "она", "они",  # ru
    "هو", "هي", "هم",  # ar
})  # fmt: skip


def actors(store: Store, filters: CorpusFilter, limit: int = TOP) -> list[dict[str, Any]]:
    """Mentions (entity spans) of the most-mentioned actors (canonical ids), per outlet."""
    return _by_attr(store, filters, "entity", "canonical", "actor", limit)


MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")


def actor_roles(store: Store, filters: CorpusFilter, limit: int = TOP) -> list[dict[str, Any]]:
    """Role spans of the actors given a role most often, per outlet: a count per main role, the
    ``dominant`` one (``None`` on a tie) and its ``share`` of the cell."""
    counts = _role_counts(store, filters)
    totals: dict[str, int] = {}
    for (_, actor, _), n in counts.items():
        totals[actor] = totals.get(actor, 0) + n
    top = sorted(totals, key=lambda a: (-totals[a], a))[:limit]
    rank = {a: i for i, a in enumerate(top)}
    forms = surface_forms(store, filters, "entity", "canonical", top)
    tallies: dict[tuple[Any, str], Counter[str]] = {}
    for (outlet, actor, role), n in counts.items():
        if actor in rank:
            tally = tallies.setdefault((outlet, actor), Counter())
            if role in MAIN_ROLES:
                tally[role] += n
    rows = []
    for (outlet, actor), tally in tallies.items():
        total = sum(tally.values())
        rows.append(
            {
                "actor": actor,
                "name": forms[actor][0] if forms.get(actor) else actor,
                "outlet": outlet,
                **{role.lower(): tally[role] for role in MAIN_ROLES},
                "roles": total,
                "dominant": dominant(tally),
                "share": round(max(tally.values()) / total, 3) if total else 0.0,
            }
        )
    return sorted(rows, key=lambda r: (rank[r["actor"]], str(r["outlet"] or "")))


def dominant(tally: Mapping[str, int]) -> str | None:
    """The role given most often (``None``: none given, or a tie for the most)."""
    ordered = sorted(tally.values(), reverse=True)
    if not ordered or not ordered[0] or (len(ordered) > 1 and ordered[0] == ordered[1]):
        return None
    return max(tally, key=lambda role: tally[role])


def _role_counts(store: Store, filters: CorpusFilter) -> dict[tuple[Any, str, str], int]:
    """Shown role spans counted by (outlet, actor, main role)."""
    docs, spans = schema.documents, schema.spans
    key = spans.c.attrs["canonical"].as_string()
    query = (
        select(docs.c.outlet, key, spans.c.label, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            spans.c.layer == "role",
            key.is_not(None),
            filters.where(store),
            store.shown(spans),
            filters.spans_where(spans),
        )
        .group_by(docs.c.outlet, key, spans.c.label)
    )
    with store.engine.connect() as connection:
        return {(o, str(a), str(r)): int(n) for o, a, r, n in connection.execute(query)}


def speakers(
    store: Store, filters: CorpusFilter, limit: int = TOP, every: bool = False
) -> list[dict[str, Any]]:
    """Quotes of the most-quoted speakers (canonical ids), per outlet: sure attributions only
    (``speaker_confidence`` named or pronoun) unless ``every``."""
    extra = None if every else confident_speaker(schema.spans)
    return _by_attr(store, filters, "quote", "speaker", "speaker", limit, extra)


def citations(store: Store, filters: CorpusFilter, limit: int = 200) -> list[dict[str, Any]]:
    """Outlet → cited outlet (``source`` spans with an ``outlet`` id), the most frequent pairs."""
    key = schema.spans.c.attrs["outlet"].as_string()
    counts = _span_counts(store, filters, "source", key, and_(key.is_not(None), citing(schema.spans)))
    rows = [{"outlet": outlet, "cited": cited, "count": n} for outlet, cited, n in counts]
    rows.sort(key=lambda r: (-r["count"], str(r["outlet"] or ""), str(r["cited"])))
    return rows[:limit]


def claims(store: Store, filters: CorpusFilter) -> list[dict[str, Any]]:
    """Check-worthy claims per outlet, with the rate per 1,000 words."""
    sizes = outlet_sizes(store, filters)
    counts = {outlet: n for outlet, _, n in _span_counts(store, filters, "claim", schema.spans.c.layer)}
    rows = [
        {
            "outlet": outlet,
            "claims": counts.get(outlet, 0),
            "documents": n_docs,
            "words": round(words),
            "per_1000_words": _rate(counts.get(outlet, 0), words),
        }
        for outlet, (n_docs, words) in sizes.items()
    ]
    return sorted(rows, key=lambda r: str(r["outlet"] or ""))


DIGITS = {"year": 4, "month": 7, "week": 10, "day": 10}
"""Characters of an ISO date each bucket groups by (weeks are folded from days in Python:
cheaper than a date function per row, and the same on SQLite and PostgreSQL)."""
BUCKETS = ("auto", "day", "week", "month", "year")


def _period(bucket: str) -> Any:
    """The SQL grouping key: the year, month or day."""
    return func.substr(schema.documents.c.published, 1, DIGITS[bucket])


def date_range(store: Store, filters: CorpusFilter) -> tuple[str | None, str | None]:
    """The first and last publication day of the filtered documents (dated ones only)."""
    docs = schema.documents
    day = func.substr(docs.c.published, 1, 10)
    dated = and_(filters.where(store), _dated(store, docs.c.published, "day"))
    with store.engine.connect() as connection:
        first, last = connection.execute(select(func.min(day), func.max(day)).where(dated)).one()
    return first, last


def auto_bucket(first: str | None, last: str | None) -> str:
    """A bucket that suits the range: days up to two months, weeks up to a year, months up to
    eight years, else years (a one-bar chart of a week's news says nothing)."""
    try:
        days = (dt.date.fromisoformat(str(last)) - dt.date.fromisoformat(str(first))).days
    except ValueError:
        return "month"
    if days <= 62:
        return "day"
    if days <= 366:
        return "week"
    return "month" if days <= 8 * 366 else "year"


def _monday(day: str) -> str | None:
    """The Monday of the week of an ISO day, or None for a day that is not a date."""
    try:
        found = dt.date.fromisoformat(day)
    except ValueError:
        return None
    return (found - dt.timedelta(days=found.weekday())).isoformat()


def _by_period(rows: Any, bucket: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    for key, n in rows:
        period = _monday(key) if key and bucket == "week" else key
        if period:
            counts[period] = counts.get(period, 0) + int(n)
    return counts


def _dated(store: Store, published: Any, bucket: str) -> ColumnElement[bool]:
    """Whether ``published`` starts with a date precise enough for the bucket."""
    digits = DIGITS[bucket]
    month, day = digits >= 7, digits >= 10
    if store.dialect == "sqlite":
        return published.op("GLOB")(
            "[0-9][0-9][0-9][0-9]" + ("-[0-9][0-9]" if month else "") + ("-[0-9][0-9]" if day else "") + "*"
        )
    return published.regexp_match("^[0-9]{4}" + ("-[0-9]{2}" if month else "") + ("-[0-9]{2}" if day else ""))


def timeline(store: Store, filters: CorpusFilter, bucket: str) -> list[dict[str, Any]]:
    """Documents and technique spans per day, week (starting Monday), month or year published."""
    docs, spans = schema.documents, schema.spans
    period = _period(bucket)
    dated = and_(filters.where(store), _dated(store, docs.c.published, bucket))
    volume = select(period, func.count()).where(dated).group_by(period)
    technique = and_(dated, spans.c.layer == "technique", store.shown(spans), filters.spans_where(spans))
    if filters.technique:
        technique = and_(technique, spans.c.label == filters.technique)
    marked = (
        select(period, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(technique)
        .group_by(period)
    )
    with store.engine.connect() as connection:
        documents = _by_period(connection.execute(volume), bucket)
        marks = _by_period(connection.execute(marked), bucket)
    return [
        {"period": p, "documents": documents.get(p, 0), "technique_spans": marks.get(p, 0)}
        for p in sorted(set(documents) | set(marks))
    ]


def overview(store: Store, filters: CorpusFilter) -> dict[str, Any]:
    """The strip at the top of the dashboard: documents, outlets, languages, date range, and
    technique spans counted (shown by default, at or above the minimum confidence when one is
    set) and left out (below their display threshold or that minimum), under the filters; with
    an actor filter, the actors it matched (``actors``: id and name, at most
    :data:`ACTORS_NAMED`, and ``actors_matched``, how many)."""
    docs, spans = schema.documents, schema.spans
    where = filters.where(store)
    marked = spans.join(docs, docs.c.id == spans.c.document_id)
    technique = and_(where, spans.c.layer == "technique")
    kept = and_(store.shown(spans), filters.spans_where(spans))
    with store.engine.connect() as connection:
        documents, outlets, languages = connection.execute(
            select(
                func.count(), func.count(docs.c.outlet.distinct()), func.count(docs.c.language.distinct())
            ).where(where)
        ).one()
        everything, shown = connection.execute(
            select(func.count(), func.sum(case((kept, 1), else_=0)))
            .select_from(marked)
            .where(technique, store.shown(spans, True))
        ).one()
    first, last = date_range(store, filters)
    found: dict[str, Any] = {
        "documents": int(documents),
        "outlets": int(outlets),
        "languages": int(languages),
        "first": first,
        "last": last,
        "techniques_shown": int(shown or 0),
        "techniques_below": int(everything or 0) - int(shown or 0),
    }
    if filters.actor:
        ids = filters.actor_matches(store)
        forms = surface_forms(store, filters, "entity", "canonical", ids[:ACTORS_NAMED])
        typed = filters.actor.casefold()
        found["actors"] = [  # named as typed where a form has the words typed ("عمال" -> its Arabic name)
            {
                "actor": i,
                "name": next((f for f in forms.get(i, []) if typed in f.casefold()), None)
                or (forms[i][0] if forms.get(i) else i),
            }
            for i in ids[:ACTORS_NAMED]
        ]
        found["actors_matched"] = len(ids)
    return found


ACTORS_NAMED = 5
"""Actors the overview names for an actor filter (it says how many more matched)."""


def labels(store: Store, layer: str, column: Any, limit: int = 200) -> list[str]:
    spans = schema.spans
    query = (
        select(column)
        .where((spans.c.layer == layer) & column.is_not(None) & store.shown(spans))
        .group_by(column)
        .order_by(func.count().desc())
        .limit(limit)
    )
    with store.engine.connect() as connection:
        return sorted(str(v) for v in connection.execute(query).scalars())


VIEWS = (
    "overview", "techniques", "actors", "actor-roles", "speakers", "citations", "claims", "timeline",
    "quote-clusters", "claim-clusters", "wording",
)  # fmt: skip


def corpus_view(
    store: Store,
    view: str,
    *,
    outlet: str | None = None,
    language: str | None = None,
    published_from: str | None = None,
    published_to: str | None = None,
    technique: str | None = None,
    actor: str | None = None,
    min_score: float | None = None,
    bucket: str = "auto",
    limit: int = TOP,
    outlets: list[str] | None = None,
) -> Any:
    """One corpus view by name (:data:`VIEWS`), as ``/api/corpus/<view>`` answers it: its rows
    (the overview: one mapping). ValueError for an unknown view or option."""
    from slant.corpus.comparisons import cluster_rows, clusters, wording

    if view not in VIEWS:
        raise ValueError(f"unknown corpus view {view!r}; choose one of: {', '.join(VIEWS)}")
    if min_score is not None and not 0.0 <= min_score <= 1.0:
        raise ValueError(f"min_score must be between 0 and 1, not {min_score!r}")
    if bucket not in BUCKETS:
        raise ValueError(f"unknown bucket {bucket!r}; choose one of: {', '.join(BUCKETS)}")
    filters = CorpusFilter(outlet, language, published_from, published_to, technique, actor, min_score)
    if view == "overview":
        return overview(store, filters)
    if view == "timeline":
        return timeline(
            store, filters, auto_bucket(*date_range(store, filters)) if bucket == "auto" else bucket
        )
    if view.endswith("-clusters"):
        return cluster_rows(clusters(store, filters, view.split("-")[0])[0], limit)
    if view == "wording":
        return wording(store, filters, outlets, limit)[0]
    if view == "actor-roles":
        return actor_roles(store, filters, limit)
    if view in ("actors", "speakers"):
        return (actors if view == "actors" else speakers)(store, filters, limit)
    table = {"techniques": techniques, "citations": citations, "claims": claims}
    return table[view](store, filters)
