"""The corpus dashboard: ``/dashboard`` (charts), ``/spans`` (the spans behind a chart
element) and the ``/api/corpus/...`` answers they draw from, as JSON or CSV. The counts
themselves are :mod:`slant.corpus.views` (one or two grouped SQL queries each).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy import and_, func, select

from slant.corpus.actor import near_actor
from slant.corpus.comparisons import CLUSTER_LAYERS, cluster_members
from slant.corpus.views import (
    BUCKETS,
    TOP,
    actor_roles,
    actors,
    auto_bucket,
    citations,
    claims,
    date_range,
    labels,
    named_most,
    overview,
    speakers,
    techniques,
    timeline,
)
from slant.store import schema
from slant.store.queries import facets, hit_columns, like_pattern, sentence_context
from slant.techniques.taxonomy import BY_NAME
from slant.web.comparisons import WEB_TRANSLATION_UNITS, Translations
from slant.web.corpus_filter import Filters, Format, Short, answer, counted, store_of
from slant.web.templating import doc_href, span_href, templates

router = APIRouter()


@router.get("/api/corpus/overview", tags=["corpus"])
def api_overview(request: Request, filters: Filters, format: Format = "json") -> Response:
    """The dashboard's overview strip as one row: `documents`, `outlets`, `languages`, `first` and
    `last` publication day, `techniques_shown` (counted) and `techniques_below` (left out: below
    their display threshold or `min_score`); with `actor`, the actors it matched (`actors`: id and
    name, and `actors_matched`)."""
    return answer("overview", [overview(store_of(request), filters)], filters, format)


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


@router.get("/api/corpus/actor-roles", tags=["corpus"])
def api_actor_roles(
    request: Request,
    filters: Filters,
    format: Format = "json",
    limit: Annotated[int, Query(ge=1, le=100)] = TOP,
) -> Response:
    """Role spans of the actors given a role most often, per outlet: `protagonist`, `antagonist`,
    `innocent`, `roles` (their sum), the `dominant` role (none on a tie) and its `share`."""
    return answer("actor-roles", actor_roles(store_of(request), filters, limit), filters, format)


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
    if format == "csv":  # a week's row reads like a day's: the CSV says which bucket it counts
        rows = [{**row, "bucket": chosen} for row in rows]
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
    ("actor-roles", "Roles per outlet: how each outlet casts an actor (dominant role)"),
    ("timeline", "Timeline: documents and technique spans"),
    ("citations", "Citations: outlet → cited source"),
    ("speakers", "Top speakers (quotes)"),
    ("claims", "Check-worthy claims per outlet"),
    ("quote-clusters", "Repeated quotes: who ran them, when"),
    ("claim-clusters", "Repeated claims: who ran them, when"),
    ("wording", "Wording: words typical of each outlet (z-score against the others)"),
]


ACTOR_SUGGESTIONS = 200
"""Actors the actor filter suggests by name (any other is found by typing a part of its name)."""


@router.get("/dashboard", response_class=HTMLResponse, include_in_schema=False)
def dashboard(
    request: Request,
    filters: Filters,
    bucket: Annotated[str, Query(pattern="^(auto|day|week|month|year)$")] = "auto",
    translations: Translations = False,
) -> HTMLResponse:
    store = store_of(request)
    params = filters.params()
    joined = {"translations": "true"} if translations else {}
    csv_links = {
        name: f"/api/corpus/{name}?"
        + urlencode(
            {
                **params,
                "format": "csv",
                **({"bucket": bucket} if name == "timeline" else {}),
                **(joined if name.endswith("-clusters") else {}),
            }
        )
        for name, _ in CHARTS
    }
    return templates.TemplateResponse(
        request,
        "dashboard.html",
        {
            "filters": params,
            "bucket": bucket,
            "translations": translations,
            "facets": facets(store),
            "techniques": [
                (t, BY_NAME[t].title if t in BY_NAME else t)
                for t in labels(store, "technique", schema.spans.c.label)
            ],
            "actors": named_most(store, 2_000, ACTOR_SUGGESTIONS),
            "charts": CHARTS,
            "csv_links": csv_links,
            "overview": overview(store, filters),
            "counted": counted(filters),
            "buckets": BUCKETS,
        },
    )


SPANS_PAGE_PARAMETERS = frozenset(
    {"outlet", "language", "from", "to", "technique", "actor", "min_score"}  # the dashboard's filters
    | {"layer", "label", "attr", "value", "cluster", "text", "document", "hidden", "page", "about"}
    | {"translations"}
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
    about: Annotated[
        str | None, Query(max_length=200, description="an actor id: spans in sentences naming it")
    ] = None,
    translations: Translations = False,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The spans behind a chart element: the dashboard's filters plus layer, label, one
    attribute, the members of a quote or claim cluster, a text substring, one document, those in
    sentences naming an actor (``about``) and, with ``hidden``, spans below their display
    threshold (as ``/api/spans`` takes them); each with the sentence around it and a link to it
    in the article."""

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
    if about:
        conditions.append(near_actor(store, about, spans))
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
        members = cluster_members(store, filters, layer, cluster, translations, WEB_TRANSLATION_UNITS)
        conditions.append(spans.c.id.in_(members))
    where = and_(*conditions)
    joined = spans.join(docs, docs.c.id == spans.c.document_id)
    query = (
        select(*hit_columns(store))
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
                about=about,
                translations="true" if translations else None,
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
