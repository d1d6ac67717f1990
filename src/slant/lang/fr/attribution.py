"""French attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = (
    r"(?:a |ont )?(?:déclaré|dit|affirmé|ajouté|expliqué|estimé|souligné|assuré|indiqué|annoncé|"
    r"écrit|averti|confié|précisé|répondu)|déclare|dit|affirme|ajoute|explique|estime|souligne|assure|"
    r"indique|annonce|écrit|avertit|confie|précise|répond|"
    r"(?:a |ont )?qualifié|qualifie|(?:déclare|dit|affirme|ajoute|explique|estime|"
    r"souligne|assure|indique|précise)-t-(?:il|elle)"
)
QUOTE_THAT = r"que|qu['’]"
QUOTE_ACCORDING = r"selon|d['’]après"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"selon", "after", False),
    (r"d['’]après", "after", False),
    (r"cité(?:e|s|es)? par", "after", False),
    (r"(?:a|ont) (?:rapporté|annoncé|confirmé|indiqué|affirmé|révélé)", "either", False),
    (r"(?:rapporte|annonce|confirme|indique|affirme|révèle)", "either", False),
    (r"(?:a|ont) (?:déclaré|dit|ajouté)", "either", True),
]
