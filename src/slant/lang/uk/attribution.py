"""Ukrainian attribution words.

- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"за даними", "after", False),
    (r"за словами", "after", False),
    (r"з посиланням на", "after", False),
    (r"як (?:повідомляє|повідомив|повідомила|пише)", "after", False),
    (r"(?:повідомляє|повідомив|повідомила|повідомили|пише|підтвердив|підтвердила)", "either", False),
    (r"(?:заявив|заявила|сказав|сказала)", "either", True),
]
