"""Swedish (sv): abbreviations, attribution, dates."""
