"""French words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "un une"
NUMBER_WORDS = (
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze "
    "seize dix-sept dix-huit dix-neuf vingt"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "jour jours",
    "week": "semaine semaines",
    "month": "mois",
    "year": "an ans année années",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "décennie décennies"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"il\s+y\s+a\s+{n}\s+{unit}",)
DAYS: dict[str, int] = {
    "avant-hier": -2,
    "hier": -1,
    "aujourd'hui": 0,
    "aujourd’hui": 0,
    "ce matin": 0,
    "ce soir": 0,
    "demain": 1,
    "après-demain": 2,
}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {"le": 0, "dernier": -1, "prochain": 1, "ce": 0}
YEAR_CUES: tuple[str, str] = (
    r"en|depuis|dès|jusqu'en|jusqu’en|avant|après|année|l'an|l’an|début|fin|mi-",
    r"",
)
MONTH_CUES = r"en|depuis|dès|jusqu'en|jusqu’en|avant|après|début|fin|mi-|au mois de|le mois de"
MONTH_PARTS: dict[str, str] = {"début": "early", "mi-": "mid", "fin": "late"}
ORDINAL = r"(?:er|e|ᵉʳ)?"
DAY_OF: str | None = r""
YEAR_OF: str | None = None
YEAR_WORD: str | None = None
