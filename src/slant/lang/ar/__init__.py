"""Arabic (ar): attribution, claims, dates."""
