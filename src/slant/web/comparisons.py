"""The dashboard's comparisons across outlets over HTTP: clusters of repeated quotes and claims
with their spread (``/api/corpus/quote-clusters``, ``/api/corpus/claim-clusters``) and the words
that set each outlet's wording apart (``/api/corpus/wording``). Both are computed per request by
:mod:`slant.corpus.comparisons` over a bounded sample of the filtered corpus, the newest first,
and say in their answer how much they looked at.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from slant.corpus.comparisons import cluster_rows, clusters, wording
from slant.web.corpus_filter import CorpusFilter, Filters, Format, answer, store_of

router = APIRouter()


# -- clusters -------------------------------------------------------------------


WEB_TRANSLATION_UNITS = 300
"""Wordings embedded per request when the dashboard joins translations (the groups spanning the
most documents first): a few seconds to a minute the first time on a CPU, then memoised."""

Translations = Annotated[
    bool,
    Query(description="Also join translations across languages (slower: embeds up to 300 wordings)"),
]


def _cluster_answer(
    request: Request, filters: CorpusFilter, format: str, layer: str, limit: int, translations: bool
) -> Response:
    found, considered, total = clusters(
        store_of(request), filters, layer, translations, WEB_TRANSLATION_UNITS
    )
    return answer(
        f"{layer}-clusters",
        cluster_rows(found, limit),
        filters,
        format,
        considered=considered,
        total=total,
        clusters=len(found),
        translations=translations,
    )


Limit = Annotated[int, Query(ge=1, le=200)]


@router.get("/api/corpus/quote-clusters", tags=["corpus"])
def api_quote_clusters(
    request: Request,
    filters: Filters,
    format: Format = "json",
    limit: Limit = 15,
    translations: Translations = False,
) -> Response:
    """The same quote (lightly edited copies included) in two or more documents, most outlets
    first: `cluster` (the id `/spans?cluster=` takes), `text`, `outlets`, `documents`, `spans`,
    `first_published`, `last_published`, `languages`, `by_outlet`. The newest 20,000 quotes of
    the filtered documents are clustered (`considered` of `total`); with `translations=true`,
    clusters in different languages whose wordings mean the same are joined (`translated`)."""
    return _cluster_answer(request, filters, format, "quote", limit, translations)


@router.get("/api/corpus/claim-clusters", tags=["corpus"])
def api_claim_clusters(
    request: Request,
    filters: Filters,
    format: Format = "json",
    limit: Limit = 15,
    translations: Translations = False,
) -> Response:
    """The same check-worthy claim in two or more documents; as `quote-clusters`."""
    return _cluster_answer(request, filters, format, "claim", limit, translations)


# -- wording --------------------------------------------------------------------


@router.get("/api/corpus/wording", tags=["corpus"])
def api_wording(
    request: Request,
    filters: Filters,
    format: Format = "json",
    outlets: Annotated[
        list[str] | None,
        Query(description="outlets to compare (2 to 6); default: the 4 with most documents"),
    ] = None,
    top: Annotated[int, Query(ge=1, le=50)] = 12,
    min_count: Annotated[int, Query(ge=1, le=1000, description="least uses of a word by the outlet")] = 3,
) -> Response:
    """The words that set each outlet's wording apart from the others: weighted log-odds ratio
    with an informative Dirichlet prior (Monroe et al. 2008), each outlet against the others
    pooled; `z` ≥ 1.96. With an `actor` filter, only the sentences mentioning that actor are
    compared (how each outlet writes about it); otherwise the documents. The newest 1,000
    documents per outlet are read. Rows: `outlet`, `word`, `z`, `count`, `other_count`,
    `per_10k`, `other_per_10k`."""
    named = [o for o in (outlets or []) if o]
    if named and not 2 <= len(named) <= 6:
        raise HTTPException(422, "outlets: name 2 to 6 outlets, or none for the largest four")
    if any(len(o) > 200 for o in named):
        raise HTTPException(422, "outlets: at most 200 characters each")
    store = store_of(request)
    rows, about = wording(store, filters, named or None, top, min_count)
    return answer("wording", rows, filters, format, spans=False, **about)
