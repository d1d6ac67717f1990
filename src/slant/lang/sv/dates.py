"""Swedish words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "en ett"
NUMBER_WORDS = (
    "två tre fyra fem sex sju åtta nio tio elva tolv tretton fjorton femton sexton sjutton arton nitton tjugo"
)
NUMBER_EXTRA: dict[str, int] = {}
UNITS: dict[str, str] = {
    "day": "dag dagar",
    "week": "vecka veckor",
    "month": "månad månader",
    "year": "år",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "decennium decennier"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"för\s+{n}\s+{unit}\s+sedan",)
DAYS: dict[str, int] = {
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
}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {"i": 0, "på": 1, "förra": -1, "nästa": 1, "i förrgår": 0}
YEAR_CUES: tuple[str, str] = (
    r"i|år|under|sedan|från|till|efter|före|inför|sommaren|våren|hösten|vintern",
    r"års",
)
MONTH_CUES = r"i|under|sedan|från|till|efter|före|inför|början av|slutet av|mitten av|förra|nästa|i slutet av"
MONTH_PARTS: dict[str, str] = {"början av": "early", "mitten av": "mid", "slutet av": "late"}
ORDINAL = r"(?::e|:a|\.)?"
DAY_OF: str | None = None
YEAR_OF: str | None = None
YEAR_WORD: str | None = None
