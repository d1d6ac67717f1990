"""German (de): abbreviations, attribution, dates."""
