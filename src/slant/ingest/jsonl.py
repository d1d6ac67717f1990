"""JSONL documents: one JSON object per line, read line by line."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any, BinaryIO

from slant.document import Document
from slant.errors import Failure, InputError
from slant.ingest.meta import (
    content_id,
    domain_of,
    human_size,
    normalize_date,
    safe_id,
    split_authors,
    timestamp_date,
)
from slant.ingest.options import FIELD_NAMES, ReadOptions
from slant.ingest.streams import DamagedStream, skip_line

_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects read in one JSON line. No article's metadata nests
this deep, and deeper values would reach Python's recursion limit when stored or exported."""

_SURROGATE = re.compile("[\ud800-\udfff]")
"""A lone UTF-16 surrogate (JSON's escape \\udfff): a str can hold one, UTF-8 text cannot."""


class LineError(Exception):
    """A JSON line that cannot be read: not an object, or a field of the wrong type."""

    def __init__(self, reason: str, document_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.document_id = document_id


def read_jsonl(
    stream: BinaryIO,
    *,
    source: str,
    options: ReadOptions,
    first_line: int = 1,
    report_empty: bool = True,
) -> Iterator[Document | Failure]:
    """Yield a document or failure for each non-blank line of a JSONL stream.

    Lines are read one at a time and never more than ``options.max_bytes`` of one line is
    held; an over-long line is skipped with a failure.

    Args:
        stream: The (decompressed) bytes, opened for reading.
        source: The file name, for ``meta["source"]`` ("NAME:LINE") and failures.
        options: Field mapping, size limit and encoding options.
        first_line: The number of the stream's first line, when it starts inside a file (only
            line 1 may start with a byte order mark).
        report_empty: Yield a failure if the stream holds no JSON line (only blank or over-long
            ones); off for a part of a file whose other parts may hold some.
    """
    limit = options.max_bytes
    line_no = first_line - 1
    content_lines = 0
    while True:
        try:
            raw = stream.readline(limit + 2)
        except DamagedStream as err:
            reason = f"compressed file is truncated or corrupt: {err}"
            yield Failure(source, reason, location=f"after line {line_no}")
            return
        if not raw:
            if not content_lines and report_empty:  # nothing lost silently: an empty file says so
                yield Failure(source, "no JSON lines in it: it is empty or blank")
            return
        line_no += 1
        location = f"line {line_no}"
        content = _content(raw, line_no, limit)
        if content is None:
            if _cut(raw, limit):
                skip_line(stream)
            yield Failure(source, _too_long(limit), location=location)
            continue
        if not content.strip():
            continue
        content_lines += 1
        try:
            yield _document(content, f"{source}:{line_no}", options)
        except LineError as err:
            yield Failure(source, err.reason, location=location, document_id=err.document_id)


def has_json_line(stream: BinaryIO, *, max_bytes: int, first_line: int = 1) -> bool:
    """Whether read_jsonl would read a line of the stream (as a document or a line failure),
    not only blank and over-long ones. Stops at the first such line.

    Args:
        stream: The bytes, opened for reading.
        max_bytes: The longest line read (``ReadOptions.max_bytes``).
        first_line: The number of the stream's first line.
    """
    line_no = first_line - 1
    while raw := stream.readline(max_bytes + 2):
        line_no += 1
        content = _content(raw, line_no, max_bytes)
        if content is None:
            if _cut(raw, max_bytes):
                skip_line(stream)
        elif content.strip():
            return True
    return False


def _cut(raw: bytes, limit: int) -> bool:
    """Whether a line read with ``readline(limit + 2)`` goes on past what was read."""
    return len(raw) == limit + 2 and not raw.endswith(b"\n")


def _content(raw: bytes, line_no: int, limit: int) -> bytes | None:
    """A line's bytes without its line ending (nor a byte order mark on line 1), None if over ``limit``."""
    if _cut(raw, limit):
        return None
    content = raw.rstrip(b"\r\n")
    if line_no == 1:
        content = content.removeprefix(codecs.BOM_UTF8)
    return None if len(content) > limit else content


def _too_long(limit: int) -> str:
    return f"line is over the {human_size(limit)} limit for one document; raise --max-bytes or split the line"


def _document(content: bytes, source: str, options: ReadOptions) -> Document:
    line, encoding = _decode(content, options)
    obj = parse_json_object(line)
    if (found := lone_surrogate(obj)) is not None:
        if options.encoding_errors != "replace":
            raise LineError(_surrogate_reason(*found))
        obj = _replace_surrogates(obj)
        encoding += " (lone surrogates replaced)"
    names = {field: options.fields.get(field, field) for field in FIELD_NAMES}
    doc_id = _id(obj, names["id"])
    if names["text"] not in obj:
        raise LineError(_no_text(names["text"]), doc_id)
    text = _string(obj, names["text"], doc_id)
    if text is None or not text.strip():
        raise LineError("no text", doc_id)
    meta: dict[str, Any] = {"source": source, "format": "jsonl", "encoding": encoding}
    meta.update(known_fields(obj, names, doc_id))
    extra = {key: value for key, value in obj.items() if key not in names.values()}
    if extra:
        meta["extra"] = extra
    return Document(id=doc_id or content_id(text), text=text, meta=meta)


def json_object(line: str) -> dict[str, Any]:
    """The JSON object a line holds.

    Raises:
        LineError: the line is not JSON, not an object, nested too deeply, or holds a lone
            surrogate.
    """
    obj = parse_json_object(line)
    if (found := lone_surrogate(obj)) is not None:
        raise LineError(_surrogate_reason(*found))
    return obj


def parse_json_object(line: str) -> dict[str, Any]:
    """The JSON object a line holds, lone surrogates and all.

    Raises:
        LineError: the line is not JSON, not an object, or nested more than MAX_JSON_DEPTH deep.
    """
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise LineError(f"invalid JSON: {err.msg.removesuffix(' at')} at column {err.colno}") from None
    except RecursionError:
        raise LineError(_too_deep()) from None
    if not isinstance(obj, dict):
        raise LineError(f"expected a JSON object, got {_JSON_TYPES.get(type(obj), 'a value')}")
    stack: list[tuple[Any, int]] = [(obj, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise LineError(_too_deep())
        if isinstance(value, dict):
            stack.extend((item, depth + 1) for item in value.values() if isinstance(item, dict | list))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value if isinstance(item, dict | list))
    return obj


def lone_surrogate(obj: dict[str, Any]) -> tuple[str, str] | None:
    """The first top-level field holding a lone surrogate (in a key or string), and that surrogate."""
    for key, value in obj.items():
        stack: list[Any] = [key, value]
        while stack:
            item = stack.pop()
            if isinstance(item, str):
                if match := _SURROGATE.search(item):
                    return key, match.group()
            elif isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return None


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_replace_surrogates(k): _replace_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_surrogates(item) for item in value]
    return value


def _too_deep() -> str:
    return f"JSON nested more than {MAX_JSON_DEPTH} levels deep"


def _surrogate_reason(field: str, surrogate: str) -> str:
    name = _SURROGATE.sub("\ufffd", field[:40]) + ("…" if len(field) > 40 else "")
    return (
        f"field '{name}' holds a lone surrogate (\\u{ord(surrogate):04x}), which is not a character; "
        "fix the line, or pass --encoding-errors replace"
    )


def known_fields(obj: dict[str, Any], names: Mapping[str, str], doc_id: str | None = None) -> dict[str, Any]:
    """The document metadata in an object's known fields: url (and its domain), title, outlet,
    authors, published (an ISO date) and language (as ``declared_language``).

    Args:
        obj: A JSON object.
        names: slant field name → the object's key (see ``FIELD_NAMES``).
        doc_id: The document's id, for errors.

    Raises:
        LineError: a field has the wrong type (the message names it).
    """
    meta: dict[str, Any] = {}
    for field in ("url", "title", "outlet"):
        value = _string(obj, names[field], doc_id)
        if value and value.strip():
            meta[field] = value
    if "url" in meta and (domain := domain_of(meta["url"])):
        meta["domain"] = domain
    authors = _authors(obj, names["authors"], doc_id)
    if authors:
        meta["authors"] = authors
    published = _published(obj, names["published"], doc_id)
    if published:
        meta["published"] = published
    language = _string(obj, names["language"], doc_id)
    if language and language.strip():
        meta["declared_language"] = language.strip()
    return meta


def _decode(content: bytes, options: ReadOptions) -> tuple[str, str]:
    name = options.encoding or "utf-8"
    try:
        return content.decode(name), name
    except UnicodeDecodeError as err:
        if options.encoding_errors == "replace":
            return content.decode(name, "replace"), f"{name} (invalid bytes replaced)"
        label = "UTF-8" if name == "utf-8" else name
        raise LineError(
            f"invalid {label} at byte {err.start} of the line: 0x{content[err.start]:02x}; "
            "fix it, or pass --encoding-errors replace"
        ) from None


def _no_text(name: str) -> str:
    if name == "text":
        return "no 'text' field; pass --field text=NAME to use another field"
    return f"no '{name}' field (the text field, set by --field text={name})"


def _wrong_type(name: str, expected: str, value: Any, doc_id: str | None) -> LineError:
    got = _JSON_TYPES.get(type(value), "a value")
    return LineError(f"field '{name}' must be {expected}, not {got}", doc_id)


def _string(obj: dict[str, Any], name: str, doc_id: str | None) -> str | None:
    value = obj.get(name)
    if value is None or isinstance(value, str):
        return value
    raise _wrong_type(name, "a string", value, doc_id)


def _id(obj: dict[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        try:
            return safe_id(str(value))
        except InputError as err:
            raise LineError(err.reason) from None
    raise _wrong_type(name, "a string or an integer", value, None)


def _authors(obj: dict[str, Any], name: str, doc_id: str | None) -> list[str]:
    value = obj.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        return split_authors(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise _wrong_type(name, "a string or a list of strings", value, doc_id)


def _published(obj: dict[str, Any], name: str, doc_id: str | None) -> str | None:
    value = obj.get(name)
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return normalize_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        stamp = timestamp_date(value)
        if stamp is not None:
            return stamp
    raise _wrong_type(name, "a date string or a Unix timestamp", value, doc_id)
