"""Spanish abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "sr.",
        "sra.",
        "srta.",
        "dr.",
        "dra.",
        "d.",
        "dña.",
        "lic.",
        "ing.",
        "etc.",
        "pág.",
        "núm.",
        "ud.",
        "uds.",
        "gral.",
        "cap.",
    ]
)
