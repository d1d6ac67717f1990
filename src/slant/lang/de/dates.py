"""German words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "einem einer einen"
NUMBER_WORDS = (
    "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn "
    "vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn zwanzig"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "Tag Tagen",
    "week": "Woche Wochen",
    "month": "Monat Monaten",
    "year": "Jahr Jahren",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "Jahrzehnt Jahrzehnten"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"vor\s+{n}\s+{unit}",)
DAYS: dict[str, int] = {"vorgestern": -2, "gestern": -1, "heute": 0, "morgen": 1, "übermorgen": 2}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {
    "am": 0,
    "letzten": -1,
    "vergangenen": -1,
    "nächsten": 1,
    "kommenden": 1,
    "diesen": 0,
}
YEAR_CUES: tuple[str, str] = (
    r"im Jahr|im Jahre|Jahr|seit|bis|von|ab|vor|nach|Anfang|Ende|Mitte|Sommer|Frühjahr|Herbst|Winter",
    r"",
)
MONTH_CUES = r"im|seit|bis|ab|von|Anfang|Ende|Mitte|vor|nach|letzten|nächsten|diesen"
MONTH_PARTS: dict[str, str] = {"Anfang": "early", "Mitte": "mid", "Ende": "late"}
ORDINAL = r"\.?"
DAY_OF: str | None = None
YEAR_OF: str | None = None
YEAR_WORD: str | None = None
