"""German attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"sagte|sagten|sagt|sagen|sage|erklärte|erklärten|erklärt|betonte|betont|meinte|meint|schrieb|"
    r"schreibt|berichtete|berichtet|warnte|warnt|behauptete|behauptet|fügte hinzu|teilte mit|so|"
    r"nannte|nennt|bezeichnete|bezeichnet|behaupten|sagen|erklären|berichtet|legte nach"
)
QUOTE_THAT = r"dass|daß"
QUOTE_ACCORDING = r"laut|nach Angaben von|zufolge"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"laut", "after", False),
    (r"nach Angaben (?:von|des|der)", "after", False),
    (r"unter Berufung auf", "after", False),
    (r"zufolge", "before", False),
    (
        r"(?:berichtete|berichtet|berichten|meldete|meldet|bestätigte|bestätigt|schreibt|schrieb|"
        r"teilte mit)",
        "either",
        False,
    ),
    (r"(?:sagte|sagt|erklärte|erklärt)", "either", True),
]
