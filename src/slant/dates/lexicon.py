"""Words for dates per language: month and weekday names from CLDR (babel), and small hand-written
tables of relative words ("yesterday", "i går"), time units and number words one to twenty."""

from __future__ import annotations

import functools
import re

LANGUAGES = ("en", "sv", "de", "fr", "ru", "es", "it", "pl", "uk", "ar")

LOCALES = {"ar": ("ar", "ar_SY")}
"""Arabic news in the Levant writes Syriac month names (أيلول for September) as often as Egyptian ones."""

INFLECTED = frozenset({"ru", "uk", "pl"})
"""Languages whose month and weekday names take case endings beyond CLDR's two forms ("в сентябре")."""


def _strip(name: str) -> str:
    return name.rstrip(".").strip()


@functools.cache
def months(language: str, abbreviated: bool = False) -> dict[str, int]:
    """Month name (lowercase) → 1..12: CLDR's format and stand-alone forms, wide or abbreviated."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in LOCALES.get(language, (language,)):
        for context in ("format", "stand-alone"):
            found = get_month_names("abbreviated" if abbreviated else "wide", context=context, locale=locale)
            for number, name in found.items():
                name = _strip(name).lower()
                if len(name) >= 3 and not name.isdigit():
                    names.setdefault(name, number)
    if abbreviated:
        wide = months(language)
        names = {n: m for n, m in names.items() if n not in wide}
        if language == "en":
            names["sept"] = 9
    return names


@functools.cache
def weekdays(language: str) -> dict[str, int]:
    """Weekday name (lowercase, wide) → 0 (Monday) .. 6 (Sunday)."""
    from babel.dates import get_day_names

    names: dict[str, int] = {}
    for locale in LOCALES.get(language, (language,)):
        for context in ("format", "stand-alone"):
            for number, name in get_day_names("wide", context=context, locale=locale).items():
                names.setdefault(_strip(name).lower(), number)
    if language == "sv":  # "i onsdags" is last Wednesday
        names.update({f"{name}s": number for name, number in list(names.items())})
    return names


def name_pattern(names: dict[str, int], language: str) -> str:
    """A regex alternation of names, longest first; in inflected languages a name's stem may take
    an ending of up to three letters ("сентябр" + "е")."""
    forms: set[str] = set()
    for name in names:
        forms.add(re.escape(name))
        if language in INFLECTED and len(name) >= 5:
            forms.add(re.escape(name[:-1]) + r"\w{0,3}")
        elif language in INFLECTED and len(name) >= 3:
            forms.add(re.escape(name[:-1]) + r"[еяюиуыйё]")
    return "(?:" + "|".join(sorted(forms, key=lambda f: (-len(f), f))) + ")"


def lookup(names: dict[str, int], word: str, language: str) -> int | None:
    """The number of a name as written (any case, case ending allowed in inflected languages)."""
    key = word.lower().rstrip(".")
    if key in names:
        return names[key]
    if language in INFLECTED:
        for cut in (1, 2, 3):
            stem = key[:-cut] if len(key) > cut else key
            hits = {
                n for name, n in names.items() if name[:-1] == stem or (stem and name[:-1].startswith(stem))
            }
            if len(hits) == 1:
                return hits.pop()
    return None


def _numbers(ones: str, words: str, **more: int) -> dict[str, int]:
    """Number words: every word of ``ones`` is 1, ``words`` are two, three, ... in order."""
    table = dict.fromkeys(ones.split(), 1)
    table.update({w: i for i, w in enumerate(words.split(), start=2)})
    table.update(more)
    return table


NUMBERS: dict[str, dict[str, int]] = {
    "en": _numbers(
        "a an one",
        "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty",
    ),
    "sv": _numbers(
        "en ett",
        "två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton "
        "sjutton arton nitton tjugo",
    ),
    "de": _numbers(
        "einem einer einen",
        "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
        "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig",
    ),
    "fr": _numbers(
        "un une",
        "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
        "seize dix-sept dix-huit dix-neuf vingt",
    ),
    "es": _numbers(
        "un una",
        "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
        "dieciséis diecisiete dieciocho diecinueve veinte",
    ),
    "it": _numbers(
        "un uno una",
        "due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
        "quattordici quindici sedici diciassette diciotto diciannove venti",
    ),
    "ru": _numbers(
        "один одна одну",
        "два три четыре пять шесть семь восемь девять десять одиннадцать "
        "двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
        "девятнадцать двадцать",
        две=2,
    ),
    "uk": _numbers(
        "один одна одну",
        "два три чотири п'ять шість сім вісім дев'ять десять одинадцять "
        "дванадцять тринадцять чотирнадцять п'ятнадцять шістнадцять сімнадцять вісімнадцять "
        "дев'ятнадцять двадцять",
        дві=2,
    ),
    "pl": _numbers(
        "jeden jedna jedno",
        "dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście "
        "dwanaście trzynaście czternaście piętnaście szesnaście siedemnaście osiemnaście "
        "dziewiętnaście dwadzieścia",
        dwie=2,
    ),
    "ar": _numbers(
        "واحد",
        "اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة",
        اثنان=2,
        ثلاث=3,
        أربع=4,
        خمس=5,
        ست=6,
        سبع=7,
        ثماني=8,
        تسع=9,
        عشر=10,
        عشرين=20,
    ),
}

UNITS: dict[str, dict[str, tuple[str, int | None]]] = {
    # word → (unit, implied count: 2 for Arabic duals, None when a number says it)
    "en": {
        w: (u, None)
        for u, ws in {
            "day": "day days",
            "week": "week weeks",
            "month": "month months",
            "year": "year years",
        }.items()
        for w in ws.split()
    },
    "sv": {
        w: (u, None)
        for u, ws in {
            "day": "dag dagar",
            "week": "vecka veckor",
            "month": "månad månader",
            "year": "år",
        }.items()
        for w in ws.split()
    },
    "de": {
        w: (u, None)
        for u, ws in {
            "day": "Tag Tagen",
            "week": "Woche Wochen",
            "month": "Monat Monaten",
            "year": "Jahr Jahren",
        }.items()
        for w in ws.split()
    },
    "fr": {
        w: (u, None)
        for u, ws in {
            "day": "jour jours",
            "week": "semaine semaines",
            "month": "mois",
            "year": "an ans année années",
        }.items()
        for w in ws.split()
    },
    "es": {
        w: (u, None)
        for u, ws in {
            "day": "día días",
            "week": "semana semanas",
            "month": "mes meses",
            "year": "año años",
        }.items()
        for w in ws.split()
    },
    "it": {
        w: (u, None)
        for u, ws in {
            "day": "giorno giorni",
            "week": "settimana settimane",
            "month": "mese mesi",
            "year": "anno anni",
        }.items()
        for w in ws.split()
    },
    "ru": {
        w: (u, None)
        for u, ws in {
            "day": "день дня дней сутки суток",
            "week": "неделю недели недель",
            "month": "месяц месяца месяцев",
            "year": "год года лет",
        }.items()
        for w in ws.split()
    },
    "uk": {
        w: (u, None)
        for u, ws in {
            "day": "день дні днів",
            "week": "тиждень тижні тижнів",
            "month": "місяць місяці місяців",
            "year": "рік роки років",
        }.items()
        for w in ws.split()
    },
    "pl": {
        w: (u, None)
        for u, ws in {
            "day": "dzień dni",
            "week": "tydzień tygodnie tygodni",
            "month": "miesiąc miesiące miesięcy",
            "year": "rok lata lat",
        }.items()
        for w in ws.split()
    },
    "ar": {
        **{w: ("day", None) for w in ["يوم", "يوما", "يومًا", "أيام"]},
        **{w: ("week", None) for w in ["أسبوع", "أسبوعا", "أسابيع"]},
        **{w: ("month", None) for w in ["شهر", "شهرا", "أشهر", "شهور"]},
        **{w: ("year", None) for w in ["عام", "عاما", "عامًا", "سنة", "أعوام", "سنوات", "سنين"]},
        "يومين": ("day", 2),
        "أسبوعين": ("week", 2),
        "شهرين": ("month", 2),
        "عامين": ("year", 2),
        "سنتين": ("year", 2),
    },
}

_DECADES = {
    "en": "decade decades",
    "sv": "decennium decennier",
    "de": "Jahrzehnt Jahrzehnten",
    "fr": "décennie décennies",
    "es": "década décadas",
    "it": "decennio decenni",
    "ru": "десятилетие десятилетия десятилетий",
    "uk": "десятиліття десятиліть",
    "pl": "dekadę dekady dekad",
    "ar": "عقد عقود",
}
for _language, _words in _DECADES.items():
    UNITS[_language].update(dict.fromkeys(_words.split(" "), ("decade", None)))
UNITS["ar"]["عقدين"] = ("decade", 2)

AGO: dict[str, tuple[str, ...]] = {
    "en": (r"{n}\s+{unit}\s+ago",),
    "sv": (r"för\s+{n}\s+{unit}\s+sedan",),
    "de": (r"vor\s+{n}\s+{unit}",),
    "fr": (r"il\s+y\s+a\s+{n}\s+{unit}",),
    "es": (r"hace\s+{n}\s+{unit}",),
    "it": (r"{n}\s+{unit}\s+fa",),
    "ru": (r"{n}\s+{unit}\s+назад",),
    "uk": (r"{n}\s+{unit}\s+тому",),
    "pl": (r"{n}\s+{unit}\s+temu",),
    "ar": (r"(?:قبل|منذ)\s+(?:{n}\s+)?{unit}",),
}
"""'N units ago': {n} is a number (digits or words), {unit} a unit word."""

DAYS: dict[str, dict[str, int]] = {
    "en": {
        "the day before yesterday": -2,
        "yesterday": -1,
        "today": 0,
        "tonight": 0,
        "tomorrow": 1,
        "the day after tomorrow": 2,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "last night": -1,
    },
    "sv": {
        "i förrgår": -2,
        "i går": -1,
        "igår": -1,
        "i dag": 0,
        "idag": 0,
        "i kväll": 0,
        "ikväll": 0,
        "i natt": 0,
        "inatt": 0,
        "i morse": 0,
        "i morgon": 1,
        "imorgon": 1,
        "i övermorgon": 2,
    },
    "de": {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2},
    "fr": {
        "avant-hier": -2,
        "hier": -1,
        "aujourd'hui": 0,
        "aujourd’hui": 0,
        "ce matin": 0,
        "ce soir": 0,
        "demain": 1,
        "après-demain": 2,
    },
    "es": {"anteayer": -2, "antier": -2, "ayer": -1, "hoy": 0, "pasado mañana": 2},
    "it": {"l'altro ieri": -2, "ieri": -1, "oggi": 0, "domani": 1, "dopodomani": 2},
    "ru": {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2},
    "uk": {"позавчора": -2, "учора": -1, "вчора": -1, "сьогодні": 0, "завтра": 1, "післязавтра": 2},
    "pl": {"przedwczoraj": -2, "wczoraj": -1, "dzisiaj": 0, "dziś": 0, "jutro": 1, "pojutrze": 2},
    "ar": {
        "أول أمس": -2,
        "أمس": -1,
        "الأمس": -1,
        "بالأمس": -1,
        "امس": -1,
        "اليوم": 0,
        "غدا": 1,
        "غداً": 1,
        "غدًا": 1,
    },
}
"""Words for a day relative to publication. German "morgen" counts only in lower case (the noun
"Morgen" is the morning); Spanish "mañana" is left out (also "the morning")."""

CASE_SENSITIVE_DAYS = frozenset({("de", "morgen")})

UNIT_PHRASES: dict[str, dict[str, tuple[str, int]]] = {
    "en": {
        **{
            f"{w} {u}": (u, o)
            for w, o in (
                ("last", -1),
                ("past", -1),
                ("this", 0),
                ("next", 1),
                ("earlier this", 0),
                ("later this", 0),
            )
            for u in ("week", "month", "year")
        },
        "a year earlier": ("year", -1),
    },
    "sv": {
        "förra veckan": ("week", -1),
        "förra månaden": ("month", -1),
        "förra året": ("year", -1),
        "i fjol": ("year", -1),
        "ifjol": ("year", -1),
        "i förfjol": ("year", -2),
        "den här veckan": ("week", 0),
        "denna vecka": ("week", 0),
        "i år": ("year", 0),
        "nästa vecka": ("week", 1),
        "nästa månad": ("month", 1),
        "nästa år": ("year", 1),
        "i höstas": ("year", 0),
        "i våras": ("year", 0),
    },
    "de": {
        **{
            f"{a} {u}": (unit, o)
            for a, o in (
                ("letzte", -1),
                ("letzten", -1),
                ("letztes", -1),
                ("vergangene", -1),
                ("vergangenen", -1),
                ("vergangenes", -1),
                ("vorige", -1),
                ("vorigen", -1),
                ("voriges", -1),
                ("diese", 0),
                ("diesen", 0),
                ("dieses", 0),
                ("nächste", 1),
                ("nächsten", 1),
                ("nächstes", 1),
                ("kommende", 1),
                ("kommenden", 1),
                ("kommendes", 1),
            )
            for u, unit in (("Woche", "week"), ("Monat", "month"), ("Jahr", "year"))
        },
    },
    "fr": {
        "la semaine dernière": ("week", -1),
        "le mois dernier": ("month", -1),
        "l'année dernière": ("year", -1),
        "l’année dernière": ("year", -1),
        "l'an dernier": ("year", -1),
        "l’an dernier": ("year", -1),
        "l'an passé": ("year", -1),
        "cette semaine": ("week", 0),
        "ce mois-ci": ("month", 0),
        "cette année": ("year", 0),
        "la semaine prochaine": ("week", 1),
        "le mois prochain": ("month", 1),
        "l'année prochaine": ("year", 1),
        "l’année prochaine": ("year", 1),
    },
    "es": {
        "la semana pasada": ("week", -1),
        "el mes pasado": ("month", -1),
        "el año pasado": ("year", -1),
        "esta semana": ("week", 0),
        "este mes": ("month", 0),
        "este año": ("year", 0),
        "la próxima semana": ("week", 1),
        "el próximo mes": ("month", 1),
        "el próximo año": ("year", 1),
    },
    "it": {
        "la settimana scorsa": ("week", -1),
        "il mese scorso": ("month", -1),
        "l'anno scorso": ("year", -1),
        "l’anno scorso": ("year", -1),
        "questa settimana": ("week", 0),
        "quest'anno": ("year", 0),
        "la prossima settimana": ("week", 1),
        "l'anno prossimo": ("year", 1),
    },
    "ru": {
        "на прошлой неделе": ("week", -1),
        "в прошлом месяце": ("month", -1),
        "в прошлом году": ("year", -1),
        "в минувшем году": ("year", -1),
        "на этой неделе": ("week", 0),
        "в этом месяце": ("month", 0),
        "в этом году": ("year", 0),
        "на следующей неделе": ("week", 1),
        "в следующем месяце": ("month", 1),
        "в следующем году": ("year", 1),
        "в будущем году": ("year", 1),
    },
    "uk": {
        "минулого тижня": ("week", -1),
        "минулого місяця": ("month", -1),
        "минулого року": ("year", -1),
        "торік": ("year", -1),
        "цього тижня": ("week", 0),
        "цього року": ("year", 0),
        "наступного тижня": ("week", 1),
        "наступного року": ("year", 1),
    },
    "pl": {
        "w zeszłym tygodniu": ("week", -1),
        "w ubiegłym tygodniu": ("week", -1),
        "w zeszłym miesiącu": ("month", -1),
        "w zeszłym roku": ("year", -1),
        "w ubiegłym roku": ("year", -1),
        "w tym tygodniu": ("week", 0),
        "w tym roku": ("year", 0),
        "w przyszłym tygodniu": ("week", 1),
        "w przyszłym roku": ("year", 1),
    },
    "ar": {
        "الأسبوع الماضي": ("week", -1),
        "الشهر الماضي": ("month", -1),
        "العام الماضي": ("year", -1),
        "السنة الماضية": ("year", -1),
        "هذا الأسبوع": ("week", 0),
        "هذا الشهر": ("month", 0),
        "هذا العام": ("year", 0),
        "العام الجاري": ("year", 0),
        "الأسبوع المقبل": ("week", 1),
        "الشهر المقبل": ("month", 1),
        "العام المقبل": ("year", 1),
        "الأسبوع القادم": ("week", 1),
        "العام القادم": ("year", 1),
    },
}
"""Phrases for the unit containing publication, or one before or after it."""

WEEKDAY_SHIFT: dict[str, dict[str, int]] = {
    "en": {"last": -1, "past": -1, "this": 0, "next": 1, "on": 0},
    "sv": {"i": 0, "på": 1, "förra": -1, "nästa": 1, "i förrgår": 0},
    "de": {"am": 0, "letzten": -1, "vergangenen": -1, "nächsten": 1, "kommenden": 1, "diesen": 0},
    "fr": {"le": 0, "dernier": -1, "prochain": 1, "ce": 0},
    "es": {"el": 0, "el pasado": -1, "el próximo": 1, "este": 0},
    "it": {"il": 0, "la": 0, "scorso": -1, "scorsa": -1, "prossimo": 1, "prossima": 1},
    "ru": {
        "в": 0,
        "во": 0,
        "в прошлую": -1,
        "в прошлый": -1,
        "в прошлое": -1,
        "в следующий": 1,
        "в следующую": 1,
        "в это": 0,
        "в этот": 0,
        "в эту": 0,
    },
    "uk": {"в": 0, "у": 0, "минулої": -1, "минулого": -1, "наступної": 1, "наступного": 1},
    "pl": {"w": 0, "we": 0, "w zeszły": -1, "w zeszłą": -1, "w przyszły": 1, "w przyszłą": 1},
    "ar": {"يوم": 0, "في": 0},
}
"""Words before a weekday: 0 the most recent such day on or before publication, -1 strictly before
(one week back when it is today), +1 the next one after publication. Swedish "på lördag" is the
coming Saturday and "i lördags" the last one (the -s form)."""

YEAR_CUES: dict[str, tuple[str, str]] = {
    # (words before a year, words after it): the year alone counts only next to one of them
    "en": (
        r"in|since|by|until|till|from|during|of|before|after|early|late|mid-?|throughout|year|summer|spring|between|"
        r"autumn|fall|winter",
        r"",
    ),
    "sv": (r"i|år|under|sedan|från|till|efter|före|inför|sommaren|våren|hösten|vintern", r"års"),
    "de": (
        r"im Jahr|im Jahre|Jahr|seit|bis|von|ab|vor|nach|Anfang|Ende|Mitte|Sommer|Frühjahr|Herbst|Winter",
        r"",
    ),
    "fr": (r"en|depuis|dès|jusqu'en|jusqu’en|avant|après|année|l'an|l’an|début|fin|mi-", r""),
    "es": (r"en|desde|hasta|año|del|antes de|después de|a finales de|a principios de", r""),
    "it": (r"nel|dal|fino al|anno|del|prima del|dopo il", r""),
    "ru": (r"в|с|до|к|после|году|года|конца|начала|середины", r"году|года|год|г\."),
    "uk": (r"у|в|з|до|після|року", r"року|рік|році|р\."),
    "pl": (r"w|od|do|po|roku|przed", r"roku|r\."),
    "ar": (r"عام|العام|سنة|في|منذ|خلال|حتى", r""),
}

MONTH_CUES: dict[str, str] = {
    "en": r"in|since|by|until|till|from|during|early|late|mid-?|last|next|this|throughout|of",
    "sv": r"i|under|sedan|från|till|efter|före|inför|början av|slutet av|mitten av|förra|nästa|i slutet av",
    "de": r"im|seit|bis|ab|von|Anfang|Ende|Mitte|vor|nach|letzten|nächsten|diesen",
    "fr": r"en|depuis|dès|jusqu'en|jusqu’en|avant|après|début|fin|mi-|au mois de|le mois de",
    "es": r"en|desde|hasta|a principios de|a finales de|a mediados de|el pasado|el próximo",
    "it": r"a|in|da|fino a|entro|nel mese di|a inizio|a fine|lo scorso|il prossimo",
    "ru": r"в|с|до|к|после|в начале|в конце|в середине|в течение|прошлом|следующем",
    "uk": r"у|в|з|до|після|на початку|наприкінці|минулого|наступного",
    "pl": r"w|od|do|po|na początku|pod koniec|w połowie|w zeszłym|w przyszłym",
    "ar": r"في|منذ|خلال|حتى|شهر|مطلع|أواخر|أوائل|نهاية|بداية",
}
"""Words that make a month name alone a date ("in September", "i september"), not the verb "may"."""

MONTH_PARTS: dict[str, dict[str, str]] = {
    "en": {
        "early": "early",
        "mid": "mid",
        "mid-": "mid",
        "late": "late",
        "the end of": "late",
        "the beginning of": "early",
        "the middle of": "mid",
    },
    "sv": {"början av": "early", "mitten av": "mid", "slutet av": "late"},
    "de": {"Anfang": "early", "Mitte": "mid", "Ende": "late"},
    "fr": {"début": "early", "mi-": "mid", "fin": "late"},
    "es": {"principios de": "early", "mediados de": "mid", "finales de": "late"},
    "it": {"inizio": "early", "metà": "mid", "fine": "late"},
    "ru": {"начале": "early", "середине": "mid", "конце": "late"},
    "uk": {"початку": "early", "середині": "mid", "кінці": "late", "наприкінці": "late"},
    "pl": {"początku": "early", "połowie": "mid", "końcu": "late"},
    "ar": {
        "مطلع": "early",
        "أوائل": "early",
        "بداية": "early",
        "منتصف": "mid",
        "أواخر": "late",
        "نهاية": "late",
    },
}
"""Words for part of a month ("mid-March", "Mitte März", "منتصف آذار"): part of the span, and of
``attrs.part``; the value stays the month."""

ORDINAL = {
    "en": r"(?:st|nd|rd|th)?",
    "sv": r"(?::e|:a|\.)?",
    "de": r"\.?",
    "fr": r"(?:er|e|ᵉʳ)?",
    "es": r"(?:º|\.º)?",
    "it": r"(?:º|°)?",
    "ru": r"(?:-го|-е)?",
    "uk": r"(?:-го|-е)?",
    "pl": r"\.?",
    "ar": r"",
}
"""What may follow a day number ("9th", "9:e", "9.", "1er")."""

DAY_OF = {"en": r"(?:of\s+)?", "es": r"(?:de\s+)?", "it": r"", "fr": r"", "ar": r"(?:من\s+)?"}
"""Words between a day and its month ("the 9th of September", "9 de septiembre")."""

YEAR_OF = {"es": r"(?:de(?:l)?\s+)?", "it": r"(?:del\s+)?", "ar": r"(?:عام\s+|من\s+عام\s+)?"}
"""Words between a month and its year ("septiembre de 2016", "سبتمبر عام 2016")."""

YEAR_WORD = {
    "ru": r"(?:\s*(?:года|году|г\.))?",
    "uk": r"(?:\s*(?:року|р\.))?",
    "pl": r"(?:\s*(?:roku|r\.))?",
    "ar": r"(?:\s*م)?",
}
"""Words after a full date's year ("9 сентября 2016 года")."""
