"""French cue words of the claim types (:mod:`slant.claims.types`), as regex alternations:
``OPINION_WORDS`` judge or recommend, ``PREDICTION_WORDS`` say what will happen."""

OPINION_WORDS = (
    r"devrait|devraient|doit|doivent|il faut|je pense|je crois|à mon avis|selon moi|évidemment|"
    r"bien sûr|absurde\w*|scandal\w*|honte\w*|ridicule\w*|hypocri\w+|cynique\w*|irresponsable\w*|"
    r"naïf|naïve|mieux|pire|échec"
)
PREDICTION_WORDS = (
    r"va|vont|sera|seront|aura|auront|devrait augmenter|prévoit|prévision\w*|l'an prochain|"
    r"l’an prochain|l'année prochaine"
)
