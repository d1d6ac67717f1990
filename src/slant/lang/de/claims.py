"""German cue words of the claim types (:mod:`slant.claims.types`), as regex alternations:
``OPINION_WORDS`` judge or recommend, ``PREDICTION_WORDS`` say what will happen."""

OPINION_WORDS = (
    r"sollte|sollten|muss|müssen|müsste|müssten|ich finde|ich glaube|meiner Meinung nach|"
    r"offensichtlich|natürlich|selbstverständlich|absurd\w*|peinlich\w*|Skandal\w*|scheinheilig\w*|"
    r"verantwortungslos\w*|naiv\w*|zynisch\w*|besser|schlechter|Versagen|höchste Zeit|es ist Zeit|"
    r"es wird Zeit|ich hoffe|skeptisch|leider|gut|schlecht|Segen|kein Argument"
)
PREDICTION_WORDS = (
    r"wird|werden|wirst|würde|würden|voraussichtlich|Prognose\w*|erwartet|"
    r"nächstes Jahr|im nächsten Jahr|"
    r"in (?:einem|zwei|drei) (?:Jahr|Jahren|Monaten)"
)
