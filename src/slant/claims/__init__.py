"""Check-worthy claims: sentences a fact-checker would want to check (CheckThat! 2024 Task 1 models).

Python use::

    import slant.claims.analyzer  # registers the ``claims`` analyzer
    from slant.analyze import build
    from slant.document import Document
    pipeline = build(["paragraphs", "language", "sentences", "claims"], claims={"tier": "fast"})
    doc = pipeline(Document("id", text))
    doc.layer("claim")
"""
