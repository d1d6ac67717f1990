"""German abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "dr.",
        "prof.",
        "z.b.",
        "u.a.",
        "bzw.",
        "ca.",
        "nr.",
        "st.",
        "hr.",
        "fr.",
        "bspw.",
        "vgl.",
        "sog.",
        "usw.",
        "inkl.",
        "evtl.",
    ]
)
