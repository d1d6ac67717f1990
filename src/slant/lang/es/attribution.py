"""Spanish attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"dijo|dijeron|afirmó|declaró|señaló|aseguró|explicó|añadió|indicó|dice|afirma|sostiene|advirtió|"
    r"ha dicho|ha afirmado|ha declarado"
)
QUOTE_THAT = r"que"
QUOTE_ACCORDING = r"según"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"según", "after", False),
    (r"de acuerdo con", "after", False),
    (r"citad[oa]s? por", "after", False),
    (r"(?:informó|informa|informaron|confirmó|confirmaron|publicó|reveló)", "either", False),
    (r"(?:dijo|afirmó|señaló|declaró)", "either", True),
]
