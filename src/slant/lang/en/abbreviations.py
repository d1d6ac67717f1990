"""English abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "gen.",
        "col.",
        "lt.",
        "sgt.",
        "capt.",
        "cpl.",
        "maj.",
        "adm.",
        "rep.",
        "sen.",
        "gov.",
        "pres.",
        "rev.",
        "hon.",
        "st.",
        "no.",
        "approx.",
        "est.",
        "vs.",
    ]
)
