"""Ukrainian (uk): abbreviations, attribution, dates."""
