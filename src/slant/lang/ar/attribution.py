"""Arabic attribution words.

- ``QUOTE_CUES``, ``QUOTE_THAT``, ``QUOTE_ACCORDING``: reporting verbs, complementizers and
  "according to" words of the quote rules (:mod:`slant.quotes.rules`), as regex alternations.
- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

QUOTE_CUES = r"قال|قالت|قالوا|أكد|أكدت|أضاف|أضافت|صرح|صرحت|أعلن|أعلنت|أوضح|أوضحت|يقول|تقول"
QUOTE_THAT = r"إن|أن|إنه|أنه"
QUOTE_ACCORDING = r"وفقا ل|وفقًا ل|بحسب|حسب"
SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"وفق(?:اً|ًا|ا)?", "after", False),
    (r"(?:ب)?حسب", "after", False),
    (r"نقل(?:اً|ًا|ا)? عن", "after", False),
    (r"[وف]?(?:ذكرت|ذكر|أفادت|أفاد|أعلنت|أعلن|أكدت|أكد|نشرت|نشر)", "after", False),
    (r"[وف]?(?:قالت|قال|صرح|صرحت)", "after", True),
]
