"""What kind of statement a claim is: ``fact`` (says something is or was so), ``opinion`` (judges or
recommends) or ``prediction`` (says what will happen), from cue words per language.

Cues, not a model: the CheckThat! data has no such labels, and the cues are short lists a
reader can check. An opinion cue wins over a prediction cue ("prices will rise unless the
bank acts, and it should"). The lists were extended after reading the errors on the odd-numbered
examples of the written check set only; ``slant eval claims --check-set`` reports the even-numbered
ones apart, as the honest figure.
"""

from __future__ import annotations

import re

from slant.lang import modules

FACT, OPINION, PREDICTION = "fact", "opinion", "prediction"

_LANGUAGES = modules("claims")
"""The languages with cue words (``slant.lang.<code>.claims``); others use English's."""
_OPINION = {code: words.OPINION_WORDS for code, words in _LANGUAGES.items()}
_PREDICTION = {code: words.PREDICTION_WORDS for code, words in _LANGUAGES.items()}


def _compile(table: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {code: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE) for code, words in table.items()}


OPINION_CUES = _compile(_OPINION)
PREDICTION_CUES = _compile(_PREDICTION)


def claim_type(text: str, language: str | None) -> tuple[str, str | None]:
    """The statement's kind and the cue that decided it (None for a plain ``fact``)."""
    code = language if language in OPINION_CUES else "en"
    opinion = OPINION_CUES[code].search(text)
    if opinion:
        return OPINION, opinion.group()
    prediction = PREDICTION_CUES[code].search(text)
    if prediction:
        return PREDICTION, prediction.group()
    return FACT, None
