"""Polish (pl): abbreviations, attribution, dates."""
