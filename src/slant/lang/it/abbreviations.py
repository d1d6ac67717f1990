"""Italian abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "dott.",
        "dott.ssa",
        "sig.",
        "sig.ra",
        "prof.",
        "avv.",
        "ing.",
        "on.",
        "sen.",
        "ecc.",
        "pag.",
        "art.",
        "gen.",
        "geom.",
        "rag.",
    ]
)
