"""The workbench's pages over stored documents: the list (``/``) and the article view (``/doc/{id}``)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from slant.annotate.precedence import effective
from slant.store.queries import DocumentFilter, facets, list_documents
from slant.web.corpus_filter import store_of
from slant.web.params import DATE_OR_EMPTY as FORM_DATE
from slant.web.params import MAX_ID, DocId, Hidden, Short, checked_id
from slant.web.render import article_view
from slant.web.templating import page

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(
    request: Request,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100_000)] = 1,
    outlet: Short = None,
    language: Annotated[str | None, Query(max_length=16)] = None,
    published_from: Annotated[str | None, Query(alias="from", max_length=40, pattern=FORM_DATE)] = None,
    published_to: Annotated[str | None, Query(alias="to", max_length=40, pattern=FORM_DATE)] = None,
    q: Short = None,
    deleted: Annotated[str | None, Query(max_length=MAX_ID)] = None,
) -> HTMLResponse:
    size = 50
    filters = DocumentFilter(
        outlet or None, language or None, published_from or None, published_to or None, q or None
    )
    result = list_documents(store_of(request), filters, size, (page_number - 1) * size)
    params = {
        k: v
        for k, v in {
            "q": q,
            "outlet": outlet,
            "language": language,
            "from": published_from,
            "to": published_to,
        }.items()
        if v
    }

    def page_href(number: int) -> str:
        return "/?" + urlencode({**params, "page": number})

    last = max(1, -(-result["total"] // size))
    return page(
        request,
        "index.html",
        deleted=deleted,
        result=result,
        filters=params,
        facets=facets(store_of(request)),
        page=page_number,
        last=last,
        prev_href=page_href(page_number - 1) if page_number > 1 else None,
        next_href=page_href(page_number + 1) if page_number < last else None,
    )


def _article(request: Request, doc_id: str, hidden: bool) -> HTMLResponse:
    doc = store_of(request).get(checked_id(doc_id))
    if doc is None:
        raise HTTPException(404, "no such document")
    # Every stored span goes to the page, hidden ones too: the page shows those above their display
    # thresholds and lets the reader lower the bar (``hidden=true`` opens it lowered to 0).
    doc = effective(doc, True)  # an analyst's corrections replace the machine's spans
    return page(request, "doc.html", doc=doc, view=article_view(doc), meta=doc.meta, hidden=hidden)


@router.get("/doc", response_class=HTMLResponse, include_in_schema=False)
def article_by_query(
    request: Request, doc_id: Annotated[str, Query(alias="id", max_length=MAX_ID)], hidden: Hidden = False
) -> HTMLResponse:
    return _article(request, doc_id, hidden)


@router.get("/doc/{doc_id:path}", response_class=HTMLResponse, include_in_schema=False)
def article(request: Request, doc_id: DocId, hidden: Hidden = False) -> HTMLResponse:
    return _article(request, doc_id, hidden)
