"""The corpus dashboard: ``/dashboard`` (charts), ``/spans`` (the spans behind a chart
element) and the ``/api/corpus/...`` aggregations they draw from, as JSON or CSV.

Every aggregation is one or two grouped SQL queries (SQLAlchemy Core, bound
parameters); nothing loops over documents in Python. Words are estimated from
the text's length in characters divided by :data:`CHARS_PER_WORD` (the store
keeps no word count); rates are per 1,000 estimated words.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import and_, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from slant.store import schema
from slant.store.database import Store, citing, confident_speaker
from slant.store.queries import context_columns, facets, like_pattern, sentence_context, span_snippet
from slant.techniques.taxonomy import BY_NAME
from slant.web.comparisons import CLUSTER_LAYERS, cluster_members
from slant.web.corpus_filter import CorpusFilter, Filters, Format, Short, answer, counted, store_of
from slant.web.templating import doc_href, span_href, templates

CHARS_PER_WORD = 6
"""Characters per word for the word estimate (about 5 letters and a space in English)."""
TOP = 20

router = APIRouter()


# -- aggregations -------------------------------------------------------------


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


def surface_forms(
    store: Store, filters: CorpusFilter, layer: str, attr: str, ids: list[str]
) -> dict[str, list[str]]:
    """Per canonical id, how the filtered documents write it, most frequent first: the entity
    spans' text, or the quotes' ``speaker_name``. With a language filter these are that
    language's forms; Arabic names stay in Arabic script."""
    if not ids:
        return {}
    docs, spans = schema.documents, schema.spans
    key = spans.c.attrs[attr].as_string()
    if layer == "entity":
        form = func.substr(docs.c.text, spans.c.start + 1, spans.c.end - spans.c.start)
    else:
        form = spans.c.attrs["speaker_name"].as_string()
    query = (
        select(key, form, func.count())
        .select_from(spans.join(docs, docs.c.id == spans.c.document_id))
        .where(
            (spans.c.layer == layer) & key.in_(ids) & form.is_not(None),
            filters.where(store),
            store.shown(spans),
        )
        .group_by(key, form)
    )
    tallies: dict[str, dict[str, int]] = {}
    with store.engine.connect() as connection:
        for value, written, n in connection.execute(query):
            text = " ".join(str(written).split())
            if text and not (layer == "quote" and text.lower() in PRONOUNS):
                tally = tallies.setdefault(str(value), {})
                tally[text] = tally.get(text, 0) + int(n)
    return {value: sorted(t, key=lambda w: (-t[w], -len(w), w)) for value, t in tallies.items()}


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


@router.get("/api/corpus/techniques", tags=["corpus"])
def api_techniques(request: Request, filters: Filters, format: Format = "json") -> Response:
    """Technique spans per outlet and label: `spans`, `documents`, `words` (characters / 6) and
    `per_1000_words`. Filters: `outlet`, `language`, `from`, `to`, `technique`, `actor`."""
    return answer("techniques", techniques(store_of(request), filters), filters, format)


@router.get("/api/corpus/actors", tags=["corpus"])
def api_actors(
    request: Request,
    filters: Filters,
    format: Format = "json",
    limit: Annotated[int, Query(ge=1, le=100)] = TOP,
) -> Response:
    """Entity mentions of the most-mentioned actors (canonical ids) per outlet."""
    return answer("actors", actors(store_of(request), filters, limit), filters, format)


@router.get("/api/corpus/timeline", tags=["corpus"])
def api_timeline(
    request: Request,
    filters: Filters,
    format: Format = "json",
    bucket: Annotated[str, Query(pattern="^(auto|day|week|month|year)$")] = "auto",
) -> Response:
    """Documents and technique spans per `bucket` (day, week starting Monday, month, year)
    published; `auto` (default) chooses from the date range and says which in `bucket`."""
    store = store_of(request)
    first, last = date_range(store, filters)
    chosen = auto_bucket(first, last) if bucket == "auto" else bucket
    rows = timeline(store, filters, chosen)
    return answer("timeline", rows, filters, format, bucket=chosen, first=first, last=last)


@router.get("/api/corpus/citations", tags=["corpus"])
def api_citations(request: Request, filters: Filters, format: Format = "json") -> Response:
    """Outlet → cited outlet (the `source` layer's `outlet` id): counts of `source` spans."""
    return answer("citations", citations(store_of(request), filters), filters, format)


@router.get("/api/corpus/speakers", tags=["corpus"])
def api_speakers(
    request: Request,
    filters: Filters,
    format: Format = "json",
    limit: Annotated[int, Query(ge=1, le=100)] = TOP,
    every: Annotated[bool, Query(alias="all", description="Count guessed attributions too.")] = False,
) -> Response:
    """Quotes of the most-quoted speakers (the quote layer's `speaker`) per outlet; by default only
    sure attributions (`speaker_confidence` named or pronoun), `all=true` counts every quote."""
    return answer("speakers", speakers(store_of(request), filters, limit, every), filters, format)


@router.get("/api/corpus/claims", tags=["corpus"])
def api_claims(request: Request, filters: Filters, format: Format = "json") -> Response:
    """Check-worthy claims per outlet, with the rate per 1,000 words."""
    return answer("claims", claims(store_of(request), filters), filters, format)


# -- pages --------------------------------------------------------------------

CHARTS = [
    ("techniques", "Techniques per outlet (per 1,000 words)"),
    ("actors", "Actors per outlet (mentions)"),
    ("timeline", "Timeline: documents and technique spans"),
    ("citations", "Citations: outlet → cited source"),
    ("speakers", "Top speakers (quotes)"),
    ("claims", "Check-worthy claims per outlet"),
    ("quote-clusters", "Repeated quotes: who ran them, when"),
    ("claim-clusters", "Repeated claims: who ran them, when"),
    ("wording", "Wording: words typical of each outlet (z-score against the others)"),
]


def _labels(store: Store, layer: str, column: Any, limit: int = 200) -> list[str]:
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


def overview(store: Store, filters: CorpusFilter) -> dict[str, Any]:
    """The strip at the top of the dashboard: documents, outlets, languages, date range, and
    technique spans shown and below their display thresholds, under the filters."""
    docs, spans = schema.documents, schema.spans
    where = filters.where(store)
    marked = spans.join(docs, docs.c.id == spans.c.document_id)
    technique = and_(where, spans.c.layer == "technique", filters.spans_where(spans))
    with store.engine.connect() as connection:
        documents, outlets, languages = connection.execute(
            select(
                func.count(), func.count(docs.c.outlet.distinct()), func.count(docs.c.language.distinct())
            ).where(where)
        ).one()
        shown = connection.execute(
            select(func.count()).select_from(marked).where(technique, store.shown(spans))
        ).scalar()
        everything = connection.execute(
            select(func.count()).select_from(marked).where(technique, store.shown(spans, True))
        ).scalar()
    first, last = date_range(store, filters)
    return {
        "documents": int(documents),
        "outlets": int(outlets),
        "languages": int(languages),
        "first": first,
        "last": last,
        "techniques_shown": int(shown or 0),
        "techniques_below": int(everything or 0) - int(shown or 0),
    }


def _actor_names(store: Store) -> list[tuple[str, str]]:
    """(canonical id, name) of the most-mentioned actors, for the actor filter's suggestions."""
    ids = _labels(store, "entity", schema.spans.c.attrs["canonical"].as_string(), 500)
    forms = surface_forms(store, CorpusFilter(), "entity", "canonical", ids)
    return sorted(((i, forms[i][0] if forms.get(i) else i) for i in ids), key=lambda pair: pair[1].lower())


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request,
    filters: Filters,
    bucket: Annotated[str, Query(pattern="^(auto|day|week|month|year)$")] = "auto",
) -> HTMLResponse:
    store = store_of(request)
    params = filters.params()
    csv_links = {
        name: f"/api/corpus/{name}?"
        + urlencode({**params, "format": "csv", **({"bucket": bucket} if name == "timeline" else {})})
        for name, _ in CHARTS
    }
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "filters": params,
            "bucket": bucket,
            "facets": facets(store),
            "techniques": [
                (t, BY_NAME[t].title if t in BY_NAME else t)
                for t in _labels(store, "technique", schema.spans.c.label)
            ],
            "actors": _actor_names(store),
            "charts": CHARTS,
            "csv_links": csv_links,
            "overview": overview(store, filters),
            "counted": counted(filters),
            "buckets": BUCKETS,
        },
    )


SPANS_PAGE_PARAMETERS = frozenset(
    {"outlet", "language", "from", "to", "technique", "actor", "min_score"}  # the dashboard's filters
    | {"layer", "label", "attr", "value", "cluster", "text", "document", "hidden", "page"}
)


@router.get("/spans", response_class=HTMLResponse, include_in_schema=False)
def spans_page(
    request: Request,
    filters: Filters,
    layer: Annotated[str | None, Query(max_length=32)] = None,
    label: Short = None,
    attr: Annotated[str | None, Query(pattern="^(canonical|speaker|outlet)$")] = None,
    value: Short = None,
    cluster: Annotated[int | None, Query(ge=0, description="a quote or claim cluster's id")] = None,
    text: Annotated[str | None, Query(max_length=200, description="Substring of the span's text")] = None,
    document: Annotated[str | None, Query(max_length=512, description="One document's id")] = None,
    hidden: Annotated[bool, Query(description="Also spans below their display threshold")] = False,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The spans behind a chart element: the dashboard's filters plus layer, label, one
    attribute, the members of a quote or claim cluster, a text substring, one document and,
    with ``hidden``, spans below their display threshold (as ``/api/spans`` takes them); each
    with the sentence around it and a link to it in the article."""

    unknown = sorted(set(request.query_params) - SPANS_PAGE_PARAMETERS)
    if unknown:  # a typo or an API-only parameter must not be ignored silently
        paging = " (the page shows 50 spans a page: use page=N)" if {"limit", "offset"} & set(unknown) else ""
        raise HTTPException(
            422,
            f"unknown parameter(s) {', '.join(unknown)}{paging}; "
            f"this page takes: {', '.join(sorted(SPANS_PAGE_PARAMETERS))}",
        )
    store = store_of(request)
    spans, docs = schema.spans, schema.documents
    size = 50
    conditions = [filters.where(store), store.shown(spans, hidden), filters.spans_where(spans)]
    if document:
        conditions.append(spans.c.document_id == document)
    if layer:
        conditions.append(spans.c.layer == layer)
    if label:
        conditions.append(spans.c.label == label)
    if attr and value:
        conditions.append(spans.c.attrs[attr].as_string() == value)
    if text:
        span_text = func.substr(docs.c.text, spans.c.start + 1, spans.c.end - spans.c.start)
        conditions.append(span_text.ilike(like_pattern(text), escape="\\"))
    if cluster is not None:
        if layer not in CLUSTER_LAYERS:
            raise HTTPException(422, "cluster: give layer=quote or layer=claim with it")
        conditions.append(spans.c.id.in_(cluster_members(store, filters, layer, cluster)))
    where = and_(*conditions)
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    query = (
        select(
            spans.c.document_id,
            spans.c.layer,
            spans.c.start,
            spans.c.end,
            spans.c.label,
            spans.c.score,
            span_snippet(store, spans).label("text"),
            *context_columns(store, spans),
            docs.c.title,
            docs.c.outlet,
            docs.c.published,
        )
        .select_from(joined)
        .where(where)
        .order_by(docs.c.published.desc().nulls_last(), spans.c.document_id, spans.c.start, spans.c.id)
        .limit(size)
        .offset((page_number - 1) * size)
    )
    with store.engine.connect() as connection:
        total = int(connection.execute(select(func.count()).select_from(joined).where(where)).scalar() or 0)
        items = [dict(row._mapping) for row in connection.execute(query)]
    for item in items:
        item["href"] = doc_href(item["document_id"])
        item["span_href"] = span_href(item["document_id"], item["layer"], item["start"], item["end"])
        item["before"], item["after"] = sentence_context(item["before"], item["after"])
    shown = {
        **filters.params(),
        **{
            k: v
            for k, v in dict(
                layer=layer,
                label=label,
                attr=attr,
                value=value,
                cluster=cluster,
                text=text,
                document=document,
                hidden="true" if hidden else None,
            ).items()
            if v is not None and v != ""
        },
    }
    last = max(1, -(-total // size))

    def page_href(number: int) -> str:
        return "/spans?" + urlencode({**shown, "page": number})

    return templates.TemplateResponse(
        request,
        "spans.html",
        {
            "items": items,
            "total": total,
            "shown": shown,
            "page": page_number,
            "last": last,
            "prev_href": page_href(page_number - 1) if page_number > 1 else None,
            "next_href": page_href(page_number + 1) if page_number < last else None,
        },
    )
