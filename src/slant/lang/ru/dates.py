"""Russian words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "один одна одну"
NUMBER_WORDS = (
    "два три четыре пять шесть семь восемь девять десять одиннадцать "
    "двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать "
    "девятнадцать двадцать"
)
NUMBER_EXTRA: dict[str, int] = {"две": 2}
UNITS: dict[str, str] = {
    "day": "день дня дней сутки суток",
    "week": "неделю недели недель",
    "month": "месяц месяца месяцев",
    "year": "год года лет",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "десятилетие десятилетия десятилетий"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"{n}\s+{unit}\s+назад",)
DAYS: dict[str, int] = {"позавчера": -2, "вчера": -1, "сегодня": 0, "завтра": 1, "послезавтра": 2}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {
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
}
YEAR_CUES: tuple[str, str] = (r"в|с|до|к|после|году|года|конца|начала|середины", r"году|года|год|г\.")
MONTH_CUES = r"в|с|до|к|после|в начале|в конце|в середине|в течение|прошлом|следующем"
MONTH_PARTS: dict[str, str] = {"начале": "early", "середине": "mid", "конце": "late"}
ORDINAL = r"(?:-го|-е)?"
DAY_OF: str | None = None
YEAR_OF: str | None = None
YEAR_WORD: str | None = r"(?:\s*(?:года|году|г\.))?"
