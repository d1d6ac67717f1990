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

FACT, OPINION, PREDICTION = "fact", "opinion", "prediction"

_OPINION = {
    "en": r"should|shouldn't|must|mustn't|ought to|I think|I believe|I find|in my view|in my opinion|"
    r"we need to|it is time|it's time|clearly|obviously|of course|absurd|ridiculous|shameful|disgrace\w*|"
    r"outrageous|scandal\w*|pathetic|hypocri\w+|deserves?|better|worse|best|worst|right to|wrong to|"
    r"no excuse|nonsense|naive|cynical|reckless|irresponsible|failure|I hope|I suspect|I understand|I doubt|"
    r"I fear|I am not|I'm not|good|bad|strange",
    "sv": r"bör|borde|måste|jag tycker|jag anser|jag menar|enligt min mening|det är dags|uppenbar\w*|"
    r"självklart|absurd\w*|skam\w*|orimlig\w*|löjlig\w*|hyckl\w+|naiv\w*|cynisk\w*|ansvarslös\w*|"
    r"bättre|sämre|bästa|sämsta|förtjänar|fel att|rätt att|misslyckande\w*|skandal\w*|jag hoppas|jag tror|"
    r"jag förstår|för mig|hög tid|välkommen|välkommet|ovärdig\w*|svek\w*|vi behöver|bra|dålig\w*",
    "ru": r"должен|должна|должно|должны|следует|(?:стоит|стоило)\s+\w+(?:ть|ться)|надо|нужно|"
    r"необходимо|по-моему|я считаю|"
    r"я думаю|на мой взгляд|по моему мнению|очевидно|разумеется|конечно|абсурд\w*|позор\w*|нелеп\w*|"
    r"смешн\w*|лицемер\w*|цинич\w*|безответствен\w*|наивн\w*|лучше|хуже|провал\w*|скандал\w*|пора|"
    r"надеюсь|хотелось бы|не думаю|честно говоря|трудно|похоже|может быть|возможно|страшн\w*|важнее|"
    r"хорош\w*|плох\w*",
    "de": r"sollte|sollten|muss|müssen|müsste|müssten|ich finde|ich glaube|meiner Meinung nach|"
    r"offensichtlich|natürlich|selbstverständlich|absurd\w*|peinlich\w*|Skandal\w*|scheinheilig\w*|"
    r"verantwortungslos\w*|naiv\w*|zynisch\w*|besser|schlechter|Versagen|höchste Zeit|es ist Zeit|"
    r"es wird Zeit|ich hoffe|skeptisch|leider|gut|schlecht|Segen|kein Argument",
    "fr": r"devrait|devraient|doit|doivent|il faut|je pense|je crois|à mon avis|selon moi|évidemment|"
    r"bien sûr|absurde\w*|scandal\w*|honte\w*|ridicule\w*|hypocri\w+|cynique\w*|irresponsable\w*|"
    r"naïf|naïve|mieux|pire|échec",
    "ar": r"يجب|ينبغي|لا بد|أعتقد|أرى|في رأيي|من الواضح|بالطبع|فضيحة|مخز|سخيف|أفضل|أسوأ",
}
_PREDICTION = {
    "en": r"will|won't|'ll|’ll|shall|going to|is expected to|are expected to|is set to|are set to|"
    r"is due to|are due to|is likely to|are likely to|forecasts?|next (?:year|month|week|spring|summer|"
    r"autumn|winter)|by 20\d\d",
    "sv": r"kommer (?:\w+ )?(?:inte )?att|ska|skall|väntas|beräknas|spås|riskerar|prognos\w*|nästa år|"
    r"om (?:ett|två|tre|några) (?:år|månader|veckor)",
    "ru": r"будет|будут|буду|будем|будешь|рано или поздно|станет|станут|окажется|"
    r"окажутся|ожидается|ожидают|прогноз\w*|"
    r"собирается|собираются|планирует|планируют|в следующем году|через (?:год|месяц|неделю|два|три|"
    r"несколько)",
    "de": r"wird|werden|wirst|würde|würden|voraussichtlich|Prognose\w*|erwartet|"
    r"nächstes Jahr|im nächsten Jahr|"
    r"in (?:einem|zwei|drei) (?:Jahr|Jahren|Monaten)",
    "fr": r"va|vont|sera|seront|aura|auront|devrait augmenter|prévoit|prévision\w*|l'an prochain|"
    r"l’an prochain|l'année prochaine",
    "ar": r"سوف|سيتم|ستكون|سيكون|من المتوقع|العام المقبل",
}


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
