"""Italian (it): abbreviations, attribution, dates."""
