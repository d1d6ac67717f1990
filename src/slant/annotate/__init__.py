"""Round trips through annotation tools: export spans for analysts to correct, import their
corrections back as ``human`` spans that take precedence over the machine's (docs/ANNOTATION.md).

``slant.annotate.brat`` reads and writes brat standoff (also what INCEpTION's brat format reads);
``slant.annotate.precedence`` decides which spans a view shows.
"""
