"""Russian (ru): abbreviations, attribution, claims, dates."""
