"""French (fr): abbreviations, attribution, claims, dates."""
