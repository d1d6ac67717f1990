"""Swedish (sv): abbreviations, attribution, claims, dates."""
