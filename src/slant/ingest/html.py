"""HTML documents: main text and metadata extracted with trafilatura."""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from typing import Any

import lxml.html
from lxml.etree import ParserError, XMLSyntaxError, _Element
from trafilatura import bare_extraction
from trafilatura.baseline import baseline, html2txt
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt

from slant.document import Document
from slant.errors import InputError
from slant.ingest.encoding import bom_encoding, decode
from slant.ingest.meta import content_id, domain_of, normalize_date, split_authors
from slant.ingest.options import ReadOptions

LOGGER = logging.getLogger(__name__)

for _name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)

_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PRESCAN = 4096
NO_TEXT = "no main text found in HTML"


def meta_charset(data: bytes) -> str | None:
    """The charset an HTML ``<meta>`` tag near the start of the bytes declares, or None."""
    match = _META_CHARSET.search(data[:_PRESCAN])
    return match.group(1).decode("ascii") if match else None


def html_document(
    data: bytes,
    *,
    source: str,
    doc_id: str | None,
    options: ReadOptions,
    url: str | None = None,
    charset: str | None = None,
) -> Document:
    """Build a document from the bytes of an HTML page.

    The text is the page's main text, one paragraph (heading, list, quote, table) per
    block, blocks separated by a blank line.

    Args:
        data: The page's bytes.
        source: Where it came from, for ``meta["source"]``.
        doc_id: The document id, or None to derive one from the text.
        options: Encoding options.
        url: The page's address when known (e.g. from a WARC record).
        charset: A charset given outside the page (e.g. an HTTP header); beats ``<meta>``.

    Raises:
        InputError: The bytes cannot be decoded or hold no main text.
    """
    declared = None if bom_encoding(data) else charset or meta_charset(data)
    decoded = decode(data, encoding=options.encoding, errors=options.encoding_errors, declared=declared)
    if not decoded.text.strip():
        raise InputError("empty file")
    tree = _parse(decoded.text)
    if tree is None:
        raise InputError(NO_TEXT)
    extracted = _extract(tree, url)
    text = _blocks(extracted.body) if extracted is not None else ""
    if not text:
        text = _fallback_text(tree)
    if not text:
        raise InputError(NO_TEXT)
    meta: dict[str, Any] = {"source": source, "format": "html", "encoding": decoded.encoding}
    meta.update(_metadata(extracted, url))
    language = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if language and language.strip():
        meta["declared_language"] = language.strip()
    return Document(id=doc_id or content_id(text), text=text, meta=meta)


def _parse(text: str) -> _Element | None:
    text = _XML_DECLARATION.sub("", text, count=1)
    tree = load_html(text)
    if tree is not None:
        return tree
    try:  # a fragment or bare text that trafilatura does not take as a page
        return lxml.html.document_fromstring(text)
    except (ParserError, XMLSyntaxError, ValueError):
        return None


def _extract(tree: _Element, url: str | None) -> Any:
    try:
        return bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except (ValueError, TypeError, AttributeError, XMLSyntaxError) as err:
        LOGGER.debug("trafilatura failed: %s", err)
        return None


def _blocks(body: _Element | None) -> str:
    """The text of each top-level element of an extracted body, separated by blank lines."""
    if body is None:
        return ""
    blocks = [body.text.strip()] if body.text and body.text.strip() else []
    for child in body:
        block = xmltotxt(deepcopy(child), include_formatting=False).strip()
        if block:
            blocks.append(block)
    return "\n\n".join(blocks)


def _fallback_text(tree: _Element) -> str:
    try:
        text = _blocks(baseline(tree)[0])
        return text or html2txt(tree).strip()
    except (ValueError, TypeError, AttributeError, XMLSyntaxError) as err:
        LOGGER.debug("trafilatura baseline failed: %s", err)
        return ""


def _metadata(extracted: Any, url: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    page_url = url or (extracted.url if extracted is not None else None)
    if page_url:
        meta["url"] = page_url
        domain = domain_of(page_url)
        if domain:
            meta["domain"] = domain
    if extracted is None:
        return meta
    if extracted.title:
        meta["title"] = extracted.title
    authors = split_authors(extracted.author or "")
    if authors:
        meta["authors"] = authors
    if extracted.date:
        meta["published"] = normalize_date(extracted.date)
    if extracted.sitename:
        meta["outlet"] = extracted.sitename
    return meta
