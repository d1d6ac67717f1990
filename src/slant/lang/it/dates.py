"""Italian words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "un uno una"
NUMBER_WORDS = (
    "due tre quattro cinque sei sette otto nove dieci undici dodici tredici "
    "quattordici quindici sedici diciassette diciotto diciannove venti"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "giorno giorni",
    "week": "settimana settimane",
    "month": "mese mesi",
    "year": "anno anni",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "decennio decenni"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"{n}\s+{unit}\s+fa",)
DAYS: dict[str, int] = {"l'altro ieri": -2, "ieri": -1, "oggi": 0, "domani": 1, "dopodomani": 2}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
    "la settimana scorsa": ("week", -1),
    "il mese scorso": ("month", -1),
    "l'anno scorso": ("year", -1),
    "l’anno scorso": ("year", -1),
    "questa settimana": ("week", 0),
    "quest'anno": ("year", 0),
    "la prossima settimana": ("week", 1),
    "l'anno prossimo": ("year", 1),
}
WEEKDAY_SHIFT: dict[str, int] = {"il": 0, "la": 0, "scorso": -1, "scorsa": -1, "prossimo": 1, "prossima": 1}
YEAR_CUES: tuple[str, str] = (r"nel|dal|fino al|anno|del|prima del|dopo il", r"")
MONTH_CUES = r"a|in|da|fino a|entro|nel mese di|a inizio|a fine|lo scorso|il prossimo"
MONTH_PARTS: dict[str, str] = {"inizio": "early", "metà": "mid", "fine": "late"}
ORDINAL = r"(?:º|°)?"
DAY_OF: str | None = r""
YEAR_OF: str | None = r"(?:del\s+)?"
YEAR_WORD: str | None = None
