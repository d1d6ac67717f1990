"""Ukrainian words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "один одна одну"
NUMBER_WORDS = (
    "два три чотири п'ять шість сім вісім дев'ять десять одинадцять "
    "дванадцять тринадцять чотирнадцять п'ятнадцять шістнадцять сімнадцять вісімнадцять "
    "дев'ятнадцять двадцять"
)
NUMBER_EXTRA: dict[str, int] = {"дві": 2}
UNITS: dict[str, str] = {
    "day": "день дні днів",
    "week": "тиждень тижні тижнів",
    "month": "місяць місяці місяців",
    "year": "рік роки років",
}
UNIT_DUALS: dict[str, str] = {}
DECADES = "десятиліття десятиліть"
DECADE_DUALS: tuple[str, ...] = ()
AGO: tuple[str, ...] = (r"{n}\s+{unit}\s+тому",)
DAYS: dict[str, int] = {
    "позавчора": -2,
    "учора": -1,
    "вчора": -1,
    "сьогодні": 0,
    "завтра": 1,
    "післязавтра": 2,
}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
    "минулого тижня": ("week", -1),
    "минулого місяця": ("month", -1),
    "минулого року": ("year", -1),
    "торік": ("year", -1),
    "цього тижня": ("week", 0),
    "цього року": ("year", 0),
    "наступного тижня": ("week", 1),
    "наступного року": ("year", 1),
}
WEEKDAY_SHIFT: dict[str, int] = {
    "в": 0,
    "у": 0,
    "минулої": -1,
    "минулого": -1,
    "наступної": 1,
    "наступного": 1,
}
YEAR_CUES: tuple[str, str] = (r"у|в|з|до|після|року", r"року|рік|році|р\.")
MONTH_CUES = r"у|в|з|до|після|на початку|наприкінці|минулого|наступного"
MONTH_PARTS: dict[str, str] = {"початку": "early", "середині": "mid", "кінці": "late", "наприкінці": "late"}
ORDINAL = r"(?:-го|-е)?"
DAY_OF: str | None = None
YEAR_OF: str | None = None
YEAR_WORD: str | None = r"(?:\s*(?:року|р\.))?"
