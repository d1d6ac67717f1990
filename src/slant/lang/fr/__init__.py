"""French (fr): abbreviations, attribution, dates."""
