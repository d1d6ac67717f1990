"""Swedish cue words of the claim types (:mod:`slant.claims.types`), as regex alternations:
``OPINION_WORDS`` judge or recommend, ``PREDICTION_WORDS`` say what will happen."""

OPINION_WORDS = (
    r"bör|borde|måste|jag tycker|jag anser|jag menar|enligt min mening|det är dags|uppenbar\w*|"
    r"självklart|absurd\w*|skam\w*|orimlig\w*|löjlig\w*|hyckl\w+|naiv\w*|cynisk\w*|ansvarslös\w*|"
    r"bättre|sämre|bästa|sämsta|förtjänar|fel att|rätt att|misslyckande\w*|skandal\w*|jag hoppas|jag tror|"
    r"jag förstår|för mig|hög tid|välkommen|välkommet|ovärdig\w*|svek\w*|vi behöver|bra|dålig\w*"
)
PREDICTION_WORDS = (
    r"kommer (?:\w+ )?(?:inte )?att|ska|skall|väntas|beräknas|spås|riskerar|prognos\w*|nästa år|"
    r"om (?:ett|två|tre|några) (?:år|månader|veckor)"
)
