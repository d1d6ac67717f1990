"""Validation patterns for query parameters, shared by the API, the pages and the dashboard."""

DATE = r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]{0,20})?)?)?$"
"""A year, month, day or timestamp prefix as ISO 8601 writes it ("2016", "2016-09", "2016-09-25T10:00")."""

DATE_OR_EMPTY = r"^(\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]{0,20})?)?)?)?$"
"""The same, or empty: an HTML form sends its empty date fields as ``from=&to=``."""
