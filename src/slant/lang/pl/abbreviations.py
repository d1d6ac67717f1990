"""Polish abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "dr.",
        "prof.",
        "mgr.",
        "inż.",
        "płk.",
        "gen.",
        "im.",
        "ul.",
        "tzw.",
        "np.",
        "m.in.",
        "ok.",
        "godz.",
        "św.",
        "ks.",
        "pt.",
        "tj.",
        "nr.",
    ]
)
