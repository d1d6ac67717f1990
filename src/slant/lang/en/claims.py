"""English cue words of the claim types (:mod:`slant.claims.types`), as regex alternations:
``OPINION_WORDS`` judge or recommend, ``PREDICTION_WORDS`` say what will happen."""

OPINION_WORDS = (
    r"should|shouldn't|must|mustn't|ought to|I think|I believe|I find|in my view|in my opinion|"
    r"we need to|it is time|it's time|clearly|obviously|of course|absurd|ridiculous|shameful|disgrace\w*|"
    r"outrageous|scandal\w*|pathetic|hypocri\w+|deserves?|better|worse|best|worst|right to|wrong to|"
    r"no excuse|nonsense|naive|cynical|reckless|irresponsible|failure|I hope|I suspect|I understand|I doubt|"
    r"I fear|I am not|I'm not|good|bad|strange"
)
PREDICTION_WORDS = (
    r"will|won't|'ll|’ll|shall|going to|is expected to|are expected to|is set to|are set to|"
    r"is due to|are due to|is likely to|are likely to|forecasts?|next (?:year|month|week|spring|summer|"
    r"autumn|winter)|by 20\d\d"
)
