"""Plain-text documents: the decoded file content, exactly."""

from __future__ import annotations

from slant.document import Document
from slant.errors import InputError
from slant.ingest.encoding import decode
from slant.ingest.meta import content_id
from slant.ingest.options import ReadOptions


def text_document(data: bytes, *, source: str, doc_id: str | None, options: ReadOptions) -> Document:
    """Build a document from the bytes of a plain-text file.

    The text is the decoded content as it is (byte-order mark removed, whitespace and
    line ends kept), so offsets into it match the file.

    Args:
        data: The file's bytes.
        source: The file name for ``meta["source"]``.
        doc_id: The document id, or None to derive one from the text.
        options: Encoding options.

    Raises:
        InputError: The bytes cannot be decoded or hold only whitespace.
    """
    decoded = decode(data, encoding=options.encoding, errors=options.encoding_errors)
    if not decoded.text.strip():
        raise InputError("empty file")
    meta = {"source": source, "format": "text", "encoding": decoded.encoding}
    return Document(id=doc_id or content_id(decoded.text), text=decoded.text, meta=meta)
