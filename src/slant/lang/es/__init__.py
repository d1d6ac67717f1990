"""Spanish (es): abbreviations, attribution, dates."""
