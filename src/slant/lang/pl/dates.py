"""Polish words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "jeden jedna jedno"
NUMBER_WORDS = (
    "dwa trzy cztery pięć sześć siedem osiem dziewięć dziesięć jedenaście "
    "dwanaście trzynaście czternaście piętnaście szesnaście siedemnaście osiemnaście "
    "dziewiętnaście dwadzieścia"
)
NUMBER_EXTRA: dict[str, int] = {"dwie": 2}
UNITS: dict[str, str] = {
    "day": "dzień dni",
    "week": "tydzień tygodnie tygodni",
    "month": "miesiąc miesiące miesięcy",
    "year": "rok lata lat",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "dekadę dekady dekad"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"{n}\s+{unit}\s+temu",)
DAYS: dict[str, int] = {"przedwczoraj": -2, "wczoraj": -1, "dzisiaj": 0, "dziś": 0, "jutro": 1, "pojutrze": 2}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
    "w zeszłym tygodniu": ("week", -1),
    "w ubiegłym tygodniu": ("week", -1),
    "w zeszłym miesiącu": ("month", -1),
    "w zeszłym roku": ("year", -1),
    "w ubiegłym roku": ("year", -1),
    "w tym tygodniu": ("week", 0),
    "w tym roku": ("year", 0),
    "w przyszłym tygodniu": ("week", 1),
    "w przyszłym roku": ("year", 1),
}
WEEKDAY_SHIFT: dict[str, int] = {
    "w": 0,
    "we": 0,
    "w zeszły": -1,
    "w zeszłą": -1,
    "w przyszły": 1,
    "w przyszłą": 1,
}
YEAR_CUES: tuple[str, str] = (r"w|od|do|po|roku|przed", r"roku|r\.")
MONTH_CUES = r"w|od|do|po|na początku|pod koniec|w połowie|w zeszłym|w przyszłym"
MONTH_PARTS: dict[str, str] = {"początku": "early", "połowie": "mid", "końcu": "late"}
ORDINAL = r"\.?"
DAY_OF: str | None = None
YEAR_OF: str | None = None
YEAR_WORD: str | None = r"(?:\s*(?:roku|r\.))?"
