"""French abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "m.",
        "mm.",
        "mme.",
        "mlle.",
        "dr.",
        "pr.",
        "st.",
        "ste.",
        "etc.",
        "av.",
        "bd.",
        "me.",
        "mgr.",
        "cf.",
        "env.",
    ]
)
