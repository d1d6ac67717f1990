"""Text features shared by slant's encoder-free models.

``slant.features.lexical``: TF-IDF over character and word n-grams (``Lexical``), the input of the
fast technique tier (``slant.techniques``) and of the check-worthiness models (``slant.claims``).
"""
