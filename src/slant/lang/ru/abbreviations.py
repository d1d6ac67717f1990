"""Russian abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "г.",
        "гг.",
        "г-н.",
        "г-жа.",
        "т.е.",
        "т.д.",
        "т.п.",
        "др.",
        "им.",
        "ул.",
        "стр.",
        "проф.",
        "акад.",
        "тыс.",
        "млн.",
        "млрд.",
        "руб.",
        "ген.",
    ]
)
