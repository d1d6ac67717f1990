"""Polish attribution words.

- ``SOURCE_CUES``: patterns that say a text relies on a source (:mod:`slant.sources.cues`): the
  regex, the side the source is on ("after", "before" or "either"), and whether it is a speech verb.
"""

SOURCE_CUES: list[tuple[str, str, bool]] = [
    (r"według", "after", False),
    (r"jak (?:podaje|podał|podała|informuje)", "after", False),
    (r"(?:podaje|podał|podała|poinformował|poinformowała|informuje)", "either", False),
    (r"(?:powiedział|powiedziała)", "either", True),
]
