"""Spanish words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "un una"
NUMBER_WORDS = (
    "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince "
    "dieciséis diecisiete dieciocho diecinueve veinte"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "día días",
    "week": "semana semanas",
    "month": "mes meses",
    "year": "año años",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "década décadas"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"hace\s+{n}\s+{unit}",)
DAYS: dict[str, int] = {"anteayer": -2, "antier": -2, "ayer": -1, "hoy": 0, "pasado mañana": 2}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
    "la semana pasada": ("week", -1),
    "el mes pasado": ("month", -1),
    "el año pasado": ("year", -1),
    "esta semana": ("week", 0),
    "este mes": ("month", 0),
    "este año": ("year", 0),
    "la próxima semana": ("week", 1),
    "el próximo mes": ("month", 1),
    "el próximo año": ("year", 1),
}
WEEKDAY_SHIFT: dict[str, int] = {"el": 0, "el pasado": -1, "el próximo": 1, "este": 0}
YEAR_CUES: tuple[str, str] = (r"en|desde|hasta|año|del|antes de|después de|a finales de|a principios de", r"")
MONTH_CUES = r"en|desde|hasta|a principios de|a finales de|a mediados de|el pasado|el próximo"
MONTH_PARTS: dict[str, str] = {"principios de": "early", "mediados de": "mid", "finales de": "late"}
ORDINAL = r"(?:º|\.º)?"
DAY_OF: str | None = r"(?:de\s+)?"
YEAR_OF: str | None = r"(?:de(?:l)?\s+)?"
YEAR_WORD: str | None = None
