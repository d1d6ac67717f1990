"""Ukrainian abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    ["р.", "рр.", "ім.", "вул.", "проф.", "акад.", "тис.", "млн.", "млрд.", "грн.", "т.зв.", "ген.", "п."]
)
