"""Swedish abbreviations after which a full stop does not end a sentence (lowercase, with the final
stop), for :mod:`slant.lang.abbreviations`."""

ABBREVIATIONS: frozenset[str] = frozenset(
    [
        "bl.a.",
        "t.ex.",
        "d.v.s.",
        "dvs.",
        "ca.",
        "resp.",
        "s.k.",
        "f.d.",
        "kl.",
        "nr.",
        "jfr.",
        "m.fl.",
        "o.s.v.",
        "osv.",
        "p.g.a.",
        "pga.",
    ]
)
