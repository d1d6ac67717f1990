"""German (de): abbreviations, attribution, claims, dates."""
