"""Web addresses to outlets beyond the exact domain: misspellings and look-alike characters.

``sputiknews.com`` is a typo of a known outlet's domain and is matched to it
(``match: fuzzy``); ``rеuters.com`` with a Cyrillic ``е`` imitates one and is never
matched to it (``match: homoglyph``, ``imitates`` names the outlet), because a
look-alike address is what an impostor site uses.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from slant.sources.outlets import Outlet, OutletTable

#: Letters of other scripts that render like ASCII letters (Unicode's confusables for the
#: Cyrillic, Greek and Armenian letters seen in phishing domains), and the fullwidth forms NFKC folds.
CONFUSABLES = str.maketrans(
    {
        **dict.fromkeys("аɑα", "a"), **dict.fromkeys("вʙβ", "b"), **dict.fromkeys("сϲ", "c"),
        **dict.fromkeys("ԁ", "d"), **dict.fromkeys("еёєҽε", "e"), **dict.fromkeys("һ", "h"),
        **dict.fromkeys("іїιɩ", "i"), **dict.fromkeys("ј", "j"), **dict.fromkeys("кκ", "k"),
        **dict.fromkeys("ӏ", "l"), **dict.fromkeys("м", "m"), **dict.fromkeys("ոп", "n"),
        **dict.fromkeys("оοօ", "o"), **dict.fromkeys("рρ", "p"), **dict.fromkeys("ԛ", "q"),
        **dict.fromkeys("г", "r"), **dict.fromkeys("ѕ", "s"), **dict.fromkeys("т", "t"),
        **dict.fromkeys("υս", "u"), **dict.fromkeys("ѵν", "v"), **dict.fromkeys("ԝω", "w"),
        **dict.fromkeys("хχ", "x"), **dict.fromkeys("уү", "y"), **dict.fromkeys("ᴢ", "z"),
    }
)  # fmt: skip

MIN_FUZZY_CHARS = 8
"""Domains shorter than this (``rt.com``, ``bbc.com``) are matched exactly only: one edit
turns them into a different real site too easily."""


@dataclass(frozen=True, slots=True)
class DomainMatch:
    """How a host name relates to the outlet table."""

    outlet: Outlet | None
    how: str  # exact | fuzzy | homoglyph | none
    imitates: Outlet | None = None


def skeleton(host: str) -> str:
    """The host as it looks: NFKC-folded, look-alike letters replaced by the ASCII ones."""
    return unicodedata.normalize("NFKC", host).lower().translate(CONFUSABLES)


def distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance of ``a`` and ``b``, or ``limit + 1`` once it is certain to exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


class DomainMatcher:
    """Exact, fuzzy (edit distance 1, or 2 for domains of 12+ characters) and look-alike matching."""

    def __init__(self, table: OutletTable) -> None:
        self.table = table
        self.domains = [(d, o) for o in table.by_id.values() for d in o.domains]

    def match(self, host: str) -> DomainMatch:
        host = host.lower().rstrip(".").removeprefix("www.")
        if host.startswith("xn--") or ".xn--" in host:
            try:
                host = host.encode("ascii").decode("idna")
            except UnicodeError:
                return DomainMatch(None, "none")
        if not host.isascii():
            look = skeleton(host)
            imitated = self.table.lookup_domain(look) or (self._near(look) if look.isascii() else None)
            return DomainMatch(None, "homoglyph", imitated) if imitated else DomainMatch(None, "none")
        exact = self.table.lookup_domain(host)
        if exact is not None:
            return DomainMatch(exact, "exact")
        near = self._near(host)
        return DomainMatch(near, "fuzzy") if near else DomainMatch(None, "none")

    def _near(self, host: str) -> Outlet | None:
        """The one outlet whose domain is within the edit limit with the same top-level domain."""
        tld = host.rsplit(".", 1)[-1]
        best: dict[str, tuple[int, Outlet]] = {}
        for domain, outlet in self.domains:
            if len(domain) < MIN_FUZZY_CHARS or domain.rsplit(".", 1)[-1] != tld:
                continue
            limit = 2 if len(domain) >= 12 else 1
            # A subdomain of a misspelt domain ("news.sputiknews.com") is compared by its tail.
            tail = ".".join(host.split(".")[-domain.count(".") - 1 :])
            gap = distance(tail, domain, limit)
            if 0 < gap <= limit and gap < best.get(outlet.id, (limit + 1, outlet))[0]:
                best[outlet.id] = (gap, outlet)
        if not best:
            return None
        ranked = sorted(best.values(), key=lambda item: item[0])
        if len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
            return None  # two outlets equally near: do not guess
        return ranked[0][1]
