"""Swedish attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"sa|sade|säger|uppger|uppgav|förklarar|förklarade|menar|menade|skriver|skrev|berättar|berättade|"
    r"hävdar|hävdade|meddelar|meddelade|konstaterar|konstaterade|påpekar|påpekade|tillägger|tillade|"
    r"framhåller|framhöll|varnar|varnade|anser|ansåg|betonar|betonade|kallade|kallar|kallat|"
    r"påstår|påstod|påstå|hävda|säga|rapporterar|rapporterade"
)
QUOTE_THAT = r"att"
QUOTE_ACCORDING = r"enligt"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"enligt", "after", False),
    (r"med hänvisning till", "after", False),
    (r"(?:rapporteras|bekräftas|uppges|meddelas) av", "after", False),
    (
        r"(?:rapporterar|rapporterade|uppger|uppgav|meddelar|meddelade|skriver|skrev|bekräftar|bekräftade|"
        r"avslöjar|avslöjade)",
        "either",
        False,
    ),
    (r"(?:säger|sade|sa)", "either", True),
]
