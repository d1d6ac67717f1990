"""Arabic cue words of the claim types (:mod:`slant.claims.types`), as regex alternations:
``OPINION_WORDS`` judge or recommend, ``PREDICTION_WORDS`` say what will happen."""

OPINION_WORDS = r"يجب|ينبغي|لا بد|أعتقد|أرى|في رأيي|من الواضح|بالطبع|فضيحة|مخز|سخيف|أفضل|أسوأ"
PREDICTION_WORDS = r"سوف|سيتم|ستكون|سيكون|من المتوقع|العام المقبل"
