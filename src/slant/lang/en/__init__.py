"""English (en): abbreviations, attribution, claims, dates."""
