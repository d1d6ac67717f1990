"""Italian attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"ha detto|hanno detto|ha dichiarato|ha affermato|ha spiegato|ha aggiunto|ha sottolineato|dice|"
    r"afferma|dichiara|spiega|aggiunge|sottolinea|disse"
)
QUOTE_THAT = r"che"
QUOTE_ACCORDING = r"secondo"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"secondo", "after", False),
    (r"stando a", "after", False),
    (r"(?:ha|hanno) (?:riferito|riportato|confermato|annunciato)", "either", False),
    (r"(?:riferisce|riporta|conferma)", "either", False),
    (r"(?:ha|hanno) (?:detto|dichiarato)", "either", True),
]
