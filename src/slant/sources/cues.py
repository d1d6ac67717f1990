"""Per-language cue patterns that say a text relies on a source ("according to X", "X reported").

A cue is ``after`` when the source follows it ("according to X", "uppger X") and
``before`` when it precedes it ("X reported", "X zufolge"); ``either`` verbs take
the source on whichever side has one ("SOHR uppger" and "uppger SOHR").
``speech`` cues ("said", "told") are also how people are quoted, so behind one a
name counts as a source only when it is in the outlet table or its head word is
a source noun ("activists said", "the ministry said"), not for every "Smith said".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from slant.lang import modules

AFTER, BEFORE, EITHER = "after", "before", "either"


@dataclass(frozen=True, slots=True)
class Cue:
    """A compiled cue: where its source sits, and whether it is a speech verb."""

    pattern: re.Pattern[str]
    side: str
    speech: bool = False


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


_RAW: dict[str, list[tuple[str, str, bool]]] = {
    code: words.SOURCE_CUES for code, words in modules("attribution").items()
}
"""(regex, side, speech) per language, from ``slant.lang.<code>.attribution``. Regexes are matched
case-insensitively with word boundaries added; a language without cues of its own gets them all, in
this order."""

SOURCE_NOUNS = _wordset(
    """
    activist activists official officials source sources witness witnesses resident residents medic medics
    doctors spokesman spokeswoman spokesperson ministry government army military police authorities observers
    monitor observatory agency newspaper channel broadcaster television radio correspondent statement report
    command forces office department kremlin pentagon
    aktivister tjänstemän källor vittnen invånare talesperson talesman ministeriet regeringen armén polisen
    myndigheterna byrån tidningen
    aktivisten beamte quellen zeugen anwohner sprecher sprecherin ministerium regierung armee polizei behörden
    agentur zeitung sender
    militants témoins habitants porte-parole ministère gouvernement armée police autorités agence
    journal chaîne
    activistas fuentes testigos portavoz ministerio gobierno ejército policía autoridades agencia periódico
    attivisti fonti testimoni portavoce ministero governo esercito polizia autorità agenzia giornale
    активисты источники свидетели жители представитель министерство минобороны правительство армия полиция
    власти агентство газета телеканал ведомство жителей активистов источников свидетелей властей представителя
    агентства ведомства
    ناشطون ناشطين مصادر شهود سكان متحدث وزارة الحكومة الجيش الشرطة السلطات وكالة صحيفة قناة مراسل المرصد
    """
)
"""Head words that make a name behind a speech verb a source ("activists said")."""

STOP_WORDS = _wordset(
    """
    l d qu j n s the a an later earlier also previously recently reportedly initially separately officially
    meanwhile however today yesterday now just already first then
    that which who whom whose when where while as if but and or nor so than then after before during in on at
    into onto from with without about over under since until to by this these those there here it its
    he she they we you i his her their our my your him them us me is are was were be been has have had will
    would could should may might can also not no more most some any all last next first one two
    att som när där medan men och eller efter före under i på vid från med utan om över sedan till av den det
    de han hon vi ni jag är var har hade kommer kan också inte
    dass die der das den dem des ein eine einen einem einer und oder aber als wenn nach vor während in im
    an am
    auf aus mit ohne über unter seit bis zu zum zur von vom sie er es wir ihr ich ist sind war waren hat haben
    auch nicht
    que qui quand où mais et ou après avant pendant dans sur à au aux de du des le la les un une en avec sans
    il elle ils elles nous vous je est sont était a ont aussi ne pas
    que quien cuando donde pero y o después antes durante en sobre a al de del el la los las un una con sin
    él ella ellos nosotros es son era ha han también no
    che chi quando dove ma e o dopo prima durante in su a al di del il lo la i gli le un una con senza lui lei
    loro noi è sono era ha hanno anche non
    что который которая которые когда где но и или после до во время в на у из с без о об по к он она они мы
    вы я это этот эта эти был была были было также не
    أن إن الذي التي الذين عندما حيث لكن و أو بعد قبل خلال في على من إلى عن مع دون هو هي هم نحن هذا هذه ذلك
    كان كانت قد لا بأن وأن لأن أنه إنه
    """
)
"""Words that end a source's name (conjunctions, prepositions, pronouns, auxiliaries)."""

PRONOUNS = _wordset(
    "he she they we i you it this that han hon de vi jag er sie wir ich il elle ils elles nous "
    "él ella ellos lui lei loro он она они мы я هو هي هم"
)


@functools.cache
def cues_for(language: str | None) -> tuple[Cue, ...]:
    """Compiled cues for a language; all languages' cues when it has none of its own."""
    raw = _RAW[language] if language in _RAW else [c for cues in _RAW.values() for c in cues]
    return tuple(
        Cue(re.compile(rf"(?<!\w){pattern}(?!\w)", re.IGNORECASE), side, speech)
        for pattern, side, speech in raw
    )


_LABEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "military",
        (
            "defence ministry",
            "defense ministry",
            "ministry of defen",
            "army",
            "military",
            "armed forces",
            "forces",
            "command",
            "armén",
            "försvarsmakt",
            "armee",
            "bundeswehr",
            "armée",
            "ejército",
            "esercito",
            "армия",
            "армии",
            "минобороны",
            "военн",
            "генштаб",
            "الجيش",
            "وزارة الدفاع",
        ),
    ),
    (
        "government",
        (
            "ministry",
            "minister",
            "government",
            "kremlin",
            "official",
            "spokes",
            "talesperson",
            "sprecher",
            "porte-parole",
            "portavo",
            "представител",
            "متحدث",
            "police",
            "authorit",
            "president",
            "ministeri",
            "regering",
            "myndighet",
            "polis",
            "regierung",
            "behörde",
            "polizei",
            "ministère",
            "gouvernement",
            "autorités",
            "ministerio",
            "gobierno",
            "governo",
            "министерств",
            "мид ",
            "правительств",
            "власт",
            "полиц",
            "кремл",
            "وزارة",
            "الحكومة",
            "الشرطة",
            "السلطات",
        ),
    ),
    (
        "agency",
        ("news agency", "agency", "byrå", "agentur", "agence", "agencia", "agenzia", "агентств", "وكالة"),
    ),
    ("monitor", ("observator", "monitor", "обсерватори", "المرصد")),
    (
        "outlet",
        (
            "newspaper",
            "television",
            "tv",
            "radio",
            "channel",
            "times",
            "post",
            "daily",
            "tidning",
            "zeitung",
            "sender",
            "journal",
            "chaîne",
            "periódico",
            "giornale",
            "газет",
            "телеканал",
            "радио",
            "صحيفة",
            "قناة",
            "تلفزيون",
        ),
    ),
    ("international", ("united nations", "un ", "u.n.", "nato", "оон", "الأمم المتحدة")),
    (
        "ngo",
        (
            "rights group",
            "organisation",
            "organization",
            "organisationen",
            "charity",
            "ngo",
            "организаци",
            "منظمة",
        ),
    ),
)


def guess_label(name: str) -> str:
    """A kind guessed from the words of an unknown source's name; ``unknown`` when nothing fits."""
    folded = f" {name.casefold()} "
    for label, words in _LABEL_WORDS:
        if any(w in folded for w in words):
            return label
    return "unknown"
