"""Russian (ru): abbreviations, attribution, dates."""
