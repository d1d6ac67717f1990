"""Arabic words for dates: number words, time units, relative days and phrases, and the words
around years, months and weekdays. :mod:`slant.dates.lexicon` builds its tables from these and says
what each one means; month and weekday names come from CLDR (babel)."""

NUMBER_ONES = "واحد"
NUMBER_WORDS = "اثنين ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة عشرة"
NUMBER_EXTRA: dict[str, int] = {
    "اثنان": 2,
    "ثلاث": 3,
    "أربع": 4,
    "خمس": 5,
    "ست": 6,
    "سبع": 7,
    "ثماني": 8,
    "تسع": 9,
    "عشر": 10,
    "عشرين": 20,
}
UNITS: dict[str, str] = {
    "day": "يوم يوما يومًا أيام",
    "week": "أسبوع أسبوعا أسابيع",
    "month": "شهر شهرا أشهر شهور",
    "year": "عام عاما عامًا سنة أعوام سنوات سنين",
}
UNIT_DUALS: dict[str, str] = {
    "يومين": "day",
    "أسبوعين": "week",
    "شهرين": "month",
    "عامين": "year",
    "سنتين": "year",
}
DECADES = "عقد عقود"
DECADE_DUALS: tuple[str, ...] = ("عقدين",)
AGO: tuple[str, ...] = (r"(?:قبل|منذ)\s+(?:{n}\s+)?{unit}",)
DAYS: dict[str, int] = {
    "أول أمس": -2,
    "أمس": -1,
    "الأمس": -1,
    "بالأمس": -1,
    "امس": -1,
    "اليوم": 0,
    "غدا": 1,
    "غداً": 1,
    "غدًا": 1,
}
UNIT_PHRASES: dict[str, tuple[str, int]] = {
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
}
WEEKDAY_SHIFT: dict[str, int] = {"يوم": 0, "في": 0}
YEAR_CUES: tuple[str, str] = (r"عام|العام|سنة|في|منذ|خلال|حتى", r"")
MONTH_CUES = r"في|منذ|خلال|حتى|شهر|مطلع|أواخر|أوائل|نهاية|بداية"
MONTH_PARTS: dict[str, str] = {
    "مطلع": "early",
    "أوائل": "early",
    "بداية": "early",
    "منتصف": "mid",
    "أواخر": "late",
    "نهاية": "late",
}
ORDINAL = r""
DAY_OF: str | None = r"(?:من\s+)?"
YEAR_OF: str | None = r"(?:عام\s+|من\s+عام\s+)?"
YEAR_WORD: str | None = r"(?:\s*م)?"
