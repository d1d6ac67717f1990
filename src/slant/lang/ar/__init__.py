"""Arabic (ar): attribution, dates."""
