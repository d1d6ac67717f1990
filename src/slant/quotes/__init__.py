"""Quotes and attribution: who is reported to have said what (the ``quotes`` analyzer)."""
