"""English words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "a an one"
NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "day days",
    "week": "week weeks",
    "month": "month months",
    "year": "year years",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "decade decades"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"{n}\s+{unit}\s+ago",)
DAYS: dict[str, int] = {
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
}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {"last": -1, "past": -1, "this": 0, "next": 1, "on": 0}
YEAR_CUES: tuple[str, str] = (
    r"in|since|by|until|till|from|during|of|before|after|early|late|mid-?|throughout|year|summer|spring|between|"
    r"autumn|fall|winter",
    r"",
)
MONTH_CUES = r"in|since|by|until|till|from|during|early|late|mid-?|last|next|this|throughout|of"
MONTH_PARTS: dict[str, str] = {
    "early": "early",
    "mid": "mid",
    "mid-": "mid",
    "late": "late",
    "the end of": "late",
    "the beginning of": "early",
    "the middle of": "mid",
}
ORDINAL = r"(?:st|nd|rd|th)?"
DAY_OF: str | None = r"(?:of\s+)?"
YEAR_OF: str | None = None
YEAR_WORD: str | None = None
