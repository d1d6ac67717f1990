"""Ingest: read text, HTML, JSONL and WARC inputs into Documents, streaming.

``read_sources`` takes files, folders and "-" (standard input) and yields a
:class:`~slant.document.Document` per readable article and a
:class:`~slant.errors.Failure` per input (file, line, record) that is not.
"""

from __future__ import annotations

from slant.ingest.inputs import read_sources
from slant.ingest.options import DEFAULT_OPTIONS, FIELD_NAMES, ReadOptions

__all__ = ["DEFAULT_OPTIONS", "FIELD_NAMES", "ReadOptions", "read_sources"]
