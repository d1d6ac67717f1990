"""One actor through each outlet: ``/actors/{id}`` (the page) and ``/api/actors/{id}`` (its data),
from :func:`slant.corpus.actor.actor_view`. An id no span names answers 404."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from slant.corpus.actor import DOCUMENT_LAYERS, SECTIONS, actor_view
from slant.corpus.filters import CorpusFilter
from slant.corpus.views import dominant
from slant.store.queries import sentence_context
from slant.web.corpus_filter import Filters, store_of
from slant.web.params import Hidden
from slant.web.templating import page, span_href

router = APIRouter()

COMPARED = 4
"""Outlets side by side on the page unless the reader picks others (the most mentioning first)."""
MAX_ACTOR_ID = 200

ActorId = Annotated[str, Path(description="a canonical actor id, as the entity layer's `canonical`")]


def actor_href(actor: str, **params: str) -> str:
    """The actor page's address (the id url-quoted as one path segment)."""
    query = urlencode({k: v for k, v in params.items() if v})
    return "/actors/" + quote(actor, safe="") + (f"?{query}" if query else "")


def _view(request: Request, actor: str, filters: CorpusFilter, hidden: bool) -> dict[str, Any]:
    if not actor or len(actor) > MAX_ACTOR_ID:
        raise HTTPException(404, "no such actor")
    found = actor_view(store_of(request), actor, filters, hidden)
    if found is None:
        raise HTTPException(
            404, f"no actor with the id {actor!r} in this store (ids are the entity layer's canonical ids)"
        )
    return found


@router.get("/api/actors/{actor_id:path}", tags=["corpus"])
def api_actor(request: Request, actor_id: ActorId, filters: Filters, hidden: Hidden = False) -> JSONResponse:
    """One actor (a canonical id, as the entity layer's `canonical`) per outlet: `mentions`,
    `roles` (count, share, fine roles, example spans), `techniques` in sentences naming it,
    `wording` (words typical of each outlet's sentences about it), `quotes` it is the sure speaker
    of, and the `narrative`, `frame` and `genre` labels of the documents naming it. Filters:
    `outlet`, `language`, `from`, `to`, `min_score` (the `actor` filter is the path); `hidden=true`
    counts spans below their display thresholds too. 404 for an id no span names."""
    return JSONResponse(_view(request, actor_id, filters, hidden))


def _spans(**params: Any) -> str:
    return "/spans?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _table(rows: list[dict[str, Any]], key: str, value: str, outlets: list[str]) -> list[dict[str, Any]]:
    """Rows by ``key`` with one cell per compared outlet, the most frequent overall first."""
    table: dict[Any, dict[str, Any]] = {}
    for row in rows:
        if row["outlet"] in outlets:
            entry = table.setdefault(
                row[key], {"key": row[key], "title": row.get("title"), "cells": {}, "total": 0}
            )
            entry["cells"][row["outlet"]] = row
            entry["total"] += row[value]
    return sorted(table.values(), key=lambda e: (-e["total"], str(e["key"])))


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse, include_in_schema=False)
def actor_page(
    request: Request,
    actor_id: ActorId,
    filters: Filters,
    compare: Annotated[list[str] | None, Query(max_length=200, description="outlets side by side")] = None,
    hidden: Hidden = False,
) -> HTMLResponse:
    actor = actor_id
    view = _view(request, actor, filters, hidden)
    outlets = [o for o in (compare or []) if o in view["outlets"]][:8] or view["outlets"][:COMPARED]
    base = {k: v for k, v in filters.params().items() if k not in ("actor", "outlet")}
    if hidden:  # every list a number opens counts what the number counted
        base["hidden"] = "true"
    since = {r["outlet"]: r["since"] for r in view["mentions"]}

    def scope(outlet: str, **params: Any) -> str:
        """The spans behind a number of ``outlet``'s column: where only its newest documents were
        read, from the day of the oldest one read (the list may hold a few more of that day)."""
        bounds = {"from": since[outlet]} if since.get(outlet) and since[outlet] > base.get("from", "") else {}
        return _spans(**{**base, **bounds}, outlet=outlet, **params)

    for section in ("roles", "quotes"):
        for row in view[section]:
            for example in row["examples"]:
                example["span_href"] = span_href(
                    example["document_id"], example["layer"], example["start"], example["end"]
                )
                example["before"], example["after"] = sentence_context(example["before"], example["after"])
    links = {
        "mention": lambda o: _spans(**base, layer="entity", outlet=o, attr="canonical", value=actor),
        "role": lambda o, r: scope(o, layer="role", label=r, attr="canonical", value=actor),
        "technique": lambda o, t: scope(o, layer="technique", label=t, about=actor),
        "word": lambda o, w: scope(o, layer="sentence", about=actor, text=w),
        "quote": lambda o: scope(o, layer="quote", attr="speaker", value=actor),
        "document": lambda layer, o, label: scope(o, layer=layer, label=label, actor=actor),
    }
    words: dict[str, list[dict[str, Any]]] = {}
    for row in view["wording"]:
        words.setdefault(row["outlet"], []).append(row)
    return page(
        request,
        "actor.html",
        view=view,
        outlets=outlets,
        filters=base,
        mentions={r["outlet"]: r for r in view["mentions"]},
        sampled=any(r["read"] < r["documents"] for r in view["mentions"]),
        roles=_table(view["roles"], "role", "count", outlets),
        dominant=_dominant(view["roles"]),
        techniques=_table(view["techniques"], "technique", "spans", outlets),
        words=words,
        quotes={r["outlet"]: r for r in view["quotes"]},
        documents={layer: _table(view[layer], "label", "documents", outlets) for layer in DOCUMENT_LAYERS},
        links=links,
        counted=SECTIONS,
        self_href=actor_href(actor),
    )


def _dominant(roles: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
    """Per outlet, the row of the role it gives the actor most often (ties: none dominant), by the
    rule of the dashboard's role heatmap (:func:`slant.corpus.views.dominant`)."""
    by_outlet: dict[Any, dict[str, dict[str, Any]]] = {}
    for row in roles:
        by_outlet.setdefault(row["outlet"], {})[row["role"]] = row
    out = {}
    for outlet, rows in by_outlet.items():
        best = dominant({role: row["count"] for role, row in rows.items()})
        if best is not None:
            out[outlet] = rows[best]
    return out
