"""Corpus-level comparisons: clusters of repeated quotes and claims, outlet wording."""
