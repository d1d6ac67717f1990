"""English (en): abbreviations, attribution, dates."""
